import { readFileSync } from 'node:fs';
import { compileSessionFilter, type AsimFilterParameters } from '@asimkit/schema';
import type { Command } from 'commander';
import { ConfigError, groupOptionPairs, OutputClosed } from '@asimkit/sdk';
import { Accounting, normalize, RejectsFile, type NormalizeRequest, type ParallelSpec, type SessionSink } from '@asimkit/core';
import { logger, openRegistry } from './context.js';
import { EXIT } from './exit.js';
import { stopSignal } from './live-detection.js';
import { progressBar } from './progress.js';

/** Flags shared by every command that reads logs through the plugins (normalize, detect, summarize). */
export interface InputFlags {
  threads?: string;
  source?: string;
  opt?: string[];
  table?: string;
  rejects?: string;
  maxLine?: string;
  starttime?: string;
  endtime?: string;
  srcipaddrHasAnyPrefix?: string[];
  dstipaddrHasAnyPrefix?: string[];
  ipaddrHasAnyPrefix?: string[];
  dstportnumber?: string;
  hostnameHasAny?: string[];
  dvcaction?: string[];
  eventresult?: string;
  follow?: boolean;
}

export function addInputFlags(cmd: Command, collect: (v: string, p?: string[]) => string[]): Command {
  return cmd
    .option('--source <id>', 'plugin id (see `asim plugins`), or `asim` for ASIM JSON lines; default: detect per input')
    .option('--opt <key=value>', 'plugin option, PLUGIN.KEY=VALUE or KEY=VALUE for --source (repeatable)', collect, [])
    .option('--table <name>', 'Sentinel table the input belongs to: names exports without a Type column; limits raw-log detection to that table\'s sources')
    .option('--rejects <file>', 'write each rejected record with its reason and position to FILE (JSON lines)')
    .option('--threads <n>', 'worker threads for large plain files (default: one per core; 1 = none)')
    .option('--max-line <bytes>', 'longest raw line read (e.g. 1048576, 64k, 4m); longer lines are rejected with their reason (default 1m)')
    // the filtering parameters of Sentinel's vimNetworkSession parsers; lists are comma-separated, repeatable, or @FILE (one per line)
    .option('--starttime <iso>', 'keep records with TimeGenerated >= this instant')
    .option('--endtime <iso>', 'keep records with TimeGenerated <= this instant')
    .option('--srcipaddr-has-any-prefix <prefixes>', 'keep records whose SrcIpAddr starts with one of these prefixes (10.1.,192.168.; up to 10,000; @FILE)', listFlag, [])
    .option('--dstipaddr-has-any-prefix <prefixes>', 'the same on DstIpAddr', listFlag, [])
    .option('--ipaddr-has-any-prefix <prefixes>', 'the same on either address; sets ASimMatchingIpAddr', listFlag, [])
    .option('--dstportnumber <port>', 'keep records with this DstPortNumber')
    .option('--hostname-has-any <names>', 'keep records whose SrcHostname or DstHostname has one of these terms; sets ASimMatchingHostname', listFlag, [])
    .option('--dvcaction <actions>', 'keep records whose DvcAction is one of these (Allow,Deny,...)', listFlag, [])
    .option('--eventresult <result>', 'keep records with this EventResult (Success, Partial, Failure, NA; * = any)')
    .option('--follow', 'keep reading appended lines like tail -F (across rotation and truncation) and files a glob or directory gains, until SIGINT/SIGTERM');
}

/** `a,b` and `@FILE` (one value per line), repeatable. */
function listFlag(value: string, previous: string[] = []): string[] {
  const values = value.startsWith('@') ? readListFile(value.slice(1)) : value.split(',');
  return [...previous, ...values.map((v) => v.trim()).filter(Boolean)];
}

function readListFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch (err) {
    throw new ConfigError('bad-flag', `cannot read the list file ${path}: ${(err as Error).message}`);
  }
}

/** The ASIM filtering parameters the flags set (none: undefined). */
export function filterFromFlags(flags: InputFlags): AsimFilterParameters | undefined {
  const port = flags.dstportnumber === undefined ? undefined : Number(flags.dstportnumber);
  if (flags.dstportnumber !== undefined && !/^\d{1,5}$/.test(flags.dstportnumber.trim())) throw new ConfigError('bad-flag', `--dstportnumber must be a port number, not "${flags.dstportnumber}"`);
  const p: AsimFilterParameters = {
    ...(flags.starttime !== undefined ? { starttime: flags.starttime } : {}),
    ...(flags.endtime !== undefined ? { endtime: flags.endtime } : {}),
    ...(flags.srcipaddrHasAnyPrefix?.length ? { srcipaddr_has_any_prefix: flags.srcipaddrHasAnyPrefix } : {}),
    ...(flags.dstipaddrHasAnyPrefix?.length ? { dstipaddr_has_any_prefix: flags.dstipaddrHasAnyPrefix } : {}),
    ...(flags.ipaddrHasAnyPrefix?.length ? { ipaddr_has_any_prefix: flags.ipaddrHasAnyPrefix } : {}),
    ...(port !== undefined ? { dstportnumber: port } : {}),
    ...(flags.hostnameHasAny?.length ? { hostname_has_any: flags.hostnameHasAny } : {}),
    ...(flags.dvcaction?.length ? { dvcaction: flags.dvcaction } : {}),
    ...(flags.eventresult !== undefined ? { eventresult: flags.eventresult } : {}),
  };
  let filter;
  try {
    filter = compileSessionFilter(p);
  } catch (err) {
    throw new ConfigError('bad-flag', `--${(err as Error).message.replace(/^(\w+)/, (n) => n.replace(/_/g, '-'))}`);
  }
  return filter ? p : undefined;
}

/**
 * Runs the normalize pipeline for a command, then closes the sink and the rejects file. Shared so
 * that normalize, detect and summarize read inputs the same way. A reader that closed stdout ends
 * the run early, without error: what was read is still accounted for. A caller that passes its own
 * `rejects` file (to add to it after the run) closes it itself.
 */
export async function runNormalize(
  cmd: Command,
  inputs: string[],
  flags: InputFlags,
  sink: SessionSink,
  extra: Partial<NormalizeRequest> = {},
  parallel?: ParallelSpec,
  ownRejects?: RejectsFile,
): Promise<Accounting> {
  const log = logger(cmd);
  const registry = await openRegistry(cmd, flags.source);
  const rejects = ownRejects ?? (flags.rejects ? new RejectsFile(flags.rejects) : undefined);
  const bar = progressBar();
  let req: NormalizeRequest = {
    inputs,
    source: flags.source,
    pluginOptions: groupOptionPairs(flags.opt ?? [], flags.source),
    table: flags.table,
    maxLine: parseByteSize(flags.maxLine, '--max-line'),
    ...(flags.follow ? { follow: { signal: stopSignal() } } : {}),
    ...extra,
  };
  const filter = filterFromFlags(flags);
  if (filter) req = { ...req, filter, fields: req.fields && [...new Set([...req.fields, ...compileSessionFilter(filter)!.fields])] };
  const acc = new Accounting();
  const hooks = {
    onRejected: (r: Parameters<RejectsFile['add']>[0]) => {
      rejects?.add(r);
      log.debug(r, 'record rejected');
    },
    onProgress: (bytes: number, total: number | undefined) => bar.update(bytes, total),
    parallel,
  };
  try {
    await normalize(registry, req, sink, log, hooks, acc);
    await sink.close();
  } catch (err) {
    if (!(err instanceof OutputClosed)) throw err;
    process.stderr.write('asim: the output was closed by its reader; stopped early\n');
  } finally {
    bar.stop();
    if (!ownRejects) await rejects?.close();
  }
  return acc;
}

/** `1048576`, `64k`, `4m`: a positive byte count, or undefined when the flag is absent. */
export function parseByteSize(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)([km]?)i?b?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1024 : m[2]?.toLowerCase() === 'm' ? 1 << 20 : 1) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError('bad-flag', `${flag} must be a positive size in bytes (e.g. 1048576, 64k, 4m), not "${value}"`);
  return n;
}

/** The accounting line on stderr; inputs that could not be read make the exit code 4. */
export function reportAccounting(acc: Accounting): void {
  process.stderr.write(`asim: ${acc.summary()}\n`);
  if (acc.failedInputs.length && process.exitCode === undefined) process.exitCode = EXIT.inputsFailed;
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
 * that splits (ASIMKIT_SPLIT_MIN_BYTES) and the time the rest must take for workers to start
 * (ASIMKIT_SPLIT_MIN_SECONDS), and leave every range to the workers (ASIMKIT_SPLIT_WORKERS_ONLY=1),
 * to exercise them on small files.
 */
export function splitSettings(flags: InputFlags): { workers?: number; minBytes?: number; minSecondsLeft?: number; workersOnly?: boolean } {
  const env = process.env;
  return {
    workers: threadCount(flags),
    ...(env.ASIMKIT_SPLIT_MIN_BYTES ? { minBytes: Number(env.ASIMKIT_SPLIT_MIN_BYTES) } : {}),
    ...(env.ASIMKIT_SPLIT_MIN_SECONDS ? { minSecondsLeft: Number(env.ASIMKIT_SPLIT_MIN_SECONDS) } : {}),
    ...(env.ASIMKIT_SPLIT_WORKERS_ONLY === '1' ? { workersOnly: true } : {}),
  };
}
