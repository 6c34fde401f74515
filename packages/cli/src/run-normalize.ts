import type { Command } from 'commander';
import { groupOptionPairs } from '@asimkit/sdk';
import { normalize, RejectsFile, type Accounting, type NormalizeRequest, type ParallelSpec, type SessionSink } from '@asimkit/core';
import { ConfigError } from '@asimkit/sdk';
import { logger, openRegistry } from './context.js';
import { progressBar } from './progress.js';

/** Flags shared by every command that reads logs through the plugins (normalize, detect, summarize). */
export interface InputFlags {
  threads?: string;
  source?: string;
  opt?: string[];
  table?: string;
  rejects?: string;
}

export function addInputFlags(cmd: Command, collect: (v: string, p?: string[]) => string[]): Command {
  return cmd
    .option('--source <id>', 'plugin id (see `asim plugins`), or `asim` for ASIM JSON lines; default: detect per input')
    .option('--opt <key=value>', 'plugin option, PLUGIN.KEY=VALUE or KEY=VALUE for --source (repeatable)', collect, [])
    .option('--table <name>', 'Sentinel table the input belongs to: names exports without a Type column; limits raw-log detection to that table\'s sources')
    .option('--rejects <file>', 'write each rejected record with its reason and position to FILE (JSON lines)')
    .option('--threads <n>', 'worker threads for large plain files (default: one per core; 1 = none)');
}

/**
 * Runs the normalize pipeline for a command and prints the accounting line to stderr.
 * Shared so that normalize, detect and summarize read inputs the same way.
 */
export async function runNormalize(
  cmd: Command,
  inputs: string[],
  flags: InputFlags,
  sink: SessionSink,
  extra: Partial<NormalizeRequest> = {},
  parallel?: ParallelSpec,
): Promise<Accounting> {
  const log = logger(cmd);
  const registry = await openRegistry(cmd, flags.source);
  const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;
  const bar = progressBar();
  const req: NormalizeRequest = {
    inputs,
    source: flags.source,
    pluginOptions: groupOptionPairs(flags.opt ?? [], flags.source),
    table: flags.table,
    ...extra,
  };
  try {
    const acc = await normalize(registry, req, sink, log, {
      onRejected: (r) => {
        rejects?.add(r);
        log.debug(r, 'record rejected');
      },
      onProgress: (bytes, total) => bar.update(bytes, total),
      parallel,
    });
    return acc;
  } finally {
    bar.stop();
    await sink.close();
    await rejects?.close();
  }
}

export function reportAccounting(acc: Accounting): void {
  process.stderr.write(`asim: ${acc.summary()}\n`);
}

/** `--threads N`: undefined (one per core) or a positive integer. */
export function threadCount(flags: InputFlags): number | undefined {
  if (flags.threads === undefined) return undefined;
  const n = Number(flags.threads);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError('bad-flag', `--threads must be a positive integer, not "${flags.threads}"`);
  return n;
}

/**
 * How large files are split among threads, from flags and the environment: tests lower the size
 * that splits (ASIMKIT_SPLIT_MIN_BYTES) and leave every range to the workers
 * (ASIMKIT_SPLIT_WORKERS_ONLY=1) to exercise them on small files.
 */
export function splitSettings(flags: InputFlags): { workers?: number; minBytes?: number; workersOnly?: boolean } {
  const env = process.env;
  return {
    workers: threadCount(flags),
    ...(env.ASIMKIT_SPLIT_MIN_BYTES ? { minBytes: Number(env.ASIMKIT_SPLIT_MIN_BYTES) } : {}),
    ...(env.ASIMKIT_SPLIT_WORKERS_ONLY === '1' ? { workersOnly: true } : {}),
  };
}
