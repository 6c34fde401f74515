import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir, VPC_FIXTURES } from './helpers.js';

const v2 = join(VPC_FIXTURES, 'v2-default-with-header.log');
const OK_LINES_IN_V2 = 7;

describe('asim --version', () => {
  it('prints the versions of asim (its package), the schema and the plugin SDK, and exits 0', async () => {
    const cli = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await asim([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(new RegExp(`^asim ${cli.version.replace(/\./g, '\\.')} \\(ASIM NetworkSession 0\\.2\\.4, plugin SDK \\d+\\.\\d+\\.\\d+\\)$`));
    }
  });
});

describe('asim plugins', () => {
  it('lists aws-vpc-flow with its connector, tables, forms and options', async () => {
    const r = await asim(['plugins', '--json']);
    expect(r.code).toBe(0);
    const vpc = (JSON.parse(r.stdout) as Record<string, unknown>[]).find((p) => p.id === 'aws-vpc-flow');
    expect(vpc).toMatchObject({ connectorId: 'AWSS3', dataTypes: ['AWSVPCFlow'], vendor: 'AWS', product: 'VPC', forms: ['raw', 'table'] });
    expect((vpc!.options as { name: string }[]).map((o) => o.name)).toEqual(['format']);
  });

  it('--disable removes a plugin, and a disabled plugin cannot be used', async () => {
    const list = await asim(['--disable', 'aws-vpc-flow', 'plugins', '--json']);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((p) => p.id)).not.toContain('aws-vpc-flow');
    const run = await asim(['--disable', 'aws-vpc-flow', 'normalize', '--source', 'aws-vpc-flow', v2]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no enabled plugin "aws-vpc-flow"');
  });
});

describe('asim normalize', () => {
  it('emits one ASIM record per OK line of a v2 file with a header, and accounts for every line', async () => {
    const r = await asim(['normalize', '--source', 'aws-vpc-flow', v2]);
    expect(r.code).toBe(0);
    const recs = jsonl(r.stdout);
    expect(recs).toHaveLength(OK_LINES_IN_V2);
    expect(recs[0]).toMatchObject({ EventVendor: 'AWS', EventProduct: 'VPC', EventSchemaVersion: '0.2.4', DstPortNumber: 22, DvcAction: 'Allow' });
    expect(r.stderr).toContain('read 10 / parsed 7 / skipped 3 (');
    expect(r.stderr).toContain('rejected 0 / emitted 7');
  });

  it('gives the same records for the .gz S3 object, a glob, a directory and stdin', async () => {
    const plain = (await asim(['normalize', '--source', 'aws-vpc-flow', v2])).stdout;
    const gz = await asim(['normalize', '--source', 'aws-vpc-flow', join(VPC_FIXTURES, 'v2-s3-object.log.gz')]);
    expect(gz.stdout).toBe(plain);
    const dir = tempDir();
    copyFileSync(v2, join(dir, 'a.log'));
    expect((await asim(['normalize', '--source', 'aws-vpc-flow', dir])).stdout).toBe(plain);
    expect((await asim(['normalize', '--source', 'aws-vpc-flow', join(dir, '*.log')])).stdout).toBe(plain);
    expect((await asim(['normalize', '--source', 'aws-vpc-flow', '-'], { stdin: readFileSync(v2, 'utf8') })).stdout).toBe(plain);
  });

  it('detects the source when --source is absent', async () => {
    const r = await asim(['normalize', v2]);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toHaveLength(OK_LINES_IN_V2);
  });

  it('refuses an input no plugin recognises, listing the candidates, with exit code 2', async () => {
    const f = join(tempDir(), 'mystery.log');
    writeFileSync(f, 'hello world\nnothing to see\n');
    const r = await asim(['normalize', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell which source wrote this; pass --source ID\. Candidates: .*aws-vpc-flow \(0\.00\)/);
  });

  it('skips and reports a file no plugin recognises inside a directory, but refuses it when named', async () => {
    const dir = tempDir();
    copyFileSync(v2, join(dir, 'flows.log'));
    writeFileSync(join(dir, 'NOTES.md'), '# what these logs are\n');
    const r = await asim(['normalize', dir]);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toHaveLength(OK_LINES_IN_V2);
    expect(r.stderr).toContain(`unrecognised files 1 (${join(dir, 'NOTES.md')})`);
    expect((await asim(['normalize', join(dir, 'NOTES.md')])).code).toBe(2);
  });

  it('--lineage points every record at its file and 1-based line', async () => {
    const r = await asim(['normalize', '--source', 'aws-vpc-flow', '--lineage', v2]);
    const lines = readFileSync(v2, 'utf8').split('\n');
    for (const rec of jsonl(r.stdout)) {
      const { path, line } = rec._Lineage as { path: string; line: number };
      expect(path).toBe(v2);
      expect(lines[line - 1]).toContain(String(rec.DstPortNumber ?? ''));
      expect(lines[line - 1]).toContain(`${rec.SrcIpAddr}`);
    }
  });

  it('--rejects keeps each malformed record with its reason and position; the run still succeeds', async () => {
    const rejects = join(tempDir(), 'rejects.jsonl');
    const input = join(VPC_FIXTURES, 'malformed.log');
    const r = await asim(['normalize', '--source', 'aws-vpc-flow', '--rejects', rejects, input]);
    expect(r.code).toBe(0);
    const dead = jsonl(readFileSync(rejects, 'utf8'));
    expect(dead).toHaveLength(9);
    expect(dead[0]).toMatchObject({ path: input, line: 3, reason: 'field-count' });
    expect(dead[0]!.raw).toBe(readFileSync(input, 'utf8').split('\n')[2]);
    expect(r.stderr).toMatch(/read 12 \/ parsed 2 \/ skipped 1 \(header line 1\) \/ rejected 9 \(/);
  });

  it('reads Log Analytics portal CSV exports and JSON exports of AWSVPCFlow (table form)', async () => {
    const csv = await asim(['normalize', join(VPC_FIXTURES, 'table-portal-export.csv')]);
    expect(csv.code).toBe(0);
    const recs = jsonl(csv.stdout);
    expect(recs[0]).toMatchObject({ TimeGenerated: '2025-03-10T08:00:00.000Z', EventEndTime: '2025-03-10T08:00:57.000Z', DstAppName: 'S3' });
    expect(recs[1]).toMatchObject({ TimeGenerated: '2025-03-10T12:05:00.000Z', DvcAction: 'Deny' });
    expect(csv.stderr).toContain('read 4 / parsed 2 / skipped 1');
    const json = await asim(['normalize', join(VPC_FIXTURES, 'table-json-export.json')]);
    expect(jsonl(json.stdout).map((r) => r.NetworkProtocolVersion)).toEqual(['IPv4', 'IPv6']);
  });

  it('--format csv writes a header of ASIM fields and one row per record', async () => {
    const out = join(tempDir(), 'out.csv');
    const r = await asim(['normalize', '--source', 'aws-vpc-flow', '--format', 'csv', '--out', out, v2]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(OK_LINES_IN_V2 + 1);
    const header = rows[0]!.split(',');
    expect(header).toContain('DstPortNumber');
    expect(rows[1]!.split(',')[header.indexOf('DstPortNumber')]).toBe('22');
  });

  it('a v7 header with ECS fields and IPv6 addresses normalizes, and validates', async () => {
    const out = join(tempDir(), 'v7.jsonl');
    const r = await asim(['normalize', '--source', 'aws-vpc-flow', '--out', out, join(VPC_FIXTURES, 'v7-ecs-ipv6.log')]);
    expect(r.code).toBe(0);
    const recs = jsonl(readFileSync(out, 'utf8'));
    expect(recs[0]).toMatchObject({ SrcIpAddr: '2600:1f14:abc:de00::10', NetworkProtocolVersion: 'IPv6', DstPortNumber: 6379 });
    expect((recs[0]!.AdditionalFields as Record<string, unknown>)['ecs-cluster-name']).toBe('payments');
    const v = await asim(['validate', out]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('2 records: 2 valid, 0 invalid');
  });

  it('usage and configuration errors exit 2 with a message', async () => {
    for (const args of [
      ['normalize', '--source', 'nope', v2],
      ['normalize', '--source', 'aws-vpc-flow', '--opt', 'colour=blue', v2],
      ['normalize', '--source', 'aws-vpc-flow', '--opt', 'format=srcaddr bogus', v2],
      ['normalize', '--source', 'aws-vpc-flow', '/no/such/file.log'],
      ['normalize', '--format', 'xml', v2],
      ['normalize'],
    ]) {
      const r = await asim(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
});

describe('asim validate', () => {
  it('accepts normalize output and rejects a record with an invalid EventType, naming the field', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.jsonl');
    await asim(['normalize', '--source', 'aws-vpc-flow', '--out', good, v2]);
    expect((await asim(['validate', good])).code).toBe(0);

    const recs = jsonl(readFileSync(good, 'utf8'));
    recs[2]!.EventType = 'Session';
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await asim(['validate', bad]);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('7 records: 6 valid, 1 invalid');
    expect(r.stdout).toMatch(/error\s+EventType\s+allowed\s+1\s+e\.g\. .*bad\.jsonl:3/);
  });

  it('--validate on normalize rejects nothing for a correct plugin', async () => {
    const r = await asim(['normalize', '--validate', '--source', 'aws-vpc-flow', v2]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('rejected 0');
  });
});

describe('plugin discovery', () => {
  it('finds a plugin package in ASIMKIT_PLUGIN_DIRS and reports a broken manifest with its file, the other plugins still working', async () => {
    const dir = tempDir();
    const pkg = join(dir, 'plugins', 'broken');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'broken', version: '1.0.0', asimkit: { id: 'Not Kebab', connectorId: 'X', dataTypes: ['T'], vendor: 'V', product: 'P' } }));
    const r = await asim(['plugins'], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${join(pkg, 'package.json')}: "asimkit.id"`);
    expect(r.stdout).toContain('aws-vpc-flow');
    const n = await asim(['normalize', '--source', 'aws-vpc-flow', v2], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(n.code).toBe(0);
    const w = await asim(['normalize', v2], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(w.code).toBe(0);
    expect(w.stderr).toContain(join(pkg, 'package.json'));
  });
});
