import { statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@asimkit/sdk';

/** `--follow`: keep reading what is appended, like `tail -F`, until the signal. */
export interface FollowOptions {
  readonly signal: AbortSignal;
  /** How often a followed file is checked for new bytes, rotation and truncation (default 200 ms). */
  readonly pollMs?: number;
  /** The files (`dev:ino`) being followed or read: each file a follower opens is added. */
  readonly known?: Set<string>;
}

/** One input to read: a file path, or `-` for stdin. */
export interface InputFile {
  readonly path: string;
  /** Size in bytes on disk (compressed size for .gz); undefined for stdin and other streams. */
  readonly size: number | undefined;
  /** Not a regular file (stdin, a FIFO such as `<(zcat f.gz)`, a character device): read once, in order, never split. */
  readonly stream?: boolean;
  /** A byte range of a plain file, read by one worker thread: [start, end). */
  readonly range?: { readonly start: number; readonly end: number };
  /** Header lines of the whole file, replayed (not counted) before a range that lacks them. */
  readonly preamble?: readonly string[];
  /** Found by walking a directory or matching a glob, rather than named by the user. */
  readonly found?: boolean;
  /** Why the input cannot be read at all (a directory that cannot be listed): reported, not read. */
  readonly error?: string;
  /** `--follow`: read what the file holds, then what is appended to it (see followChunks). */
  readonly follow?: FollowOptions;
  /** The input's content, already in memory (a message taken from NATS): read instead of `path`, which names its origin. */
  readonly bytes?: Buffer;
}

/**
 * Expands files, directories (recursively, sorted) and glob patterns; `-` stays stdin. A path that
 * does not exist is a usage error; one that exists but cannot be read is reported when it is read.
 */
export async function expandInputs(paths: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ path: '-', size: undefined, stream: true });
      continue;
    }
    const stat = statOrUndefined(p);
    if (stat?.isDirectory()) out.push(...(await walk(p)));
    else if (stat) out.push(fileInput(p, false, stat));
    else {
      // only a path that names no file can be a pattern: glob is loaded for it alone
      const { glob, hasMagic } = await import('glob');
      if (!hasMagic(p)) throw new ConfigError('no-input', `input not found: ${p}`);
      const matches = (await glob(p, { nodir: true })).sort();
      if (!matches.length) throw new ConfigError('no-input', `no file matches ${p}`);
      for (const f of matches) out.push(fileInput(f, true));
    }
  }
  return out;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function fileInput(path: string, found = false, stat = statOrUndefined(path)): InputFile {
  if (stat && !stat.isFile()) return { path, size: undefined, stream: true, found };
  return { path, size: stat?.size, found };
}

/** Files under `dir`, sorted; a directory that cannot be listed is an input that failed, not a crash. */
async function walk(dir: string): Promise<InputFile[]> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    return [{ path: dir, size: undefined, found: true, error: `cannot list the directory: ${(err as Error).message}` }];
  }
  const files: InputFile[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (e.isFile()) files.push(fileInput(full, true));
  }
  return files;
}
