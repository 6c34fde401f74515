import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { InputError } from '@asimkit/sdk';
import type { InputFile } from './files.js';
import { followChunks } from './follow.js';

const CHUNK_BYTES = 1 << 20;

/** Counts compressed bytes as they are read, for progress. */
export interface ByteCounter {
  bytes: number;
}

/**
 * The decompressed byte chunks of an input. Gzip is recognised by its magic bytes, not its name,
 * so S3's `.log.gz` and a renamed file both work. Any failure to read (permissions, a gzip stream
 * that is corrupt or cut short) is an `InputError` naming the input; the chunks before it stand.
 */
export async function* inputChunks(input: InputFile, counter: ByteCounter, options: { reuseBuffer?: boolean } = {}): AsyncGenerator<Buffer> {
  if (input.error) throw new InputError('unreadable-input', input.error);
  if (input.bytes) {
    counter.bytes += input.bytes.length;
    if (input.bytes.length) yield input.bytes;
    return;
  }
  if (input.follow) return yield* readFailures(input, followChunks(input.path, input.follow));
  if (options.reuseBuffer && !input.stream) return yield* readFailures(input, plainChunksInOneBuffer(input, counter));
  const range = input.range && { start: input.range.start, end: input.range.end - 1 };
  const raw: Readable = input.path === '-' ? process.stdin : createReadStream(input.path, { highWaterMark: CHUNK_BYTES, ...range });
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await readOrFail(input, () => it.next());
  if (first.done) return;
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) {
    let inflated = 0;
    const source = Readable.from(countedChunks(first.value, it, counter));
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    source.once('error', (err) => gunzip.destroy(err)); // a read failure must end the gunzip stream too
    source.pipe(gunzip);
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        yield chunk;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'Z_DATA_ERROR' || input.stream) throw gzipFailure(input, err, inflated);
      // zlib drops the output of the call that met bad data (e.g. garbage after the member): decode again, keep the rest
      yield* salvageGzip(input, inflated, err as Error);
    } finally {
      source.destroy();
    }
  } else {
    yield* readFailures(input, countedChunks(first.value, it, counter));
  }
}

/**
 * `first`, then the rest of `it`, counted. Module-level rather than a generator function per input:
 * each generator function gives its iterators a hidden class of their own, and code that reads
 * them (the line framing) deoptimized at every file.
 */
async function* countedChunks(first: Buffer, it: AsyncIterator<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  counter.bytes += first.length;
  yield first;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    counter.bytes += r.value.length;
    yield r.value;
  }
}

/**
 * A gzip file whose data turned bad after `yielded` decompressed bytes: its first member is decoded
 * again as raw deflate (which stops at the member's end, ignoring what follows), in small output
 * chunks, and the bytes after `yielded` are passed on; then the failure is reported. So trailing
 * garbage loses nothing, and corruption inside the data loses at most 16 KiB before it.
 */
async function* salvageGzip(input: InputFile, yielded: number, first: Error): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw({ chunkSize: 1 << 14 });
  const file = createReadStream(input.path, { start: gzipHeaderLength(await readAt(input.path, 0, 1 << 16)) });
  file.once('error', (err) => inflate.destroy(err));
  file.pipe(inflate);
  let seen = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      const from = Math.max(0, yielded - seen);
      seen += chunk.length;
      if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
    }
  } catch (err) {
    throw gzipFailure(input, err, seen);
  } finally {
    file.destroy();
  }
  throw new InputError('corrupt-gzip', `${input.path}: unreadable data after the gzip stream's first ${seen} decompressed bytes (${first.message}); those bytes were read`);
}

/** Length of a gzip member header (RFC 1952: fixed 10 bytes, then the optional FEXTRA, FNAME, FCOMMENT, FHCRC). */
function gzipHeaderLength(b: Buffer): number {
  const flags = b[3]!;
  let i = 10;
  if (flags & 4) i += 2 + b.readUInt16LE(i);
  if (flags & 8) while (i < b.length && b[i++] !== 0);
  if (flags & 16) while (i < b.length && b[i++] !== 0);
  if (flags & 2) i += 2;
  return i;
}

function gzipFailure(input: InputFile, err: unknown, inflated: number): InputError {
  const e = err as NodeJS.ErrnoException;
  if (e.syscall) return readFailure(input, err);
  const what = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message) ? 'is cut short' : 'is corrupt';
  return new InputError('corrupt-gzip', `${input.path}: the gzip data ${what} after ${inflated} decompressed bytes (${e.message})`);
}

function readFailure(input: InputFile, err: unknown): InputError {
  if (err instanceof InputError) return err;
  return new InputError('unreadable-input', `${input.path}: cannot read: ${(err as Error).message}`);
}

async function readOrFail<T>(input: InputFile, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw readFailure(input, err);
  }
}

async function* readFailures(input: InputFile, chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
  } catch (err) {
    throw readFailure(input, err);
  }
}

/**
 * A plain file's chunks, read into two alternating buffers: each chunk is valid only until the
 * next is asked for. Reading into fresh 1 MiB buffers costs more than the reading (page faults on every new
 * buffer: 0.4 s per 230 MiB here); consumers that copy what they keep (line splitting) use this.
 */
async function* plainChunksInOneBuffer(input: InputFile, counter: ByteCounter): AsyncGenerator<Buffer> {
  const fh = await open(input.path, 'r');
  // two buffers: the next chunk is read while the consumer works on this one
  const buffers = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
  const end = input.range?.end ?? Infinity;
  let position = input.range?.start ?? 0;
  const readInto = (buffer: Buffer) => (position < end ? fh.read(buffer, 0, Math.min(buffer.length, end - position), position) : { bytesRead: 0 });
  let pending = readInto(buffers[0]!);
  try {
    for (let k = 0; ; k ^= 1) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      counter.bytes += bytesRead;
      pending = readInto(buffers[k ^ 1]!);
      yield buffers[k]!.subarray(0, bytesRead);
    }
  } finally {
    await Promise.resolve(pending).catch(() => {});
    await fh.close();
  }
}

/** `length` bytes of a file from `position` (fewer at its end). */
export async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * The first bytes of a plain file (or of its range), or undefined for streams, gzip and files that
 * cannot be read (reading them reports why): whether its chunks may be read into one buffer
 * (see inputChunks) depends on what they hold.
 */
export async function plainHead(input: InputFile, length = 4096): Promise<Buffer | undefined> {
  if (input.stream || input.error) return undefined;
  if (input.bytes) return input.bytes.subarray(0, length);
  let head: Buffer;
  try {
    head = await readAt(input.path, input.range?.start ?? 0, length);
  } catch {
    return undefined;
  }
  return head[0] === 0x1f && head[1] === 0x8b ? undefined : head;
}
