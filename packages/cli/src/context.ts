import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { ASIM_SOURCE, createLogger, discoverPlugins, loadPlugins, PluginRegistry, type Logger } from '@asimkit/core';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  logLevel: string;
  enable?: string[];
  disable?: string[];
  pluginDir?: string[];
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** `--log-level` must be a pino level: a usage error otherwise, before any command runs. */
export function checkLogLevel(level: string): void {
  if (!LOG_LEVELS.includes(level)) throw new ConfigError('bad-flag', `--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
}

export function logger(cmd: Command): Logger {
  const level = globalOptions(cmd).logLevel;
  checkLogLevel(level);
  return createLogger(level);
}

/**
 * Discovers plugins and loads the enabled ones into the container. With `--source ID` only that
 * plugin is loaded: nothing else can be asked for, and startup stays short. A plugin that cannot
 * be loaded is an error when it is the one asked for (`--source`, `--enable`), else a warning
 * (`quiet`: left to the caller, e.g. `asim plugins`, which lists it).
 */
export async function openRegistry(cmd: Command, source?: string, quiet = false): Promise<PluginRegistry> {
  const g = globalOptions(cmd);
  if (source === ASIM_SOURCE) return new PluginRegistry([]); // ASIM JSON lines need no plugin
  const { manifests, problems } = await discoverPlugins({ pluginDirs: g.pluginDir });
  const known = (id: string) => manifests.some((m) => m.id === id) || problems.some((p) => p.id === id);
  const only = source && known(source) && !g.disable?.includes(source) ? [source] : undefined;
  const enable = only && (!g.enable?.length || g.enable.includes(source!)) ? only : g.enable;
  const registry = await loadPlugins(manifests, { enable, disable: g.disable }, problems);
  if (!quiet) for (const p of registry.problems) logger(cmd).warn({ plugin: p.id, dir: p.dir, code: p.code }, p.message);
  return registry;
}
