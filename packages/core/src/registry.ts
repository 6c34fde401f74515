import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ConfigError, formsOf, SOURCE_PARSER, type Form, type PluginManifest, type SourceParser } from '@asimkit/sdk';
import { Container, ContainerModule } from '@asimkit/vendor/inversify';

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

  constructor(readonly plugins: readonly LoadedPlugin[]) {
    this.byId = new Map(plugins.map((p) => [p.manifest.id, p]));
  }

  get(id: string): LoadedPlugin {
    const p = this.byId.get(id);
    if (!p) {
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

/** Imports each selected plugin's entry, loads its ContainerModule, and builds the registry. */
export async function loadPlugins(manifests: readonly PluginManifest[], selection: Selection = {}): Promise<PluginRegistry> {
  const known = new Set(manifests.map((m) => m.id));
  for (const id of [...(selection.enable ?? []), ...(selection.disable ?? [])]) {
    if (!known.has(id)) throw new ConfigError('unknown-plugin', `no plugin "${id}" was discovered (found: ${[...known].join(', ')})`);
  }
  const chosen = manifests.filter(
    (m) => (!selection.enable?.length || selection.enable.includes(m.id)) && !selection.disable?.includes(m.id),
  );
  const container = new Container();
  for (const m of chosen) {
    const entry = join(m.dir, m.entry);
    if (!existsSync(entry)) {
      throw new ConfigError('plugin-not-built', `plugin ${m.id}: ${entry} does not exist; build it (pnpm build) or disable it (--disable ${m.id})`);
    }
    const mod = (await import(pathToFileURL(entry).href)) as { default?: unknown };
    if (!(mod.default instanceof ContainerModule) && typeof (mod.default as { load?: unknown })?.load !== 'function') {
      throw new ConfigError('bad-plugin', `${m.packageName}: ${m.entry} must default-export an inversify ContainerModule`);
    }
    await container.load(mod.default as ContainerModule);
  }
  const parsers = container.isBound(SOURCE_PARSER) ? container.getAll<AnyParser>(SOURCE_PARSER) : [];
  const plugins = chosen.map((manifest) => {
    const parser = parsers.find((p) => p.id === manifest.id);
    if (!parser) throw new ConfigError('bad-plugin', `${manifest.packageName} binds no SourceParser with id "${manifest.id}"`);
    return { manifest, parser, forms: formsOf(parser) };
  });
  const orphan = parsers.find((p) => !known.has(p.id));
  if (orphan) throw new ConfigError('bad-plugin', `a plugin binds parser "${orphan.id}" that no manifest declares`);
  return new PluginRegistry(plugins);
}
