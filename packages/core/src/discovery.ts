import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginManifestSchema, type PluginManifest, type PluginProblem } from '@asimkit/sdk';
import { validRange } from '@asimkit/vendor/semver';

/** The environment variable naming extra plugin directories, separated like PATH (`:`; `;` on Windows). */
export const PLUGIN_DIRS_ENV = 'ASIMKIT_PLUGIN_DIRS';

/** Where plugins are looked for. */
export interface DiscoveryOptions {
  /** Plugin directories named on the command line (`--plugin-dir`): searched first. */
  readonly pluginDirs?: readonly string[];
  /** Overrides the default roots (cwd, then the workspace root); the plugin directories still come first. */
  readonly roots?: readonly string[];
}

/** What discovery found: the usable manifests (sorted by id) and what it could not use. */
export interface Discovery {
  readonly manifests: PluginManifest[];
  readonly problems: PluginProblem[];
}

/** The monorepo root this copy of core lives in (the nearest pnpm-workspace.yaml above it), if any. */
export function workspaceRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A plugin directory holds plugins (`<dir>/<plugin>`, `<dir>/plugins/<plugin>`), installed packages, or is a plugin itself. */
const PLUGIN_DIR_PATTERNS = ['*/package.json', 'plugins/*/package.json', 'node_modules/*/package.json', 'node_modules/@*/*/package.json'];
/** A project root (cwd, the workspace) holds in-repo plugins and installed packages, or is a plugin itself. */
const ROOT_PATTERNS = ['plugins/*/package.json', 'node_modules/*/package.json', 'node_modules/@*/*/package.json'];

/**
 * The files under `dir` that a pattern's segments match, as a glob would: `*` is any name not
 * starting with a dot, `@*` any name starting with `@`; directories may be symlinks.
 */
function matchingFiles(dir: string, segments: readonly string[]): string[] {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [];
  if (rest.length === 0) return isFile(join(dir, segment)) ? [join(dir, segment)] : [];
  if (segment !== '*' && segment !== '@*') return matchingFiles(join(dir, segment), rest);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no such directory, or one that cannot be listed: nothing to find there
  }
  const matches = (name: string) => (segment === '@*' ? name.startsWith('@') : !name.startsWith('.'));
  return names.filter(matches).flatMap((name) => matchingFiles(join(dir, name), rest));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds every package.json carrying an `"asimkit"` manifest, in this order of precedence:
 * `--plugin-dir` directories, then ASIMKIT_PLUGIN_DIRS, then the current directory, then the
 * workspace root. Within one directory, paths sort alphabetically. When two packages declare one
 * id, the first found wins and the other is reported as shadowed. A broken manifest is a problem
 * naming the file and key; the other plugins stay usable.
 */
export async function discoverPlugins(options: DiscoveryOptions = {}): Promise<Discovery> {
  const fromEnv = (process.env[PLUGIN_DIRS_ENV] ?? '').split(delimiter).filter(Boolean);
  const pluginDirs = [...(options.pluginDirs ?? []), ...fromEnv].map((d) => resolve(d));
  const roots = [...new Set((options.roots ?? [process.cwd(), workspaceRoot()].filter((r): r is string => !!r)).map((r) => resolve(r)))];
  const searches = [...pluginDirs.map((dir) => ({ dir, patterns: PLUGIN_DIR_PATTERNS })), ...roots.map((dir) => ({ dir, patterns: ROOT_PATTERNS }))];

  const files: string[] = [];
  const seenFiles = new Set<string>();
  for (const { dir, patterns } of searches) {
    const found = existsSync(join(dir, 'package.json')) ? [join(dir, 'package.json')] : [];
    found.push(...patterns.flatMap((pattern) => matchingFiles(dir, pattern.split('/'))).sort());
    for (const f of found.map((f) => realpathSync(f))) {
      if (seenFiles.has(f)) continue;
      seenFiles.add(f);
      files.push(f);
    }
  }

  const byId = new Map<string, PluginManifest>();
  const problems: PluginProblem[] = [];
  for (const file of files) {
    const read = readManifest(file);
    if (read === undefined) continue;
    if ('code' in read) {
      problems.push(read);
      continue;
    }
    const first = byId.get(read.id);
    if (first) {
      problems.push({ ...problemOf(read), code: 'shadowed-plugin', message: `plugin id "${read.id}" is also declared by ${first.dir}, which comes first; ${read.dir} is not loaded` });
      continue;
    }
    byId.set(read.id, read);
  }
  // ids are kebab-case ASCII, where code-unit order is the locale's; localeCompare's first call loads ICU's collator (~7 ms)
  return { manifests: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), problems };
}

function problemOf(m: PluginManifest): Pick<PluginProblem, 'id' | 'packageName' | 'dir'> {
  return { id: m.id, packageName: m.packageName, dir: m.dir };
}

/** Reads one package.json: its manifest, a problem naming the file and key, or undefined when it has no `"asimkit"` block. */
export function readManifest(file: string): PluginManifest | PluginProblem | undefined {
  const dir = dirname(file);
  let pkg: { name?: string; version?: string; asimkit?: unknown };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { packageName: '(unreadable)', dir, code: 'bad-manifest', message: `${file}: cannot be read (${(err as Error).message})` };
  }
  // most package.json files found are other packages': not parsed unless they name asimkit at all
  if (!text.includes('"asimkit"')) return undefined;
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (err) {
    return { packageName: '(unreadable)', dir, code: 'bad-manifest', message: `${file}: not valid JSON (${(err as Error).message})` };
  }
  if (typeof pkg !== 'object' || pkg === null || pkg.asimkit === undefined) return undefined;
  const packageName = pkg.name ?? '(unnamed)';
  const id = typeof (pkg.asimkit as { id?: unknown })?.id === 'string' ? (pkg.asimkit as { id: string }).id : undefined;
  const parsed = pluginManifestSchema.safeParse(pkg.asimkit);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { id, packageName, dir, code: 'bad-manifest', message: `${file}: "asimkit.${issue.path.join('.')}": ${issue.message}` };
  }
  if (parsed.data.sdk !== undefined && validRange(parsed.data.sdk) === null) {
    return { id, packageName, dir, code: 'bad-manifest', message: `${file}: "asimkit.sdk": "${parsed.data.sdk}" is not a semver range (e.g. "^0.1.0")` };
  }
  return { ...parsed.data, packageName, version: pkg.version ?? '0.0.0', dir };
}
