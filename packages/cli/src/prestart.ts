import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The commands that split a large plain file among threads, and the file size from which each
 * starts its workers with the process: they load while the CLI does, and take ranges from the
 * first on. Smaller files may still be split (from 32 MiB, when the main thread's timing says it
 * pays), by workers started then. `normalize` writes every record and pays for them from well below
 * 128 MiB. `detect` and `summarize` may count through a batch fast path, which core splits only
 * from 512 MiB (its BATCH_SPLIT_MIN_BYTES): started for a smaller file, a worker would load beside
 * the main thread for nothing (~70 ms of its run, 2026-12-03).
 */
export const PRESTART_MIN_BYTES: Readonly<Record<string, number>> = { normalize: 128 << 20, detect: 512 << 20, summarize: 512 << 20 };

/** The program's options that take a value (main.ts): the word after one is not the command. */
export const GLOBAL_VALUE_OPTIONS = new Set(['--log-level', '--enable', '--disable', '--plugin-dir']);

/**
 * A guess from the command line alone, before it is parsed (the CLI is not loaded yet): how many
 * threads a run will split a file among, or 0. A wrong guess costs an idle thread, not a wrong result.
 */
export function threadsToPrestart(args: readonly string[]): number {
  let at = 0;
  while (at < args.length && args[at]!.startsWith('-')) at += GLOBAL_VALUE_OPTIONS.has(args[at]!) ? 2 : 1;
  const command = args[at] ?? '';
  if (!Object.hasOwn(PRESTART_MIN_BYTES, command)) return 0;
  const flag = args.findIndex((a) => a === '--threads' || a.startsWith('--threads='));
  const threads = flag < 0 ? availableParallelism() : Number(args[flag] === '--threads' ? args[flag + 1] : args[flag]!.slice('--threads='.length));
  if (!(threads >= 2)) return 0;
  const minBytes = Number(process.env.ASIMKIT_SPLIT_MIN_BYTES || PRESTART_MIN_BYTES[command]);
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
