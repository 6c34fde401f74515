import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { detectInputKind, InputError } from '@asimkit/sdk';
import { expandInputs, inputChunks, type InputFile, type Logger } from '@asimkit/core';
import { H, msgHeaders, retrying, subjects, type Nats } from './stream.js';

/** A raw batch holds whole lines, this many bytes at most (unless one line is longer). */
export const BATCH_BYTES = 256 << 10;

export interface ShipOptions {
  /** How long a publish is retried while the server is away before the shipper gives up (ms). */
  readonly retryMs?: number;
  readonly batchBytes?: number;
}

export interface ShipResult {
  files: number;
  /** Batches stored by this run, and batches the stream already had (resumed past, or dropped as duplicates). */
  published: number;
  duplicates: number;
  resumedBytes: number;
  bytes: number;
  /** Inputs that could not be read to their end (what was read before the failure was shipped). */
  failed: { path: string; reason: string }[];
}

/**
 * Publishes each input file as raw batches of whole lines on its own subject, in order, one
 * publish acknowledged before the next is sent: so the last message the stream holds for a file's
 * subject marks how far the file is safely stored, and a restarted shipper resumes there. Each
 * batch's Nats-Msg-Id is the file's identity and the batch's byte range, so a re-publish (a retry
 * whose first ack was lost, a restart within the duplicate window) is dropped by the stream, and
 * one outside it carries the same id, which the detector merges once.
 */
export async function shipFiles(nats: Nats, paths: readonly string[], log: Logger, options: ShipOptions = {}): Promise<ShipResult> {
  const result: ShipResult = { files: 0, published: 0, duplicates: 0, resumedBytes: 0, bytes: 0, failed: [] };
  for (const file of await expandInputs(paths)) {
    result.files++;
    try {
      await shipFile(nats, file, log, options, result);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      log.warn({ path: file.path }, err.message);
      result.failed.push({ path: file.path, reason: err.message });
    }
  }
  return result;
}

/** A file's identity: where it is and which file it is there (a rotated file is a new one). */
export function fileIdentity(path: string): string {
  let key = path;
  try {
    const s = statSync(path);
    key = `${realpathSync(path)}\0${s.dev}:${s.ino}`;
  } catch {
    // unreadable: reading it reports why
  }
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

async function shipFile(nats: Nats, file: InputFile, log: Logger, options: ShipOptions, result: ShipResult): Promise<void> {
  const id = fileIdentity(file.path);
  const subject = subjects.raw(nats.stream, id);
  const retryMs = options.retryMs ?? 60_000;
  const last = await retrying(() => nats.jsm.streams.getMessage(nats.stream, { last_by_subj: subject }), retryMs, 'reading the stream');
  const resume = last ? Number(last.header.get(H.end)) : 0;
  if (resume > 0) log.info({ path: file.path, resume }, 'resuming after what the stream holds');
  result.resumedBytes += resume;
  const maxPayload = nats.nc.info?.max_payload ?? 1 << 20;
  const publish = async (start: number, end: number, line: number, data: Uint8Array, head: string | undefined) => {
    const h: Record<string, string> = { [H.path]: file.path, [H.start]: String(start), [H.end]: String(end), [H.line]: String(line) };
    if (head !== undefined && start > 0) h[H.head] = JSON.stringify(head);
    const msgID = `${id}:${start}-${end}`;
    const ack = await retrying(() => nats.js.publish(subject, data, { msgID, headers: msgHeaders(h), timeout: 5000 }), retryMs, `publishing ${file.path} bytes ${start}-${end}`);
    if (ack.duplicate) result.duplicates++;
    else result.published++;
    result.bytes += end - start;
  };
  let batchBytes = Math.min(options.batchBytes ?? BATCH_BYTES, maxPayload - 4096);
  let offset = 0; // bytes of the content before `pending`
  let line = 1;
  let pending = Buffer.alloc(0);
  let head: string | undefined;
  let kind: string | undefined;
  for await (const chunk of inputChunks(file, { bytes: 0 })) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    kind ??= detectInputKind(file.path, pending.subarray(0, 1 << 16).toString('utf8'));
    // a table export or JSON document is read whole: shipped as one message
    if (kind !== 'lines' && kind !== 'json-lines') batchBytes = Infinity;
    if (head === undefined) {
      const nl = pending.indexOf(10);
      if (nl >= 0) head = pending.toString('utf8', 0, nl).replace(/\r$/, '');
    }
    while (pending.length > batchBytes) {
      let cut = pending.lastIndexOf(10, batchBytes - 1) + 1;
      if (cut === 0) cut = Math.max(pending.indexOf(10, batchBytes) + 1, 0) || pending.length; // a line longer than a batch goes alone
      if (cut > maxPayload - 4096) cut = maxPayload - 4096; // longer than a message can be: cut (its parts are rejected as malformed)
      const batch = pending.subarray(0, cut);
      if (offset + cut > resume) await publish(offset, offset + cut, line, batch, head);
      line += countLines(batch);
      offset += cut;
      pending = pending.subarray(cut);
    }
  }
  if (pending.length > maxPayload - 4096) throw new InputError('too-large', `${file.path}: a ${pending.length}-byte ${kind} document does not fit in a NATS message (max_payload ${maxPayload}); ship it as JSON lines`);
  if (pending.length && offset + pending.length > resume) await publish(offset, offset + pending.length, line, pending, head);
}

function countLines(data: Uint8Array): number {
  let n = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  return n;
}
