import { createReadStream, existsSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { ConfigError } from '@asimkit/sdk';
import { glob, hasMagic } from 'glob';

/** One input to read: a file path, or `-` for stdin. */
export interface InputFile {
  readonly path: string;
  /** Size in bytes on disk (compressed size for .gz), undefined for stdin. */
  readonly size: number | undefined;
  /** A byte range of a plain file, read by one worker thread: [start, end). */
  readonly range?: { readonly start: number; readonly end: number };
  /** Header lines of the whole file, replayed (not counted) before a range that lacks them. */
  readonly preamble?: readonly string[];
  /** Found by walking a directory or matching a glob, rather than named by the user. */
  readonly found?: boolean;
}

/** Expands files, directories (recursively, sorted) and glob patterns; `-` stays stdin. */
export async function expandInputs(paths: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const p of paths) {
    if (p === '-') out.push({ path: '-', size: undefined });
    else if (existsSync(p) && statSync(p).isDirectory()) for (const f of await walk(p)) out.push(fileInput(f, true));
    else if (existsSync(p)) out.push(fileInput(p));
    else if (hasMagic(p)) {
      const matches = (await glob(p, { nodir: true })).sort();
      if (!matches.length) throw new ConfigError('no-input', `no file matches ${p}`);
      for (const f of matches) out.push(fileInput(f, true));
    } else throw new ConfigError('no-input', `input not found: ${p}`);
  }
  return out;
}

function fileInput(path: string, found = false): InputFile {
  return { path, size: statSync(path).size, found };
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (e.isFile()) files.push(full);
  }
  return files;
}

const CHUNK_BYTES = 1 << 20;

/** Counts compressed bytes as they are read, for progress. */
export interface ByteCounter {
  bytes: number;
}

/**
 * The decompressed byte chunks of an input. Gzip is recognised by its magic bytes, not its name,
 * so S3's `.log.gz` and a renamed file both work.
 */
export async function* inputChunks(input: InputFile, counter: ByteCounter, options: { reuseBuffer?: boolean } = {}): AsyncGenerator<Buffer> {
  if (options.reuseBuffer && input.path !== '-') return yield* plainChunksInOneBuffer(input, counter);
  const range = input.range && { start: input.range.start, end: input.range.end - 1 };
  const raw: Readable = input.path === '-' ? process.stdin : createReadStream(input.path, { highWaterMark: CHUNK_BYTES, ...range });
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const counted = async function* (): AsyncGenerator<Buffer> {
    counter.bytes += first.value.length;
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      counter.bytes += r.value.length;
      yield r.value;
    }
  };
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) {
    yield* Readable.from(counted()).pipe(createGunzip({ chunkSize: 1 << 20 }));
  } else {
    yield* counted();
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
 * The first bytes of a plain file (or of its range), or undefined for stdin and gzip: whether its
 * chunks may be read into one buffer (see inputChunks) depends on what they hold.
 */
export async function plainHead(input: InputFile, length = 4096): Promise<Buffer | undefined> {
  if (input.path === '-') return undefined;
  const head = await readAt(input.path, input.range?.start ?? 0, length);
  return head[0] === 0x1f && head[1] === 0x8b ? undefined : head;
}

/** A batch of lines with the 1-based number of the first one. */
export interface LineBatch {
  readonly lines: string[];
  readonly firstLine: number;
}

/**
 * Records per batch. Small enough that a batch's lines, rows and records die young: with 4,096 a
 * batch of CEF rows (~10 MiB) outlived the young generation and every batch was promoted, then
 * collected by full GCs (a third of the time of `detect` on PAN-OS logs). 256 cut that run by
 * 40 % and VPC `normalize` by 20 %; a batch still costs one await.
 */
export const BATCH_SIZE = 256;

/** Splits chunks into lines (LF or CRLF), in batches; the last line needs no terminator. */
export async function* lineBatches(chunks: AsyncIterable<Buffer>, batchSize = BATCH_SIZE): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8'); // keeps a character split across chunks whole
  let decoderMayHoldBytes = false;
  let carry = '';
  let lines: string[] = [];
  let firstLine = 1;
  let lineNo = 1;
  for await (const chunk of chunks) {
    // Logs are mostly ASCII: latin1 copies bytes, UTF-8 decoding validates them (3x slower).
    const ascii = isAscii(chunk);
    const text = ascii && !decoderMayHoldBytes ? chunk.toString('latin1') : decoder.write(chunk);
    decoderMayHoldBytes = !ascii;
    let start = 0;
    // the first line joins the carry; the others are slices of one flat string
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      let line = text.slice(start, nl);
      if (start === 0 && carry !== '') {
        line = carry + line;
        carry = '';
      }
      lines.push(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
      lineNo++;
      start = nl + 1;
      if (lines.length >= batchSize) {
        yield { lines, firstLine };
        lines = [];
        firstLine = lineNo;
      }
    }
    carry = start === 0 ? carry + text : text.slice(start);
  }
  carry += decoder.end();
  if (carry.endsWith('\r')) carry = carry.slice(0, -1);
  if (carry !== '') lines.push(carry);
  if (lines.length) yield { lines, firstLine };
}
