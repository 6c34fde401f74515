import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir, VPC_FIXTURES } from './helpers.js';

// The plugin author's kit as a vendor engineer uses it: scaffold a plugin anywhere, test it
// without the monorepo's vitest config, have asim discover it; and a broken plugin next to it.

const KINDS = ['line', 'cef', 'syslog', 'json', 'table'] as const;

describe('asim plugin new / plugin test', () => {
  it('scaffolds a syslog plugin in any empty directory that builds, passes plugin test, and is listed with its path', async () => {
    const dir = tempDir();
    const made = await asim(['plugin', 'new', 'acme-fw', '--kind', 'syslog', '--dir', dir]);
    expect(made.code, made.stderr).toBe(0);
    for (const f of ['package.json', 'tsconfig.json', 'README.md', 'src/row.ts', 'src/decoder.ts', 'src/mapping.ts', 'src/parser.ts', 'src/index.ts', 'bench/generator.mjs', 'test/fixtures/starter.log']) {
      expect(made.stdout).toContain(f);
    }
    expect(existsSync(join(dir, 'acme-fw/test/fixtures/starter.expected.jsonl'))).toBe(true);
    const readme = readFileSync(join(dir, 'acme-fw/README.md'), 'utf8');
    expect(readme).toContain('## Mapping');
    expect(readme).toContain('## Deviations');

    const tested = await asim(['plugin', 'test', join(dir, 'acme-fw')]);
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    for (const check of ['manifest', 'forms', 'golden (2 fixtures)', 'ASIM 0.2.4 validity', 'detection', 'fuzz (']) expect(tested.stdout).toContain(`ok    ${check}`);

    const listed = await asim(['plugins'], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^acme-fw .* ${join(dir, 'acme-fw').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));

    // the starter mapping does what its README says, through asim itself
    const r = await asim(['normalize', join(dir, 'acme-fw/test/fixtures/starter.log')], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(r.code, r.stderr).toBe(0);
    const records = jsonl(r.stdout);
    expect(records.map((x) => [x.DvcAction, x.NetworkProtocol, x.EventResult])).toEqual([
      ['Allow', 'TCP', 'Success'],
      ['Deny', 'UDP', 'Failure'],
      ['Drop', undefined, 'Failure'],
    ]);
    expect(records[2]!.AdditionalFields).toEqual({ OriginalProtocol: 'gre' });
    expect(r.stderr).toContain('rejected 1 (bad-value 1)');
  });

  // one test per kind: each builds a package and runs its plugin test (~10 s each, more on a loaded machine)
  it.each(KINDS)('scaffolds a %s plugin into a package that passes its own plugin test', async (kind) => {
    const dir = tempDir();
    {
      const made = await asim(['plugin', 'new', `acme-${kind}`, '--kind', kind, '--dir', dir]);
      expect(made.code, `${kind}: ${made.stderr}`).toBe(0);
      const tested = await asim(['plugin', 'test', join(dir, `acme-${kind}`), '--fuzz-runs', '100']);
      expect(tested.code, `${kind}:\n${tested.stdout}`).toBe(0);
      const expected = readFileSync(join(dir, `acme-${kind}`, 'test/fixtures', kind === 'table' ? 'starter-table.expected.jsonl' : 'starter.expected.jsonl'), 'utf8');
      expect(expected, kind).toContain('"_rejected"');
      expect(expected, kind).toContain('"DvcAction":"Allow"');
    }
  });

  it('refuses a directory that is not empty, an id that is not kebab-case and an unknown kind', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken/x'), '');
    for (const args of [['taken'], ['Not_Kebab'], ['ok-id', '--kind', 'xml']]) {
      const r = await asim(['plugin', 'new', ...args, '--dir', dir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('fails with the golden diff, and names the plugin whose input a too greedy sniff takes', async () => {
    const dir = tempDir();
    expect((await asim(['plugin', 'new', 'acme-fw', '--kind', 'line', '--dir', dir])).code).toBe(0);
    const plugin = join(dir, 'acme-fw');
    const expectedFile = join(plugin, 'test/fixtures/starter.expected.jsonl');
    writeFileSync(expectedFile, readFileSync(expectedFile, 'utf8').replace('"DvcAction":"Allow"', '"DvcAction":"Deny"'));
    // a claim of every line: per-line routing then takes other plugins' raw lines
    const parser = join(plugin, 'src/parser.ts');
    writeFileSync(parser, readFileSync(parser, 'utf8').replace('return LINE.test(line);', 'return line.length > 0;'));
    const r = await asim(['plugin', 'test', plugin]);
    expect(r.code).toBe(6);
    expect(r.stdout).toContain('FAIL  golden');
    expect(r.stdout).toContain('DvcAction: expected "Deny", got "Allow"');
    expect(r.stdout).toContain('FAIL  detection');
    expect(r.stdout).toMatch(/aws-vpc-flow's v2-default-no-header\.log: with acme-fw enabled too, aws-vpc-flow maps \d+ of the \d+ records it maps alone/);

    const updated = await asim(['plugin', 'test', plugin, '--update']);
    expect(updated.stdout).toContain('ok    golden (2 expected files written)');
    expect(readFileSync(expectedFile, 'utf8')).toContain('"DvcAction":"Allow"');
  });

  it('passes for an in-repo plugin: aws-vpc-flow, both fast paths included', async () => {
    const r = await asim(['plugin', 'test', join(ROOT, 'plugins/aws-vpc-flow'), '--fuzz-runs', '100']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('ok    fast-path agreement');
    expect(r.stdout).toMatch(/ok {4}JSON-lines fast-path agreement \([1-9]\d* fixture lines taken/);
  });

  it.each(readdirSync(join(ROOT, 'plugins')).filter((d) => d !== 'aws-vpc-flow'))('passes for every in-repo plugin: %s', async (id) => {
    const r = await asim(['plugin', 'test', join(ROOT, 'plugins', id), '--fuzz-runs', '100']);
    expect(r.code, r.stdout).toBe(0);
  });
});

/** A plugin package in `dir/<name>` whose entry is `entry` (JS source). */
function writePlugin(dir: string, name: string, manifest: Record<string, unknown>, entry?: string): string {
  const pkg = join(dir, name);
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', asimkit: { connectorId: 'X', dataTypes: ['T'], vendor: 'V', product: 'P', ...manifest } }));
  if (entry !== undefined) writeFileSync(join(pkg, 'dist/index.js'), entry);
  return pkg;
}

describe('plugins that cannot be loaded', () => {
  it('a plugin whose entry throws on import leaves asim plugins and every other plugin working', async () => {
    const dir = tempDir();
    const boom = writePlugin(dir, 'boom', { id: 'boom', sdk: '^0.1.0' }, "import '@asimkit/sdk';\nthrow new Error('kaboom');\n");

    const listed = await asim(['plugins'], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^aws-vpc-flow .*plugins\/aws-vpc-flow$/m);
    expect(listed.stdout).toContain(`boom  NOT LOADED (plugin-import-failed)  ${boom}`);
    expect(listed.stdout).toContain('kaboom');
    const json = JSON.parse((await asim(['plugins', '--json'], { env: { ASIMKIT_PLUGIN_DIRS: dir } })).stdout) as { id: string; loaded: boolean; path: string }[];
    expect(json.find((p) => p.id === 'boom')).toMatchObject({ loaded: false, path: boom });
    expect(json.find((p) => p.id === 'aws-vpc-flow')).toMatchObject({ loaded: true });

    // sniffed: the other plugins read the file, and the broken one is a warning
    const sniffed = await asim(['normalize', join(VPC_FIXTURES, 'v2-default-with-header.log')], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(sniffed.code).toBe(0);
    expect(jsonl(sniffed.stdout).length).toBeGreaterThan(0);
    expect(sniffed.stderr).toContain('plugin boom (boom, ' + boom + ') cannot be loaded');

    // asked for by name: a configuration error naming the package, the path and the cause, no stack trace
    const asked = await asim(['normalize', '--source', 'boom', join(VPC_FIXTURES, 'v2-default-with-header.log')], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain(`plugin boom (boom, ${boom}) cannot be loaded: importing ${join(boom, 'dist/index.js')} failed: kaboom`);
    expect(asked.stderr).not.toContain('    at ');
  });

  it('a plugin that needs another SDK, a broken manifest, a module binding no parser: listed with why; asked for, exit 2', async () => {
    const dir = tempDir();
    writePlugin(dir, 'future', { id: 'future', sdk: '^9.0.0' }, 'export default 1;');
    writePlugin(dir, 'empty', { id: 'empty', sdk: '^0.1.0' }, "import { ContainerModule } from '@asimkit/sdk';\nexport default new ContainerModule(() => {});\n");
    writePlugin(dir, 'badmanifest', { id: 'Bad Id' });
    const listed = await asim(['plugins'], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('future  NOT LOADED (plugin-sdk-mismatch)');
    expect(listed.stdout).toContain('needs SDK ^9.0.0, and this asim has SDK 0.1.0');
    expect(listed.stdout).toContain('empty  NOT LOADED (bad-plugin)');
    expect(listed.stdout).toContain(`${join(dir, 'badmanifest/package.json')}: "asimkit.id"`);
    for (const id of ['future', 'empty', 'Bad Id']) {
      const r = await asim(['--enable', id, 'plugins'], { env: { ASIMKIT_PLUGIN_DIRS: dir } });
      expect(r.code, id).toBe(2);
    }
  });

  it('--plugin-dir comes first: its plugin shadows the workspace plugin of the same id, which is listed as shadowed', async () => {
    const dir = tempDir();
    const copy = join(dir, 'my-vpc');
    cpSync(join(ROOT, 'plugins/aws-vpc-flow/dist'), join(copy, 'dist'), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'plugins/aws-vpc-flow/package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ ...pkg, name: 'my-vpc', version: '9.9.9' }));
    const r = await asim(['--plugin-dir', dir, 'plugins']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^aws-vpc-flow .* v9\\.9\\.9  ${copy}$`, 'm'));
    expect(r.stdout).toContain(`aws-vpc-flow  NOT LOADED (shadowed-plugin)  ${join(ROOT, 'plugins/aws-vpc-flow')}`);
    const n = await asim(['--plugin-dir', dir, 'normalize', '--source', 'aws-vpc-flow', join(VPC_FIXTURES, 'v2-default-with-header.log')]);
    expect(n.code, n.stderr).toBe(0);
    expect(n.stderr).toContain('rejected 0');
  });
});
