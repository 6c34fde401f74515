import { statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FollowOptions, InputFile } from './files.js';

const READ_BYTES = 1 << 20;
const DEFAULT_POLL_MS = 200;

/** What following one path sees, in order. */
export type Followed =
  /** A file was opened under the path (the first one, or a new one after a rotation): its bytes from `position` follow. */
  | { readonly kind: 'opened'; readonly stats: Stats; readonly position: number }
  /** The file shrank (truncated in place, `copytruncate`): its bytes from its start follow. */
  | { readonly kind: 'truncated' }
  | { readonly kind: 'bytes'; readonly chunk: Buffer }
  /** Everything the file holds now has been read: what comes next will be appended later. */
  | { readonly kind: 'idle' };

/**
 * The bytes of the file at `path`, then every byte appended to it, until the signal; across
 * rotation as `tail -F` follows it: when `path` names a new file (renamed away and created anew,
 * as logrotate does), the old file is read to its end and the new one from its start; when the file
 * shrinks (truncated in place, `copytruncate`), it is read again from its start. A line cut by a
 * rotation is ended there. A path that does not exist yet is waited for.
 */
export async function* followChunks(path: string, options: FollowOptions): AsyncGenerator<Buffer> {
  let endsLine = true;
  for await (const seen of followFile(path, options)) {
    if (seen.kind === 'bytes') {
      const last = seen.chunk[seen.chunk.length - 1];
      endsLine = last === 10 || last === 13;
      yield seen.chunk;
    } else if ((seen.kind === 'opened' || seen.kind === 'truncated') && !endsLine) {
      yield Buffer.from('\n'); // the old file's last line, cut by the rotation, ends there
      endsLine = true;
    }
  }
}

/**
 * Following one path, with what `followChunks` hides: which file each byte comes from (`opened`,
 * with its device and inode), truncations, and the points where the reader has caught up (`idle`).
 * `startAt(stats, file)` may say where to start reading a file just opened (a resumed shipper: the bytes
 * it stored before); a truncation always restarts at 0.
 */
export async function* followFile(path: string, options: FollowOptions & { readonly startAt?: (stats: Stats, file: FileHandle) => number | Promise<number> }): AsyncGenerator<Followed> {
  const { signal } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let fh: FileHandle | undefined;
  let ino = -1;
  let position = 0;
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const readNew = async function* (): AsyncGenerator<Followed> {
    for (;;) {
      const { bytesRead } = await fh!.read(buffer, 0, READ_BYTES, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield { kind: 'bytes', chunk: Buffer.from(buffer.subarray(0, bytesRead)) }; // the consumer may keep it
    }
  };
  try {
    for (;;) {
      const stopping = signal.aborted;
      if (fh) yield* readNew();
      const now = await statOrUndefined(path);
      if (now && now.ino !== ino) {
        // a new file under the name: what the old one still held was read above
        if (fh) {
          yield* readNew();
          await fh.close();
          fh = undefined;
        }
        try {
          fh = await open(path, 'r');
          const opened = await fh.stat();
          ino = opened.ino;
          options.known?.add(fileId(opened));
          position = Math.min((await options.startAt?.(opened, fh)) ?? 0, opened.size);
          yield { kind: 'opened', stats: opened, position };
          continue;
        } catch {
          fh = undefined; // gone again between stat and open: the next poll sees
        }
      } else if (fh && now && now.size < position) {
        position = 0;
        yield { kind: 'truncated' };
        continue;
      }
      if (fh) yield { kind: 'idle' };
      if (stopping) return;
      await sleep(pollMs, undefined, { signal }).catch(() => {});
    }
  } finally {
    await fh?.close();
  }
}

/**
 * The files of `--follow` inputs, as they appear: a named file (followed even before it exists), the
 * files of a directory, and the files a glob matches, checked again every second until the signal.
 * Each file is handed to `read` once (by device and inode: a file renamed to a name the glob also
 * matches, such as `app.log.1`, is the same file, already followed under its old name); `-` is stdin.
 * Compressed files there at the start are read once, not followed; those that appear later (rotated
 * archives of lines already followed) are not read. Resolves when the
 * signal has stopped every follower and each `read` has finished.
 */
export async function followInputs(paths: readonly string[], options: FollowOptions, read: (file: InputFile) => Promise<void>): Promise<void> {
  const { signal } = options;
  const { glob, hasMagic } = await import('glob');
  const seen = new Set<string>();
  const named = new Set<string>();
  const reads: Promise<void>[] = [];
  const start = (file: InputFile) => reads.push(read(file));
  const follow = { ...options, known: seen };
  const followed = (path: string, found: boolean): InputFile => ({ path, size: undefined, stream: true, found, follow });
  for (const p of paths) {
    if (p === '-') start({ path: '-', size: undefined, stream: true });
    else if (!hasMagic(p) && !isDirectory(p)) {
      named.add(p);
      const s = statOrUndefinedSync(p);
      if (s) seen.add(fileId(s));
      start(followed(p, false));
    }
  }
  const patterns = paths.filter((p) => p !== '-' && !named.has(p)).map((p) => (isDirectory(p) ? join(p, '**/*') : p));
  for (let first = true; ; first = false) {
    const stopping = signal.aborted;
    for (const pattern of patterns) {
      for (const path of (await glob(pattern, { nodir: true, dot: false })).sort()) {
        if (named.has(path)) continue;
        const s = statOrUndefinedSync(path);
        if (!s || seen.has(fileId(s))) continue;
        seen.add(fileId(s));
        // an archive that appears later is a rotated copy of lines already followed
        if (await isGzip(path)) {
          if (first) start({ path, size: s.size, found: true });
          continue;
        }
        named.add(path);
        start(followed(path, true));
      }
    }
    if (stopping || patterns.length === 0) break;
    await sleep(1000, undefined, { signal }).catch(() => {});
  }
  await Promise.all(reads);
}

function fileId(s: Stats): string {
  return `${s.dev}:${s.ino}`;
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

function statOrUndefinedSync(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  return statOrUndefinedSync(path)?.isDirectory() ?? false;
}

async function isGzip(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    try {
      const b = Buffer.alloc(2);
      await fh.read(b, 0, 2, 0);
      return b[0] === 0x1f && b[1] === 0x8b;
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}
