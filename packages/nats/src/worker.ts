import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, type Consumer, type JsMsg } from '@nats-io/jetstream';
import { Accounting, normalizeFiles, type InputFile, type Logger, type NormalizeRequest, type PluginRegistry, type RejectedRecord, type SessionSink } from '@asimkit/core';
import { DETECTOR_FIELDS, SessionSummary } from '@asimkit/detector';
import type { NetworkSession } from '@asimkit/schema';
import { accountingOf, addAccounting, type Partial } from './partial.js';
import { H, isServerAway, msgHeaders, Outage, retrying, subjects, type Nats } from './stream.js';

export type Emit = 'summaries' | 'records';

export interface WorkerOptions {
  readonly emit: Emit;
  /** The durable consumer the workers share (default `asim-<emit>`). */
  readonly durable?: string;
  /** Exit after this long with nothing new to take (ms); absent: until the signal. */
  readonly untilIdleMs?: number;
  /** How long a message taken by a worker that dies stays with it before it is redelivered (ms). */
  readonly ackWaitMs?: number;
  readonly binSize: number;
  readonly retryMs?: number;
  readonly signal?: AbortSignal;
  onRejected?(record: RejectedRecord): void;
}

export interface WorkerResult {
  /** Raw batches normalized and acknowledged; outputs the stream already had (a redelivery). */
  batches: number;
  duplicates: number;
  acc: Accounting;
}

/** The default durable consumer name for an emit mode: workers of one mode share it. */
export const defaultDurable = (emit: Emit): string => `asim-${emit}`;

/** Longest records message (JSON lines cut at line ends; the max_payload default is 1 MiB). */
const RECORDS_PART_BYTES = 512 << 10;

/**
 * A worker: takes raw batches from the shared durable pull consumer (a work queue: each batch
 * goes to one worker), normalizes each with the same plugins and routing a file gets, publishes
 * the result with a Nats-Msg-Id derived from the batch's own, waits for the stream to
 * acknowledge it, and only then acknowledges the batch. A worker that dies before the ack leaves
 * its batch to be redelivered (after `ackWaitMs`) to another; its output, if already stored, is
 * dropped as a duplicate or merged once by the detector.
 */
export async function runWorker(nats: Nats, registry: PluginRegistry, base: NormalizeRequest, log: Logger, options: WorkerOptions): Promise<WorkerResult> {
  const consumer = await workerConsumer(nats, options);
  const result: WorkerResult = { batches: 0, duplicates: 0, acc: new Accounting() };
  const req: NormalizeRequest = { ...base, inputs: [], ...(options.emit === 'summaries' ? { fields: DETECTOR_FIELDS } : {}) };
  let idleSince = Date.now();
  const outage = new Outage(options.retryMs ?? 60_000);
  while (!options.signal?.aborted) {
    let got = 0;
    try {
      const messages = await consumer.fetch({ max_messages: 16, expires: 1000 });
      for await (const m of messages) {
        got++;
        await handle(nats, registry, req, log, options, m, result);
        if (options.signal?.aborted) break;
      }
    } catch (err) {
      if (!isServerAway(err)) throw err;
      await outage.wait(err as Error, log);
      idleSince = Date.now(); // time without a server is not idle time
      continue;
    }
    outage.over();
    if (got) idleSince = Date.now();
    else if (options.untilIdleMs !== undefined && Date.now() - idleSince >= options.untilIdleMs) break;
  }
  return result;
}

async function workerConsumer(nats: Nats, options: WorkerOptions): Promise<Consumer> {
  const durable = options.durable ?? defaultDurable(options.emit);
  const existing = await nats.jsm.consumers.info(nats.stream, durable).catch(() => null);
  if (!existing) {
    await nats.jsm.consumers
      .add(nats.stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subjects.allRaw(nats.stream),
        ack_wait: nanos(options.ackWaitMs ?? 30_000),
        max_ack_pending: 256,
      })
      .catch(async (err: Error) => {
        if ((await nats.jsm.consumers.info(nats.stream, durable).catch(() => null)) === null) throw err; // not a race with another worker
      });
  }
  return nats.js.consumers.get(nats.stream, durable);
}

/** A failure that must stop the worker (its output cannot be published): the batch stays unacknowledged. */
export class WorkerStop extends Error {}

async function handle(nats: Nats, registry: PluginRegistry, req: NormalizeRequest, log: Logger, options: WorkerOptions, m: JsMsg, result: WorkerResult): Promise<void> {
  const h = m.headers;
  const input = h?.get('Nats-Msg-Id') ?? `seq-${m.seq}`;
  const path = h?.get(H.path) || m.subject;
  const firstLine = Number(h?.get(H.line) || 1);
  const head = h?.get(H.head);
  const file: InputFile = { path, size: m.data.length, bytes: Buffer.from(m.data.buffer, m.data.byteOffset, m.data.length), found: true, ...(head ? { preamble: [JSON.parse(head) as string] } : {}) };
  const acc = new Accounting();
  const summary = new SessionSummary({ binSize: options.binSize });
  const records = new RecordParts();
  const sink: SessionSink = options.emit === 'summaries' ? { write: (r) => void summary.add(r), detectorKey: (k) => summary.addKey(k), detectorKeyColumns: (c, n) => summary.addKeyColumns(c, n), close() {} } : records;
  const hooks = { onRejected: (r: RejectedRecord) => options.onRejected?.({ ...r, line: r.line + firstLine - 1 }) };
  try {
    await normalizeFiles(registry, req, [file], sink, log, hooks, acc);
  } catch (err) {
    // a batch that breaks the pipeline is reported in the counts, not retried for ever
    log.error({ path, input, err: (err as Error).message }, 'batch failed');
    acc.inputFailed(path, `${path} (${input}): ${(err as Error).message}`);
  }
  const partial: Partial = { input, path, accounting: accountingOf(acc), ...(options.emit === 'summaries' ? { summary: summary.toJSON() } : {}) };
  const publish = async (subject: string, msgID: string, data: string | Uint8Array, extra: Record<string, string> = {}) => {
    try {
      const ack = await retrying(() => nats.js.publish(subject, data, { msgID, headers: msgHeaders({ [H.input]: input, ...extra }), timeout: 5000 }), options.retryMs ?? 60_000, `publishing the output of ${input}`);
      if (ack.duplicate) result.duplicates++;
    } catch (err) {
      throw new WorkerStop((err as Error).message);
    }
  };
  if (options.emit === 'summaries') await publish(subjects.summaries(nats.stream), `sum:${input}`, JSON.stringify(partial));
  else {
    const parts = records.parts();
    const source = m.subject.slice(m.subject.lastIndexOf('.') + 1);
    for (let k = 0; k < parts.length; k++) {
      await publish(subjects.records(nats.stream, source), `rec:${input}:${k}`, parts[k]!, { 'Asim-Part': `${k + 1}/${parts.length}`, ...(k === 0 ? { 'Asim-Accounting': JSON.stringify(partial.accounting) } : {}) });
    }
  }
  if (!(await m.ackAck().catch(() => false))) log.warn({ input }, 'the acknowledgement was not confirmed: the batch may be redelivered (its output is merged once)');
  result.batches++;
  addAccounting(result.acc, partial.accounting);
}

/** A batch's records as JSON lines, cut into messages at line ends (always at least one, maybe empty). */
class RecordParts implements SessionSink {
  private readonly done: string[] = [];
  private current = '';

  write(records: NetworkSession[]): void {
    for (const r of records) {
      const line = JSON.stringify(r) + '\n';
      if (this.current.length && this.current.length + line.length > RECORDS_PART_BYTES) {
        this.done.push(this.current);
        this.current = '';
      }
      this.current += line;
    }
  }

  close(): void {}

  parts(): string[] {
    return [...this.done, this.current];
  }
}
