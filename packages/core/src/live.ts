import { typeViolation, zodViolations, type NetworkSession } from '@asimkit/schema';
import type { OutcomeSink, TableRow } from '@asimkit/sdk';
import { Accounting } from './accounting.js';
import { BATCH_SIZE } from './framing/lines.js';
import { receive, type Listener, type ListenRequest, type Received } from './inputs/listener.js';
import type { Logger } from './logger.js';
import type { PluginRegistry } from './registry.js';
import { LineRouter } from './routing/line-router.js';
import { CurrentArrival, Processors, type InputContext } from './routing/processors.js';
import { TableRouter } from './routing/table-router.js';
import type { NormalizeRequest, RunHooks, SessionSink } from './types.js';

export interface ListenHooks extends RunHooks {
  /** Each endpoint once bound: `tcp 127.0.0.1:6514` (with the port bound when 0 was asked). */
  onListening?(name: string): void;
  /** After each batch has been written to the sink. */
  onBatch?(): void | Promise<void>;
}

/**
 * The live loop: listener → frame → route → decode → map → sink, until the signal. Each message
 * is one raw line to the same per-line routing a relay file gets (shared codecs, then the
 * plugins' claims), with its receive time and sender as the Arrival, so one listener takes ASA,
 * Meraki, Sysmon and CEF devices together and gives the records a file of the same lines gives.
 * Stopping closes the endpoints, frames what the open connections had sent, and drains the queue:
 * everything received is accounted for (`dropped` counts the datagrams the full queue refused and
 * those the kernel dropped before they were read).
 */
export async function listen(
  registry: PluginRegistry,
  req: NormalizeRequest,
  live: ListenRequest,
  sink: SessionSink,
  log: Logger,
  signal: AbortSignal,
  hooks: ListenHooks = {},
  acc = new Accounting(),
): Promise<Accounting> {
  acc.live = true;
  const inputs = new Map<Listener, ListenerInput>();
  const onListening = (listeners: readonly Listener[]) => {
    for (const l of listeners) inputs.set(l, new ListenerInput(registry, req, l.name, log, acc, hooks));
    for (const l of listeners) hooks.onListening?.(l.name);
  };
  acc.dropped = await receive(
    live,
    signal,
    BATCH_SIZE,
    async (batch, dropped) => {
      for (const m of batch) inputs.get(m.listener)!.take(m);
      for (const input of inputs.values()) await input.flush(sink);
      acc.dropped = dropped();
      await hooks.onBatch?.();
    },
    onListening,
  );
  return acc;
}

/** One endpoint's stream: its parsers (one per plugin, as for one file), routing and outcomes. */
class ListenerInput implements OutcomeSink {
  private readonly input: InputContext;
  private readonly router: LineRouter;
  private records: NetworkSession[] = [];
  /** Messages taken so far: a message's position in the stream. */
  private position = 0;
  private peer = '';

  constructor(
    registry: PluginRegistry,
    private readonly req: NormalizeRequest,
    private readonly name: string,
    log: Logger,
    private readonly acc: Accounting,
    private readonly hooks: RunHooks,
  ) {
    this.input = { path: name, log, receivedAt: new Date().toISOString(), fields: req.fields ? new Set(req.fields) : undefined, req, arrival: new CurrentArrival() };
    const processors = new Processors(this.input);
    this.router = new LineRouter(registry, processors, new TableRouter(registry, processors), this.input, req.table);
  }

  take(m: Received): void {
    const position = ++this.position;
    this.peer = m.peer;
    this.acc.read++;
    if (!('text' in m)) return this.rejected(m.reason, m.detail, position, m.raw);
    // the sender stands in for the host when the header names none, as Sentinel's agent records it
    this.input.arrival.set({ receivedAt: m.receivedAt, peer: m.peer, host: m.peer });
    this.router.line(m.text, position, this);
  }

  async flush(sink: SessionSink): Promise<void> {
    const records = this.records;
    if (records.length === 0) return;
    this.records = [];
    this.acc.emitted += records.length;
    await sink.write(records);
  }

  session(record: NetworkSession, position: number, raw?: string | TableRow): void {
    const r = record as unknown as Record<string, unknown>;
    const wrong = typeViolation(r);
    if (wrong !== undefined) return this.rejected('invalid-value', wrong, position, typeof raw === 'string' ? raw : JSON.stringify(raw ?? record));
    if (this.req.validate) {
      const errors = zodViolations(record).filter((v) => v.severity === 'error');
      if (errors.length) return this.rejected('invalid-asim', errors.map((v) => `${v.field}: ${v.message}`).join('; '), position, typeof raw === 'string' ? raw : JSON.stringify(raw ?? record));
    }
    if (this.req.lineage) r._Lineage = { path: this.name, line: position, peer: this.peer };
    this.records.push(record);
  }

  skipped(reason: string): void {
    this.acc.skip(reason);
  }

  parts(parts: number): void {
    this.acc.read += parts - 1;
  }

  rejected(reason: string, detail: string, position: number, raw: string): void {
    this.acc.reject(reason);
    this.hooks.onRejected?.({ path: `${this.name} from ${this.peer}`, line: position, reason, detail, raw });
  }
}
