import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { ASIM_SOURCE, createLogger, discoverPlugins, loadPlugins, PluginRegistry, type Logger } from '@asimkit/core';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  logLevel: string;
  enable?: string[];
  disable?: string[];
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
 * plugin is loaded: nothing else can be asked for, and startup stays short.
 */
export async function openRegistry(cmd: Command, source?: string): Promise<PluginRegistry> {
  const g = globalOptions(cmd);
  if (source === ASIM_SOURCE) return new PluginRegistry([]); // ASIM JSON lines need no plugin
  const manifests = await discoverPlugins();
  const only = source && source !== ASIM_SOURCE && manifests.some((m) => m.id === source) && !g.disable?.includes(source) ? [source] : undefined;
  const enable = only && (!g.enable?.length || g.enable.includes(source!)) ? only : g.enable;
  return loadPlugins(manifests, { enable, disable: g.disable });
}
