import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);

// A third party's plugin, out of the tree: the SDK and the schema as packed for npm (`pnpm pack`,
// with the vendor bundle they depend on), installed with npm into a scaffolded plugin, built with
// tsc against them, and run by asim, which gives the plugin its own SDK (one copy: a rejection is
// the plugin's reason, not a parser error). npm fetches the bundles' type packages from the registry.
describe('an out-of-tree plugin built against the packed SDK', () => {
  it('installs with npm, builds with tsc, and runs through asim', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    for (const pkg of ['sdk', 'schema', 'vendor']) await run('pnpm', ['pack', '--pack-destination', dir], { cwd: join(ROOT, 'packages', pkg) });
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
    expect(tarballs).toEqual(['asimkit-schema-0.1.0.tgz', 'asimkit-sdk-0.1.0.tgz', 'asimkit-vendor-0.1.0.tgz']);
    const packed = JSON.parse((await run('tar', ['-xzOf', join(dir, 'asimkit-sdk-0.1.0.tgz'), 'package/package.json'])).stdout) as { private?: boolean; dependencies: Record<string, string> };
    expect(packed.private).toBeUndefined();
    expect(Object.values(packed.dependencies).some((v) => v.startsWith('workspace:') || v.startsWith('link:'))).toBe(false);

    expect((await asim(['plugin', 'new', 'acme-fw', '--kind', 'cef', '--dir', dir])).code).toBe(0);
    const plugin = join(dir, 'acme-fw');
    // the scaffold's typescript devDependency would be a 20 MB download: the host's compiler builds it below
    const manifest = JSON.parse(readFileSync(join(plugin, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(manifest.peerDependencies).toEqual({ '@asimkit/schema': '^0.1.0', '@asimkit/sdk': '^0.1.0' });
    delete manifest.devDependencies.typescript;
    writeFileSync(join(plugin, 'package.json'), JSON.stringify(manifest, null, 2));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', ...tarballs.map((t) => join('..', t))], { cwd: plugin });

    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', plugin]);

    const env = { ASIMKIT_PLUGIN_DIRS: dir };
    const listed = await asim(['plugins'], { env });
    expect(listed.stdout).toMatch(/^acme-fw .* v0\.1\.0 {2}.*acme-fw$/m);
    const r = await asim(['normalize', '--source', 'acme-fw', join(plugin, 'test/fixtures/starter.log')], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(jsonl(r.stdout).map((x) => x.DvcAction)).toEqual(['Allow', 'Deny', 'Drop']);
    expect(r.stderr).toContain('rejected 1 (bad-value 1)');
    const tested = await asim(['plugin', 'test', plugin, '--fuzz-runs', '100']);
    expect(tested.code, tested.stdout).toBe(0);
  });
});
