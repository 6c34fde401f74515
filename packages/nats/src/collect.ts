import { Accounting, type Logger } from '@asimkit/core';
import { SessionSummary } from '@asimkit/detector';
import { ConfigError } from '@asimkit/sdk';
import { addAccounting, type Partial } from './partial.js';
import { isServerAway, Outage, retrying, subjects, type Nats } from './stream.js';
import { defaultDurable } from './worker.js';

export interface CollectOptions {
  readonly binSize: number;
  /** The workers' durable consumer, whose progress tells when every raw batch is summarized. */
  readonly durable?: string;
  /** Stop after this long with no new partial (ms); absent: until the signal. */
  readonly untilIdleMs?: number;
  readonly signal?: AbortSignal;
  /** How long the server may stay away before the run stops (ms, default 60 s). */
  readonly retryMs?: number;
  /** Each raw batch's partial summary, exactly once. */
  onPartial(summary: SessionSummary, partial: Partial): void | Promise<void>;
}

export interface CollectResult {
  /** Totals merged from the workers' counts, each raw batch once. */
  readonly acc: Accounting;
  /** Raw batches merged, and partials dropped because their batch was already merged (redeliveries). */
  merged: number;
  duplicates: number;
  /**
   * True when every raw batch in the stream has been summarized and merged: the workers' consumer
   * has delivered and had acknowledged every raw message (a worker acknowledges only after its
   * partial is stored), and every partial stored up to then has been read. Only then is every bin
   * complete.
   */
  complete: boolean;
  /** When not complete: raw batches not yet delivered to a worker (all of them when no worker has started), and delivered but unacknowledged. */
  pending: number;
  unacknowledged: number;
}

/**
 * Reads the workers' partial summaries from the start of the stream (an ordered consumer: it
 * survives server restarts and needs no acks, so a restarted detector rebuilds its state from the
 * stream), merging each raw batch's contribution once, keyed by the batch's message id: a partial
 * published twice (a worker that died after publishing and before acknowledging, its batch
 * redelivered after the duplicate window) is counted once.
 */
export async function collectPartials(nats: Nats, log: Logger, options: CollectOptions): Promise<CollectResult> {
  const seen = new Set<string>();
  const result: CollectResult = { acc: new Accounting(), merged: 0, duplicates: 0, complete: false, pending: 0, unacknowledged: 0 };
  // one subject, as a string: servers before 2.10 (Debian's 2.9) take no list
  const consumer = await nats.js.consumers.get(nats.stream, { filter_subjects: subjects.summaries(nats.stream) });
  let lastSeq = 0;
  let idleSince = Date.now();
  const outage = new Outage(options.retryMs ?? 60_000);
  while (!options.signal?.aborted) {
    let got = 0;
    try {
      const messages = await consumer.fetch({ max_messages: 256, expires: 1000 });
      for await (const m of messages) {
        got++;
        lastSeq = m.seq;
        const partial = m.json<Partial>();
        if (seen.has(partial.input)) {
          result.duplicates++;
          continue;
        }
        seen.add(partial.input);
        result.merged++;
        addAccounting(result.acc, partial.accounting);
        const summary = partial.summary ? SessionSummary.fromJSON(partial.summary) : new SessionSummary({ binSize: options.binSize });
        if (summary.binSize !== options.binSize) throw new ConfigError('bad-flag', `the workers count in ${summary.binSize / 60_000}-minute bins, not --bin ${options.binSize / 60_000}m: give the workers and the detector the same --bin`);
        await options.onPartial(summary, partial);
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
  await isComplete(nats, options, lastSeq, result);
  return result;
}

async function isComplete(nats: Nats, options: CollectOptions, lastSeq: number, result: CollectResult): Promise<boolean> {
  const durable = options.durable ?? defaultDurable('summaries');
  // the order matters: the consumer first (every raw batch acknowledged, so its partial is stored), then the last partial stored
  const info = await retrying(() => nats.jsm.consumers.info(nats.stream, durable).catch((err: Error) => (/not found/i.test(err.message) ? null : Promise.reject(err))), 30_000, 'reading the consumer');
  if (info === null) {
    // no worker has started: complete only if nothing was shipped
    const stream = await retrying(() => nats.jsm.streams.info(nats.stream, { subjects_filter: subjects.allRaw(nats.stream) }), 30_000, 'reading the stream');
    result.pending = Object.values(stream.state.subjects ?? {}).reduce((n, k) => n + k, 0);
    result.complete = result.pending === 0;
    return result.complete;
  }
  const last = await retrying(() => nats.jsm.streams.getMessage(nats.stream, { last_by_subj: subjects.summaries(nats.stream) }), 30_000, 'reading the stream');
  result.pending = info.num_pending;
  result.unacknowledged = info.num_ack_pending;
  result.complete = info.num_pending === 0 && info.num_ack_pending === 0 && (last?.seq ?? 0) <= lastSeq;
  return result.complete;
}
