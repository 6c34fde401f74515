import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ConfigError, formsOf, SDK_VERSION, SOURCE_PARSER, type Form, type PluginManifest, type PluginProblem, type SourceParser } from '@asimkit/sdk';
import { Container, ContainerModule } from '@asimkit/vendor/inversify';
import { satisfies } from '@asimkit/vendor/semver';
import { needsHostSdk, provideHostSdk } from './host-sdk.js';
import { preloadInWaitingWorkers } from './parallel/prestart.js';

// The decorator metadata polyfill (it installs itself on Reflect), required, not imported: importing
// a CommonJS module, Node's ESM loader first lexes its source for the names it exports (~8 ms of
// each thread's start, where nothing else is CommonJS)
createRequire(import.meta.url)('reflect-metadata');

export type AnyParser = SourceParser<unknown, unknown>;

/** A plugin as the rest of core sees it: its manifest and its parser. */
export interface LoadedPlugin {
  readonly manifest: PluginManifest;
  readonly parser: AnyParser;
  readonly forms: readonly Form[];
}

/** Which discovered plugins to load: all but `disable`, or only `enable` when given. */
export interface Selection {
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
}

/**
 * The enabled plugins, collected from one inversify container into which every plugin's
 * ContainerModule was loaded. Core asks this registry; it never names a plugin itself.
 */
export class PluginRegistry {
  private readonly byId: Map<string, LoadedPlugin>;

  constructor(
    readonly plugins: readonly LoadedPlugin[],
    /** Discovered plugins that could not be loaded (and discovery's own problems), each with why. */
    readonly problems: readonly PluginProblem[] = [],
  ) {
    this.byId = new Map(plugins.map((p) => [p.manifest.id, p]));
  }

  get(id: string): LoadedPlugin {
    const p = this.byId.get(id);
    if (!p) {
      const problem = this.problems.find((x) => x.id === id);
      if (problem) throw new ConfigError(problem.code, problem.message);
      throw new ConfigError('unknown-source', `no enabled plugin "${id}" (enabled: ${this.ids().join(', ') || 'none'})`);
    }
    return p;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Plugins that read rows of this Sentinel table, in id order. */
  forTable(table: string): LoadedPlugin[] {
    return this.plugins.filter((p) => p.parser.fromTableRow && p.parser.tables.includes(table));
  }
}

/**
 * Imports each selected plugin's entry, loads its ContainerModule, and builds the registry. A
 * plugin that cannot be loaded (its entry is missing or throws, it binds no parser of its id, it
 * needs another SDK) is a configuration error when `enable` names it; otherwise it is left out and
 * listed in `problems`, and the other plugins load. Discovery's problems are passed through the
 * same way: `enable` naming a plugin whose manifest is broken is an error.
 */
export async function loadPlugins(manifests: readonly PluginManifest[], selection: Selection = {}, discovered: readonly PluginProblem[] = []): Promise<PluginRegistry> {
  const known = new Set(manifests.map((m) => m.id));
  const asked = new Set(selection.enable ?? []);
  for (const id of [...asked, ...(selection.disable ?? [])]) {
    const problem = discovered.find((p) => p.id === id && p.code !== 'shadowed-plugin');
    if (problem && asked.has(id)) throw new ConfigError(problem.code, problem.message);
    if (!known.has(id) && !problem) throw new ConfigError('unknown-plugin', `no plugin "${id}" was discovered (found: ${[...known].join(', ')})`);
  }
  const chosen = manifests.filter((m) => (asked.size === 0 || asked.has(m.id)) && !selection.disable?.includes(m.id));
  // with --enable (or --source), only the named plugins matter, and their problems were thrown above
  const problems = asked.size ? [] : discovered.filter((p) => p.id === undefined || !selection.disable?.includes(p.id));
  preloadInWaitingWorkers(chosen);
  // imported all at once (one plugin's files are read while another's compile), bound in order
  const imports = importEntries(chosen);
  const container = new Container();
  const plugins: LoadedPlugin[] = [];
  const bound = new Set<string>(); // parser ids already loaded (a parser bound in transient scope is a new object each time)
  for (const [i, m] of chosen.entries()) {
    try {
      const parser = await bindOne(container, m, await imports[i]!, bound);
      plugins.push({ manifest: m, parser, forms: formsOf(parser) });
    } catch (err) {
      const problem = loadProblem(m, err);
      if (asked.has(m.id)) throw new ConfigError(problem.code, problem.message);
      problems.push(problem);
    }
  }
  return new PluginRegistry(plugins, problems);
}

/**
 * Imports the plugins' entries without binding them, ahead of a `loadPlugins` of the same
 * manifests, which then finds them loaded: a worker thread started with the process does it while
 * it waits for its setup (worker.ts). Failures are left for `loadPlugins` to report.
 */
export async function preloadPlugins(manifests: readonly PluginManifest[]): Promise<void> {
  await Promise.all(importEntries(manifests));
}

/** Each plugin's entry module, imported concurrently; an import that failed gives its PluginLoadError. */
function importEntries(manifests: readonly PluginManifest[]): Promise<PluginModule | PluginLoadError>[] {
  provideHostSdk(manifests.map((m) => m.dir).filter(needsHostSdk));
  return manifests.map((m) => importEntry(m).catch((err: unknown) => err as PluginLoadError));
}

type PluginModule = { default?: unknown };

/** One plugin's entry module (or throws PluginLoadError). */
async function importEntry(m: PluginManifest): Promise<PluginModule> {
  if (m.sdk !== undefined && !satisfies(SDK_VERSION, m.sdk, { includePrerelease: true })) {
    throw new PluginLoadError('plugin-sdk-mismatch', `needs SDK ${m.sdk}, and this asim has SDK ${SDK_VERSION}`);
  }
  const entry = join(m.dir, m.entry);
  if (!existsSync(entry)) throw new PluginLoadError('plugin-not-built', `${entry} does not exist; build it (pnpm build)`);
  try {
    return (await import(pathToFileURL(entry).href)) as PluginModule;
  } catch (err) {
    throw new PluginLoadError('plugin-import-failed', `importing ${entry} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Loads one plugin's imported module into the container and returns the parser it binds (or throws PluginLoadError). */
async function bindOne(container: Container, m: PluginManifest, mod: PluginModule | PluginLoadError, bound: Set<string>): Promise<AnyParser> {
  if (mod instanceof PluginLoadError) throw mod;
  const module = mod.default;
  if (!(module instanceof ContainerModule) && typeof (module as { load?: unknown })?.load !== 'function') {
    throw new PluginLoadError('bad-plugin', `${m.entry} must default-export an inversify ContainerModule`);
  }
  await container.load(module as ContainerModule);
  try {
    const fresh = (container.isBound(SOURCE_PARSER) ? container.getAll<AnyParser>(SOURCE_PARSER) : []).filter((p) => !bound.has(p.id));
    const parser = fresh.find((p) => p.id === m.id);
    if (!parser || fresh.length !== 1) {
      throw new PluginLoadError('bad-plugin', `its module must bind exactly one SourceParser, with id "${m.id}" (it binds: ${fresh.map((p) => p.id).join(', ') || 'none'})`);
    }
    bound.add(parser.id);
    return parser;
  } catch (err) {
    await container.unload(module as ContainerModule);
    if (err instanceof PluginLoadError) throw err;
    throw new PluginLoadError('plugin-import-failed', `creating its parser failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

class PluginLoadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function loadProblem(m: PluginManifest, err: unknown): PluginProblem {
  const code = err instanceof PluginLoadError ? err.code : 'plugin-import-failed';
  const cause = err instanceof Error ? err.message : String(err);
  const hint = code === 'plugin-sdk-mismatch' ? '' : `; fix it or disable it (--disable ${m.id})`;
  return { id: m.id, packageName: m.packageName, dir: m.dir, code, message: `plugin ${m.id} (${m.packageName}, ${m.dir}) cannot be loaded: ${cause}${hint}` };
}
