import { emptyDetectorKey, typeViolation, zodViolations, type DetectorKey, type NetworkSession } from '@asimkit/schema';
import type { OutcomeSink, RecordProcessor, TableRow } from '@asimkit/sdk';
import { Accounting } from './accounting.js';
import { BATCH_SIZE } from './framing/lines.js';
import { receive, type Listener, type ListenRequest, type Received } from './inputs/listener.js';
import type { Logger } from './logger.js';
import type { PluginRegistry } from './registry.js';
import { LineRouter } from './routing/line-router.js';
import { CurrentArrival, Processors, type InputContext } from './routing/processors.js';
import { TableRouter } from './routing/table-router.js';
import { wantsDetectorKeys, type NormalizeRequest, type RunHooks, type SessionSink } from './types.js';

/** Fast paths tried per sender before a message is routed (a relay may forward a few formats). */
const MAX_FAST_PATHS = 4;
/** Senders whose fast paths are remembered; past this many (spoofed UDP sources) they are learnt again. */
const MAX_SENDERS = 1 << 16;

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
  // no filter on a live run's fast path: a filtered run takes the full path
  const takeKey = !req.filter && wantsDetectorKeys(req, sink, undefined) ? sink.detectorKey!.bind(sink) : undefined;
  const onListening = (listeners: readonly Listener[]) => {
    for (const l of listeners) inputs.set(l, new ListenerInput(registry, req, l.name, log, acc, hooks, takeKey));
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

/**
 * One endpoint's stream: its parsers (one per plugin, as for one file), routing and outcomes.
 * When the sink only counts (`detectorKey`), each message first goes, as bytes, to the detector
 * fast paths of the plugins that took its sender's earlier messages (a device keeps its format),
 * as a file's lines go to its plugin's: a fast path takes only plain sessions of its own source,
 * and anything it declines is routed as usual.
 */
class ListenerInput implements OutcomeSink {
  private readonly input: InputContext;
  private readonly processors: Processors;
  private readonly router: LineRouter;
  private records: NetworkSession[] = [];
  /** Per sender, the processors with a fast path that took its messages (a few at most). */
  private readonly fastPaths = new Map<string, RecordProcessor<unknown>[]>();
  private readonly key = emptyDetectorKey();
  private keysTaken = false;
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
    private readonly takeKey: ((key: DetectorKey) => void) | undefined,
  ) {
    this.input = { path: name, log, receivedAt: new Date().toISOString(), fields: req.fields ? new Set(req.fields) : undefined, req, arrival: new CurrentArrival() };
    this.processors = new Processors(this.input);
    this.router = new LineRouter(registry, this.processors, new TableRouter(registry, this.processors), this.input, req.table);
  }

  take(m: Received): void {
    const position = ++this.position;
    this.peer = m.peer;
    this.acc.read++;
    if (!('text' in m)) return this.rejected(m.reason, m.detail, position, m.raw);
    // the sender stands in for the host when the header names none, as Sentinel's agent records it
    this.input.arrival.set({ receivedAt: m.receivedAt, peer: m.peer, host: m.peer });
    if (this.takeKey === undefined) return void this.router.line(m.text, position, this);
    const known = this.fastPaths.get(m.peer);
    if (known) {
      const bytes = Buffer.from(m.text, 'utf8');
      for (const p of known) {
        if (p.detectorKey(bytes, 0, bytes.length, this.key)) {
          this.acc.emitted++;
          this.keysTaken = true;
          return this.takeKey(this.key);
        }
      }
    }
    const taker = this.router.line(m.text, position, this);
    if (taker === undefined) return;
    const p = this.processors.get(taker);
    if (known?.includes(p) || !p.decodesDetectorKeys()) return;
    if (known !== undefined) {
      if (known.length < MAX_FAST_PATHS) known.push(p);
      return;
    }
    if (this.fastPaths.size >= MAX_SENDERS) this.fastPaths.clear();
    this.fastPaths.set(m.peer, [p]);
  }

  async flush(sink: SessionSink): Promise<void> {
    const records = this.records;
    // after keys alone too: the live detector closes the bins they moved past when it is written to
    if (records.length === 0 && !this.keysTaken) return;
    this.keysTaken = false;
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
