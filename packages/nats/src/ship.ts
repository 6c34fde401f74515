import { createHash, randomBytes } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { detectInputKind, InputError } from '@asimkit/sdk';
import { expandInputs, followFile, followInputs, inputChunks, receive, type InputFile, type ListenRequest, type Logger, type Received } from '@asimkit/core';
import { H, msgHeaders, retrying, subjects, type Nats } from './stream.js';

/** A raw batch holds whole lines, this many bytes at most (unless one line is longer). */
export const BATCH_BYTES = 256 << 10;

/** The first bytes of a file that each batch's `Asim-First` fingerprints (a resumed shipper checks it is the same file). */
const PREFIX_BYTES = 1024;

/** Messages a listener hands over at a time: one raw batch (or more, when they are long). */
const LISTEN_BATCH = 1024;

export interface ShipOptions {
  /** How long a publish is retried while the server is away before the shipper gives up (ms). */
  readonly retryMs?: number;
  readonly batchBytes?: number;
  /** With `--follow` and listeners: stop (what is stored so far stays; a restart resumes after it). */
  readonly signal?: AbortSignal;
  /** `--follow`: how often a followed file is checked (ms). */
  readonly pollMs?: number;
}

export interface ShipResult {
  files: number;
  /** Batches stored by this run, and batches the stream already had (resumed past, or dropped as duplicates). */
  published: number;
  duplicates: number;
  resumedBytes: number;
  bytes: number;
  /** Files shipped again from their start under a new generation: truncated, or a reused inode (not what the stream holds). */
  restarted: number;
  /** Inputs that could not be read to their end (what was read before the failure was shipped). */
  failed: { path: string; reason: string }[];
}

const newResult = (): ShipResult => ({ files: 0, published: 0, duplicates: 0, resumedBytes: 0, bytes: 0, restarted: 0, failed: [] });

/**
 * Publishes each input file as raw batches of whole lines on its own subject, in order, one
 * publish acknowledged before the next is sent: so the last message the stream holds for a file's
 * subject marks how far the file is safely stored, and a restarted shipper resumes there. Each
 * batch's Nats-Msg-Id is the file's identity, generation and the batch's byte range, so a
 * re-publish (a retry whose first ack was lost, a restart within the duplicate window) is dropped
 * by the stream, and one outside it carries the same id, which the detector merges once.
 */
export async function shipFiles(nats: Nats, paths: readonly string[], log: Logger, options: ShipOptions = {}): Promise<ShipResult> {
  const result = newResult();
  for (const file of await expandInputs(paths)) await shipInput(file, () => shipFile(nats, file, log, options, result), result, log);
  return result;
}

/**
 * `ship --follow`: each file as `shipFiles` ships it, then what is appended, until the signal, as
 * `tail -F` follows it. Each file (device and inode) is its own subject: after a rotation the
 * renamed file is shipped to its end and the new one from its start; a truncated file starts a
 * new generation from byte 0. Complete lines are published as soon as the file is read to its
 * end; a line still being written waits for its LF (or the rotation that ends it). A restart
 * resumes each file after what the stream holds for it.
 */
export async function shipFollowed(nats: Nats, paths: readonly string[], log: Logger, options: ShipOptions & { readonly signal: AbortSignal }): Promise<ShipResult> {
  const result = newResult();
  await followInputs(paths, { signal: options.signal, ...(options.pollMs ? { pollMs: options.pollMs } : {}) }, (file) =>
    shipInput(file, () => (file.follow ? followAndShip(nats, file, log, options, result) : shipFile(nats, file, log, options, result)), result, log),
  );
  return result;
}

async function shipInput(file: InputFile, ship: () => Promise<void>, result: ShipResult, log: Logger): Promise<void> {
  result.files++;
  try {
    await ship();
  } catch (err) {
    const reason = err instanceof InputError ? err.message : (err as NodeJS.ErrnoException).code ? `${file.path}: ${(err as Error).message}` : undefined;
    if (reason === undefined) throw err;
    log.warn({ path: file.path }, reason);
    result.failed.push({ path: file.path, reason });
  }
}

/**
 * A file's identity: this host, the file's device and inode, and its birth time (where the file
 * system keeps one), so a renamed file (rotation) keeps its identity and a new file on a reused
 * inode gets another; the fingerprint of the first bytes (`Asim-First`) catches the rest.
 */
export function fileIdentity(stats: Stats | undefined, path: string): string {
  const key = stats ? `${hostname()}\0${stats.dev}:${stats.ino}\0${stats.birthtimeMs}` : path;
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

async function shipFile(nats: Nats, file: InputFile, log: Logger, options: ShipOptions, result: ShipResult): Promise<void> {
  const stats = statOrUndefined(file.path);
  const segment = await Segment.open(nats, file.path, fileIdentity(stats, file.path), await contentStart(file.path), undefined, log, options, result);
  for await (const chunk of inputChunks(file, { bytes: 0 })) await segment.add(chunk);
  await segment.end();
}

/** One followed path: a segment per file opened under it (rotation), a new generation on truncation. */
async function followAndShip(nats: Nats, file: InputFile, log: Logger, options: ShipOptions & { readonly signal: AbortSignal }, result: ShipResult): Promise<void> {
  let segment: Segment | undefined;
  const startAt = async (stats: Stats, opened: FileHandle) => {
    await segment?.end(); // the old file was read to its end: its last line, even without an LF, is complete
    // its first bytes from the file opened, not from the path (which a rotation may already have moved on)
    const start = Buffer.alloc(Math.min(stats.size, START_BYTES));
    const { bytesRead } = await opened.read(start, 0, start.length, 0);
    segment = await Segment.open(nats, file.path, fileIdentity(stats, file.path), start.subarray(0, bytesRead), { size: stats.size }, log, options, result);
    return segment.resume;
  };
  for await (const seen of followFile(file.path, { ...file.follow!, startAt })) {
    if (seen.kind === 'bytes') await segment!.add(seen.chunk);
    else if (seen.kind === 'idle') await segment!.publishLines();
    else if (seen.kind === 'truncated') {
      await segment!.end();
      segment = await segment!.nextGeneration();
    }
  }
  await segment?.publishLines(); // stopped: a line still without its LF is shipped by the next run
}

/**
 * One generation of one file on its subject: batches of whole lines from `resume` on, each
 * published (and acknowledged) before the next, so the stream's last message on the subject
 * says how far this file is stored.
 */
class Segment {
  private offset: number;
  private line: number;
  private pending: Buffer = Buffer.alloc(0);
  private head: string | undefined;
  private kind: string | undefined;
  private batchBytes: number;
  private readonly maxPayload: number;

  private constructor(
    private readonly nats: Nats,
    private readonly path: string,
    private readonly id: string,
    private readonly gen: number,
    /** Bytes before this are in the stream already: read past, not published. */
    readonly resume: number,
    line: number,
    /** The file's first bytes (up to PREFIX_BYTES; fewer while the file is shorter), fingerprinted on each batch. */
    private prefix: Buffer,
    /** Given the whole file from its start (`shipFiles`), rather than from `resume` on (a followed file). */
    private readonly whole: boolean,
    private readonly log: Logger,
    private readonly options: ShipOptions,
    private readonly result: ShipResult,
  ) {
    this.offset = whole ? 0 : resume;
    this.line = line;
    this.maxPayload = nats.nc.info?.max_payload ?? 1 << 20;
    this.batchBytes = Math.min(options.batchBytes ?? BATCH_BYTES, this.maxPayload - 4096);
  }

  /**
   * Where the stream stands for this file: after its last batch when that batch fingerprints the
   * file's first bytes as they are now (`start`, up to 64 KiB; and, for a followed file, `size`
   * still reaches its end); otherwise the file is not the one shipped (truncated, rewritten, a
   * reused inode): a new generation from byte 0.
   */
  static async open(nats: Nats, path: string, id: string, start: Buffer, followed: { size: number } | undefined, log: Logger, options: ShipOptions, result: ShipResult): Promise<Segment> {
    const subject = subjects.raw(nats.stream, id);
    const last = await retrying(() => nats.jsm.streams.getMessage(nats.stream, { last_by_subj: subject }), options.retryMs ?? 60_000, 'reading the stream');
    const make = (gen: number, resume: number, line: number) => new Segment(nats, path, id, gen, resume, line, start.subarray(0, PREFIX_BYTES), !followed, log, options, result);
    if (!last) return make(0, 0, 1);
    const gen = Number(last.header.get(H.gen) || 0);
    const end = Number(last.header.get(H.end));
    const [k, hash] = (last.header.get(H.first) ?? '').split(':');
    const same = start.length >= Number(k) && fingerprint(start.subarray(0, Number(k))) === hash && (followed === undefined || followed.size >= end);
    if (!same) {
      log.info({ path, generation: gen + 1 }, 'not the file the stream holds under this identity (truncated or a reused inode): shipped anew from its start');
      result.restarted++;
      return make(gen + 1, 0, 1);
    }
    if (end > 0) log.info({ path, resume: end }, 'resuming after what the stream holds');
    result.resumedBytes += end;
    const segment = make(gen, end, Number(last.header.get(H.line) || 1) + countLines(last.data));
    segment.head = firstLine(start);
    return segment;
  }

  /** The same file from its start again (it was truncated): the next generation. */
  async nextGeneration(): Promise<Segment> {
    this.result.restarted++;
    this.log.info({ path: this.path, generation: this.gen + 1 }, 'truncated: shipped again from its start');
    return new Segment(this.nats, this.path, this.id, this.gen + 1, 0, 1, Buffer.alloc(0), false, this.log, this.options, this.result);
  }

  /** The next bytes of the file, in order: from its start (a whole file) or from `resume` (a followed one). */
  async add(chunk: Buffer): Promise<void> {
    const at = this.offset + this.pending.length;
    if (this.prefix.length < PREFIX_BYTES && at <= this.prefix.length && at + chunk.length > this.prefix.length) {
      this.prefix = Buffer.concat([this.prefix, chunk.subarray(this.prefix.length - at, PREFIX_BYTES - at)]);
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.offset === 0 && this.head === undefined) {
      const nl = this.pending.indexOf(10);
      if (nl >= 0) this.head = this.pending.toString('utf8', 0, nl).replace(/\r$/, '');
    }
    if (this.whole) {
      this.kind ??= detectInputKind(this.path, this.pending.subarray(0, 1 << 16).toString('utf8'));
      // a table export or JSON document is read whole: shipped as one message
      if (this.kind !== 'lines' && this.kind !== 'json-lines') this.batchBytes = Infinity;
    }
    if (this.offset < this.resume) {
      const skip = Math.min(this.resume - this.offset, this.pending.length);
      this.pending = this.pending.subarray(skip);
      this.offset += skip;
    }
    while (this.pending.length > this.batchBytes) {
      let cut = this.pending.lastIndexOf(10, this.batchBytes - 1) + 1;
      if (cut === 0) cut = Math.max(this.pending.indexOf(10, this.batchBytes) + 1, 0) || this.pending.length; // a line longer than a batch goes alone
      if (cut > this.maxPayload - 4096) cut = this.maxPayload - 4096; // longer than a message can be: cut (its parts are rejected as malformed)
      await this.publish(cut);
    }
  }

  /** Publishes the complete lines read so far (a followed file that has caught up). */
  async publishLines(): Promise<void> {
    const cut = this.pending.lastIndexOf(10) + 1;
    if (cut > 0) await this.publish(cut);
  }

  /** The file is read to its end: publishes what is left, a last line without its LF included. */
  async end(): Promise<void> {
    if (this.pending.length > this.maxPayload - 4096) {
      throw new InputError('too-large', `${this.path}: a ${this.pending.length}-byte ${this.kind ?? 'lines'} document does not fit in a NATS message (max_payload ${this.maxPayload}); ship it as JSON lines`);
    }
    if (this.pending.length) await this.publish(this.pending.length);
  }

  private async publish(cut: number): Promise<void> {
    const data = this.pending.subarray(0, cut);
    const start = this.offset;
    const end = start + cut;
    const h: Record<string, string> = {
      [H.path]: this.path,
      [H.start]: String(start),
      [H.end]: String(end),
      [H.line]: String(this.line),
      [H.gen]: String(this.gen),
      [H.first]: `${this.prefix.length}:${fingerprint(this.prefix)}`,
    };
    if (this.head !== undefined && start > 0) h[H.head] = JSON.stringify(this.head);
    const subject = subjects.raw(this.nats.stream, this.id);
    const msgID = `${this.id}.${this.gen}:${start}-${end}`;
    const ack = await retrying(() => this.nats.js.publish(subject, data, { msgID, headers: msgHeaders(h), timeout: 5000 }), this.options.retryMs ?? 60_000, `publishing ${this.path} bytes ${start}-${end}`);
    if (ack.duplicate) this.result.duplicates++;
    else this.result.published++;
    this.result.bytes += cut;
    this.line += countLines(data);
    this.offset = end;
    this.pending = this.pending.subarray(cut);
  }
}

export interface ListenShipResult {
  /** Messages received and published; batches stored. */
  messages: number;
  batches: number;
  /** Bytes that were no message (too long, a broken frame), by reason: counted here, not published. */
  rejected: Map<string, number>;
  /** Datagrams dropped before they could be read (the queue was full, or the kernel's buffer). */
  dropped: number;
}

/**
 * `ship --udp/--tcp/--tls`: receives syslog as `asim listen` does and publishes each batch of
 * messages on the listener's subject, each message as an rsyslog-style JSON envelope line
 * (`rawmsg`, `timegenerated`, `fromhost`, `fromhost-ip`), so the workers route the inner line
 * exactly as `asim listen` routes the message, with its receive time and sender. A batch's
 * Nats-Msg-Id is the listener's identity for this run and the batch's sequence number. Messages
 * received but not yet acknowledged by the stream when the shipper dies are lost: syslog has no
 * acknowledgement to hold them back with (RFC 5424 senders do not resend).
 */
export async function shipListeners(nats: Nats, live: ListenRequest, log: Logger, options: ShipOptions & { readonly signal: AbortSignal; onListening?(name: string): void }): Promise<ListenShipResult> {
  const result: ListenShipResult = { messages: 0, batches: 0, rejected: new Map(), dropped: 0 };
  const run = randomBytes(6).toString('hex');
  const streams = new Map<unknown, { id: string; name: string; batch: number; message: number }>();
  const maxBytes = Math.min(options.batchBytes ?? BATCH_BYTES, (nats.nc.info?.max_payload ?? 1 << 20) - 4096);
  const publish = async (s: { id: string; name: string; batch: number; message: number }, lines: string[]) => {
    const data = lines.join('');
    const seq = ++s.batch;
    const h = { [H.path]: s.name, [H.line]: String(s.message + 1), [H.start]: String(s.message), [H.end]: String(s.message + lines.length) };
    await retrying(() => nats.js.publish(subjects.raw(nats.stream, s.id), data, { msgID: `${s.id}:${seq}`, headers: msgHeaders(h), timeout: 5000 }), options.retryMs ?? 60_000, `publishing ${s.name} batch ${seq}`);
    s.message += lines.length;
    result.messages += lines.length;
    result.batches++;
  };
  result.dropped = await receive(
    live,
    options.signal,
    LISTEN_BATCH,
    async (batch: Received[], dropped) => {
      const byListener = new Map<unknown, string[]>();
      for (const m of batch) {
        if (!('text' in m)) {
          result.rejected.set(m.reason, (result.rejected.get(m.reason) ?? 0) + 1);
          log.warn({ listener: m.listener.name, peer: m.peer, reason: m.reason }, m.detail);
          continue;
        }
        const lines = byListener.get(m.listener) ?? [];
        lines.push(JSON.stringify({ rawmsg: m.text, timegenerated: m.receivedAt, fromhost: m.peer, 'fromhost-ip': m.peer }) + '\n');
        byListener.set(m.listener, lines);
      }
      for (const [listener, lines] of byListener) {
        const s = streams.get(listener)!;
        let part: string[] = [];
        let bytes = 0;
        for (const line of lines) {
          if (part.length && bytes + line.length > maxBytes) {
            await publish(s, part);
            part = [];
            bytes = 0;
          }
          part.push(line);
          bytes += Buffer.byteLength(line);
        }
        if (part.length) await publish(s, part);
      }
      result.dropped = dropped();
    },
    (listeners) => {
      for (const l of listeners) {
        const id = createHash('sha256').update(`${hostname()}\0${l.name}\0${run}`).digest('hex').slice(0, 20);
        streams.set(l, { id, name: l.name, batch: 0, message: 0 });
        options.onListening?.(l.name);
      }
    },
  );
  return result;
}

/** How much of a file's start `Segment.open` reads: its fingerprint and its header line. */
const START_BYTES = 1 << 16;

/** The first 64 KiB of a file's content (decompressed for .gz): its fingerprint and header line; empty when unreadable. */
async function contentStart(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of inputChunks({ path, size: undefined, found: true }, { bytes: 0 })) {
      parts.push(Buffer.from(chunk));
      n += chunk.length;
      if (n >= START_BYTES) break;
    }
  } catch {
    // unreadable: reading it reports why
  }
  return Buffer.concat(parts).subarray(0, START_BYTES);
}

function firstLine(start: Buffer): string | undefined {
  const nl = start.indexOf(10);
  return nl < 0 ? undefined : start.toString('utf8', 0, nl).replace(/\r$/, '');
}

function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function countLines(data: Uint8Array): number {
  let n = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  return n;
}
