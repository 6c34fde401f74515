import type { Command } from 'commander';
import { createLogger, discoverPlugins, loadPlugins, type Logger, type PluginRegistry } from '@asimkit/core';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  logLevel: string;
  enable?: string[];
  disable?: string[];
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function logger(cmd: Command): Logger {
  return createLogger(globalOptions(cmd).logLevel);
}

/** Discovers plugins and loads the enabled ones into the container. */
export async function openRegistry(cmd: Command): Promise<PluginRegistry> {
  const g = globalOptions(cmd);
  return loadPlugins(await discoverPlugins(), { enable: g.enable, disable: g.disable });
}
