import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, pluginManifestSchema, type PluginManifest } from '@asimkit/sdk';
import { glob } from 'glob';

/** Where plugins are looked for, besides the directories in ASIMKIT_PLUGIN_DIRS. */
export interface DiscoveryOptions {
  /** Directories to search: each may hold `plugins/*` and `node_modules/*`. Default: the workspace root and cwd. */
  readonly roots?: readonly string[];
}

/** The monorepo root this copy of core lives in (the nearest pnpm-workspace.yaml above it), if any. */
export function workspaceRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const PATTERNS = ['plugins/*/package.json', 'node_modules/*/package.json', 'node_modules/@*/*/package.json'];

/**
 * Finds every package.json carrying an `"asimkit"` manifest under the roots, validates it, and
 * returns the manifests sorted by id. A broken manifest is a configuration error naming the file.
 */
export async function discoverPlugins(options: DiscoveryOptions = {}): Promise<PluginManifest[]> {
  const extra = (process.env.ASIMKIT_PLUGIN_DIRS ?? '').split(':').filter(Boolean);
  // run from the workspace root, cwd is that root: search each directory once
  const roots = new Set([...(options.roots ?? [workspaceRoot(), process.cwd()].filter((r): r is string => !!r)), ...extra].map((r) => resolve(r)));
  const files = new Set<string>();
  for (const root of roots) {
    if (existsSync(join(root, 'package.json'))) files.add(realpathSync(join(root, 'package.json')));
    for (const f of await glob(PATTERNS, { cwd: root, absolute: true })) files.add(realpathSync(f));
  }
  const byId = new Map<string, PluginManifest>();
  for (const file of [...files].sort()) {
    const manifest = readManifest(file);
    if (!manifest) continue;
    const seen = byId.get(manifest.id);
    if (seen && seen.dir !== manifest.dir) {
      throw new ConfigError('duplicate-plugin', `plugin id "${manifest.id}" is declared by both ${seen.dir} and ${manifest.dir}`);
    }
    byId.set(manifest.id, manifest);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function readManifest(file: string): PluginManifest | undefined {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; asimkit?: unknown };
  if (pkg.asimkit === undefined) return undefined;
  const parsed = pluginManifestSchema.safeParse(pkg.asimkit);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError('bad-manifest', `${file}: "asimkit.${issue.path.join('.')}": ${issue.message}`);
  }
  return { ...parsed.data, packageName: pkg.name ?? '(unnamed)', version: pkg.version ?? '0.0.0', dir: dirname(resolve(file)) };
}
