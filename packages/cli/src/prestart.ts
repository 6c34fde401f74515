import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The commands that split a large plain file among threads. */
const SPLITTING = new Set(['normalize', 'detect', 'summarize']);
/**
 * Files from this size start workers with the process. Smaller ones may still be split (from
 * 32 MiB, when the main thread measures that it pays), by workers started then: a worker started
 * for nothing costs the run ~70 ms on 2 vCPUs (measured 2026-12-03: 44 MiB of PAN-OS CEF 0.55 →
 * 0.63 s, 111 MiB of VPC 0.67 → 0.73 s, both read on one thread in the end), and one that is used
 * gains ~0.1–0.25 s (222 MiB of VPC 1.24 → 1.15 s).
 */
export const PRESTART_MIN_BYTES = 128 << 20;

/** The program's options that take a value (main.ts): the word after one is not the command. */
export const GLOBAL_VALUE_OPTIONS = new Set(['--log-level', '--enable', '--disable', '--plugin-dir']);

/**
 * A guess from the command line alone, before it is parsed (the CLI is not loaded yet): how many
 * threads a run will split a file among, or 0. A wrong guess costs an idle thread, not a wrong result.
 */
export function threadsToPrestart(args: readonly string[]): number {
  let at = 0;
  while (at < args.length && args[at]!.startsWith('-')) at += GLOBAL_VALUE_OPTIONS.has(args[at]!) ? 2 : 1;
  if (!SPLITTING.has(args[at] ?? '')) return 0;
  const flag = args.findIndex((a) => a === '--threads' || a.startsWith('--threads='));
  const threads = flag < 0 ? availableParallelism() : Number(args[flag] === '--threads' ? args[flag + 1] : args[flag]!.slice('--threads='.length));
  if (!(threads >= 2)) return 0;
  const minBytes = Number(process.env.ASIMKIT_SPLIT_MIN_BYTES || PRESTART_MIN_BYTES);
  return args.slice(at + 1).some((a) => !a.startsWith('-') && !a.endsWith('.gz') && isFileOfAtLeast(a, minBytes)) ? threads : 0;
}

function isFileOfAtLeast(path: string, bytes: number): boolean {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile() && stat.size >= bytes;
  } catch {
    return false;
  }
}
