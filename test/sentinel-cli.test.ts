import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';
import { execFileSync } from 'node:child_process';
import { IDENTITY_HEADER, MAX_BODY, startIngestionServer, type IngestionServer } from './ingestion-server.js';

const DCR = 'dcr-00000000000000000000000000000001';
const RECORDS_STREAM = 'Custom-ASimNetworkSessionLogs';
const SUMMARY_STREAM = 'Custom-NetworkCustomAnalytics_protocol_CL';
const EXAMPLES = join(ROOT, 'examples');
const VPC = join(ROOT, 'examples/aws-vpc-flow');

let server: IngestionServer;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  server = await startIngestionServer(dir, { dcr: DCR, streams: [RECORDS_STREAM, SUMMARY_STREAM] });
});
afterEach(async () => {
  await server.close();
});

function sentinelFlags(...more: string[]): string[] {
  return ['--sink', 'sentinel', '--sentinel-endpoint', server.url, '--sentinel-dcr', DCR, ...more];
}

/** Rows as multisets of their JSON, for "every row exactly once" comparisons. */
function sorted(rows: Record<string, unknown>[]): string[] {
  return rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
}

describe('asim summarize --sink sentinel', () => {
  it('uploads every summary row once, retrying a throttled batch after its Retry-After, and reports the counts', async () => {
    const expected = jsonl((await asim(['summarize', EXAMPLES])).stdout).map(({ Type: _t, ...row }) => row);
    expect(expected.length).toBeGreaterThan(100);
    server.fault = (index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined);

    const r = await asim(['summarize', ...sentinelFlags(), EXAMPLES], { env: server.env() });

    expect(r.stderr).toContain(`asim: sentinel: uploaded ${expected.length} / failed 0 summary row(s) to ${SUMMARY_STREAM} (1 request(s))`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(sorted(server.stored)).toEqual(sorted(expected));
    const [throttled, retried, ...rest] = server.requests;
    expect(rest).toEqual([]);
    expect(throttled!.status).toBe(429);
    expect(retried!.status).toBe(204);
    expect(sorted(retried!.rows)).toEqual(sorted(throttled!.rows));
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(950);
    expect(server.requests.every((q) => q.gzip && q.stream === SUMMARY_STREAM)).toBe(true);
  });

  it('retries a 503 for as long as its Retry-After says, and a 500 without one with backoff', async () => {
    server.fault = (index) => (index === 0 ? { status: 503, headers: { 'Retry-After': '1' } } : index === 1 ? { status: 500 } : undefined);
    const r = await asim(['summarize', ...sentinelFlags('--sentinel-retry-delay', '50'), VPC], { env: server.env() });
    expect(r.code).toBe(0);
    expect(server.requests.map((q) => q.status)).toEqual([503, 500, 204]);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(r.stderr).toMatch(/uploaded \d+ \/ failed 0 summary row\(s\)/);
  });
});

describe('asim normalize --sink sentinel', () => {
  it('uploads every ASIM record once in gzipped batches of at most 1 MB, several in flight', async () => {
    const expected = jsonl((await asim(['normalize', VPC])).stdout).map(({ Type: _t, ...rest }) => rest); // Type is set by the service
    server.delayMs = 300;
    const r = await asim(['normalize', ...sentinelFlags('--sentinel-concurrency', '3', '--lineage'), VPC], { env: server.env() });

    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`/ parsed ${expected.length} /`);
    const ok = server.requests.filter((q) => q.status === 204);
    expect(r.stderr).toContain(`asim: sentinel: uploaded ${expected.length} / failed 0 record(s) to ${RECORDS_STREAM} (${ok.length} request(s))`);
    expect(ok.length).toBe(server.requests.length);
    expect(ok.length).toBeGreaterThan(3);
    expect(server.maxInFlight).toBe(3);
    for (const q of server.requests) {
      expect(q.gzip).toBe(true);
      expect(q.bytes).toBeLessThanOrEqual(MAX_BODY);
      expect(q.compressedBytes).toBeLessThan(q.bytes / 3);
    }
    // _Lineage is no valid column name: it is not sent
    expect(server.stored.some((row) => '_Lineage' in row)).toBe(false);
    expect(sorted(server.stored)).toEqual(sorted(expected));
  });

  it('keeps the records of a batch that still fails in --rejects with their source position, and exits 3', async () => {
    const expected = jsonl((await asim(['normalize', '--lineage', VPC])).stdout);
    const marked = expected[1234]!;
    const holds = (rows: Record<string, unknown>[]) => rows.some((row) => row.EventStartTime === marked.EventStartTime && row.SrcIpAddr === marked.SrcIpAddr && row.DstPortNumber === marked.DstPortNumber && row.SrcPortNumber === marked.SrcPortNumber);
    server.fault = (_index, rows) => (holds(rows) ? { status: 500 } : undefined);
    const rejects = join(dir, 'rejects.jsonl');

    const r = await asim(['normalize', ...sentinelFlags('--sentinel-retries', '2', '--sentinel-retry-delay', '20', '--lineage', '--rejects', rejects), VPC], { env: server.env() });

    expect(r.code).toBe(3);
    const failedBatch = server.requests.filter((q) => q.status === 500);
    expect(failedBatch.length).toBe(3); // the first try and two retries
    const lost = jsonl(readFileSync(rejects, 'utf8'));
    expect(lost.length).toBe(failedBatch[0]!.rows.length);
    expect(r.stderr).toContain(`asim: sentinel: uploaded ${expected.length - lost.length} / failed ${lost.length} record(s)`);
    expect(r.stderr).toContain(`${lost.length} record(s) could not be uploaded after the retries; kept in ${rejects}`);
    for (const rej of lost) {
      expect(rej.reason).toBe('upload-failed');
      expect(String(rej.path)).toMatch(/aws-vpc-flow.*\.log\.gz$/);
      expect(rej.line).toBeGreaterThan(1);
    }
    const rejectedRecords = lost.map((rej) => JSON.parse(String(rej.raw)) as Record<string, unknown>);
    const withoutLineage = expected.map(({ _Lineage: _l, Type: _t, ...rest }) => rest);
    expect(sorted([...server.stored, ...rejectedRecords])).toEqual(sorted(withoutLineage));
    // the rejects file says where each record came from
    const first = lost[0]!;
    const source = expected.find((e) => JSON.stringify((e._Lineage as { line: number }).line) === JSON.stringify(first.line))!;
    expect(JSON.parse(String(first.raw))).toEqual(Object.fromEntries(Object.entries(source).filter(([k]) => k !== '_Lineage' && k !== 'Type')));
  });

  it('without --rejects, failed records are reported as lost and the exit code is 3', async () => {
    server.fault = (index) => (index === 0 ? { status: 400 } : undefined);
    const r = await asim(['normalize', ...sentinelFlags(), VPC], { env: server.env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/asim: sentinel: \d+ record\(s\) could not be uploaded after the retries; lost: give --rejects FILE to keep them/);
    expect(server.requests.filter((q) => q.status === 400).length).toBe(1); // a 400 is not retried
  });

  it('a wrong client secret fails before any input is read, with exit 3 and no stack trace', async () => {
    const r = await asim(['normalize', ...sentinelFlags(), VPC], { env: { ...server.env(), AZURE_CLIENT_SECRET: 'wrong' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('asim: cannot get a token for the Logs Ingestion API (client-secret)');
    expect(r.stderr).toContain('AADSTS7000215');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('asim: read');
    expect(server.requests).toEqual([]);
  });

  it('a stream the DCR does not declare stops the run with exit 3, names the flags to check, and keeps what was read in --rejects', async () => {
    const rejects = join(dir, 'rejects.jsonl');
    const r = await asim(['normalize', ...sentinelFlags('--sentinel-stream', 'Custom-Nope', '--rejects', rejects), VPC], { env: server.env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('upload to Custom-Nope of DCR');
    expect(r.stderr).toContain('HTTP 404');
    expect(r.stderr).toContain('--sentinel-stream');
    expect(server.requests.every((q) => q.status === 404)).toBe(true);
    const kept = jsonl(readFileSync(rejects, 'utf8'));
    expect(kept.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(`asim: sentinel: uploaded 0 / failed ${kept.length} record(s) to Custom-Nope`);
    expect(new Set(kept.map((k) => k.raw)).size).toBe(kept.length); // each record once
  });

  it('authenticates with a managed identity (App Service endpoint)', async () => {
    const { AZURE_CLIENT_SECRET: _s, AZURE_CLIENT_ID: _c, ...env } = server.env();
    const r = await asim(['summarize', ...sentinelFlags('--sentinel-credential', 'managed-identity'), VPC], {
      env: { ...env, AZURE_CLIENT_SECRET: '', AZURE_CLIENT_ID: '', IDENTITY_ENDPOINT: `${server.url}/msi/token`, IDENTITY_HEADER },
    });
    expect(r.stderr).toMatch(/uploaded \d+ \/ failed 0 summary row\(s\)/);
    expect(r.code).toBe(0);
    expect(server.stored.length).toBeGreaterThan(0);
  });

  it('rejects --sink sentinel without its endpoint, or beside --out, as usage errors', async () => {
    expect((await asim(['normalize', '--sink', 'sentinel', VPC])).stderr).toContain('--sink sentinel needs --sentinel-endpoint URL and --sentinel-dcr ID');
    const both = await asim(['normalize', ...sentinelFlags('--out', join(dir, 'x.jsonl')), VPC]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--out and --sink sentinel exclude each other');
    expect((await asim(['summarize', '--sink', 'kafka', VPC])).code).toBe(2);
  });
});

describe('scripts/sentinel-dcr.mjs', () => {
  it('declares every column the uploads carry, so the DCR drops none', async () => {
    const dcr = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'scripts/sentinel-dcr.mjs'), '/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws'], { encoding: 'utf8' })) as {
      kind: string;
      properties: { streamDeclarations: Record<string, { columns: { name: string }[] }>; dataFlows: { streams: string[]; outputStream: string }[] };
    };
    expect(dcr.kind).toBe('Direct');
    const declared = (stream: string) => new Set(dcr.properties.streamDeclarations[stream]!.columns.map((c) => c.name));
    const records = jsonl((await asim(['normalize', EXAMPLES])).stdout).map(({ Type: _t, ...rest }) => rest); // not sent: the service sets Type
    const rows = jsonl((await asim(['summarize', EXAMPLES])).stdout).map(({ Type: _t, ...row }) => row);
    const undeclared = (stream: string, items: Record<string, unknown>[]) => [...new Set(items.flatMap((i) => Object.keys(i)))].filter((k) => !declared(stream).has(k));
    expect(undeclared(RECORDS_STREAM, records)).toEqual([]);
    expect(undeclared(SUMMARY_STREAM, rows)).toEqual([]);
    expect(dcr.properties.dataFlows.map((f) => [f.streams[0], f.outputStream])).toEqual([
      [RECORDS_STREAM, 'Microsoft-ASimNetworkSessionLogs'],
      [SUMMARY_STREAM, SUMMARY_STREAM],
    ]);
  });
});
