import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/discovery.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'asim-discovery-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const plugin = (id: string, name = `p-${id}`) => ({ name, version: '1.0.0', asimkit: { id, connectorId: 'C', dataTypes: ['T'], vendor: 'V', product: 'P' } });

describe('plugin discovery', () => {
  it('finds in-repo plugins, installed and scoped packages, through symlinks, and skips dot directories', async () => {
    const root = tree({
      'plugins/a/package.json': plugin('a'),
      'node_modules/b/package.json': plugin('b'),
      'node_modules/@scope/c/package.json': plugin('c'),
      'node_modules/.pnpm/d/package.json': plugin('d'),
      'node_modules/plain/package.json': { name: 'plain', version: '1.0.0' },
      'elsewhere/e/package.json': plugin('e'),
    });
    symlinkSync(join(root, 'elsewhere/e'), join(root, 'node_modules/e'));
    const { manifests, problems } = await discoverPlugins({ roots: [root] });
    expect(manifests.map((m) => m.id)).toEqual(['a', 'b', 'c', 'e']);
    expect(problems).toEqual([]);
  });

  it('reports a broken manifest and a shadowed id, and keeps the other plugins', async () => {
    const first = tree({ 'plugins/a/package.json': plugin('a', 'first-a'), 'plugins/bad/package.json': '{"name": "bad", "asimkit": {' });
    const second = tree({ 'plugins/a/package.json': plugin('a', 'second-a'), 'plugins/b/package.json': plugin('b') });
    const { manifests, problems } = await discoverPlugins({ pluginDirs: [first], roots: [second] });
    expect(manifests.map((m) => `${m.id}:${m.packageName}`)).toEqual(['a:first-a', 'b:p-b']);
    expect(problems.map((p) => p.code).sort()).toEqual(['bad-manifest', 'shadowed-plugin']);
  });
});
