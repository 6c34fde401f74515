import { compileSessionFilter, detectorKeyAt, emptyDetectorKey, typeViolation, zodViolations, type DetectorKey, type DetectorKeyColumns, type NetworkSession, type SessionFilter } from '@asimkit/schema';
import {
  ConfigError,
  detectInputKind,
  InputError,
  isBlankLine,
  normalizeJsonRow,
  type JsonObject,
  type KeyOutcomes,
  type OutcomeSink,
  type RecordProcessor,
  type TableRow,
} from '@asimkit/sdk';
import { Accounting } from './accounting.js';
import { csvRowBatches } from './framing/csv.js';
import { jsonDocumentItems, jsonLineItems, type JsonItem } from './framing/json.js';
import { xmlEventItems, type XmlItem } from './framing/xml.js';
import { BATCH_SIZE, ByteLines, lineBatches } from './framing/lines.js';
import { inputChunks, plainHead, type ByteCounter } from './inputs/chunks.js';
import { expandInputs, type InputFile } from './inputs/files.js';
import { followInputs } from './inputs/follow.js';
import type { Logger } from './logger.js';
import { runSplit, splitHead, type RangeOutcome, type SplitRoute } from './parallel/split.js';
import { BATCH_SPLIT_MIN_BYTES } from './parallel/prestart.js';
import { PluginRegistry, type LoadedPlugin } from './registry.js';
import { unwrapEnvelope } from './routing/envelopes.js';
import { LineRouter } from './routing/line-router.js';
import { CurrentArrival, Processors, type InputContext } from './routing/processors.js';
import { pickConfident, safeSniff, sampleLines, SNIFF_LINES, type Scored } from './routing/sniff.js';
import { codecsOf, TableRouter } from './routing/table-router.js';
import { ASIM_SOURCE, DEFAULT_MAX_LINE, wantsDetectorKeys, type JsonLineTarget, type NormalizeRequest, type RejectedRecord, type RunHooks, type SessionSink } from './types.js';

/**
 * The one loop: input → frame → route → decode → map → sink, in batches. Every record read is
 * parsed, skipped or rejected (the accounting); an input that cannot be read to its end is
 * reported and the run goes on with the others; a failed write stops the run (OutputError).
 * Configuration problems (unknown source, unsniffable named input) throw ConfigError.
 */
export async function normalize(registry: PluginRegistry, req: NormalizeRequest, sink: SessionSink, log: Logger, hooks: RunHooks = {}, acc = new Accounting()): Promise<Accounting> {
  if (req.source && req.source !== ASIM_SOURCE) registry.get(req.source);
  checkOptionTargets(registry, req.pluginOptions);
  sessionFilter(req); // a bad filter parameter is a usage error before any input is read
  if (req.follow) {
    const run = runContext(registry, req, sink, log, hooks, acc);
    await followInputs(req.inputs, req.follow, (file) => readFile(run, file, { bytes: 0 }, undefined).then(() => undefined));
  } else await normalizeFiles(registry, req, await expandInputs(req.inputs), sink, log, hooks, acc);
  return acc;
}

/** `normalize` over resolved input files; also what a worker thread runs on its byte range. */
export async function normalizeFiles(
  registry: PluginRegistry,
  req: NormalizeRequest,
  files: readonly InputFile[],
  sink: SessionSink,
  log: Logger,
  hooks: RunHooks = {},
  acc = new Accounting(),
): Promise<{ acc: Accounting; lines: number }> {
  const total = files.every((f) => f.size !== undefined) ? files.reduce((s, f) => s + f.size!, 0) : undefined;
  const counter: ByteCounter = { bytes: 0 };
  const run = runContext(registry, req, sink, log, hooks, acc);
  let lines = 0;
  for (const file of files) lines += await readFile(run, file, counter, total);
  return { acc, lines };
}

/** Reads one input; returns the lines read. A failed input is reported and counted, not thrown. */
async function readFile(run: RunContext, file: InputFile, counter: ByteCounter, total: number | undefined): Promise<number> {
  const { log, acc, hooks } = run;
  let lines = 0;
  const input = new InputRun(run, file);
  try {
    if (await input.split()) counter.bytes += file.size ?? 0;
    else lines = await input.read(counter, total);
  } catch (err) {
    if (err instanceof InputError) {
      log.warn({ path: file.path }, err.message);
      acc.inputFailed(file.path, err.message);
    } else if (file.found && err instanceof ConfigError && err.code === 'unknown-format') {
      // a README or a stray file in a log directory: say so and go on; a file the user named is an error
      log.info({ path: file.path }, 'no plugin recognises this file; skipped (listed in the accounting)');
      acc.unrecognisedFiles.push(file.path);
    } else throw err;
  }
  hooks.onProgress?.(counter.bytes, total);
  return lines;
}

function runContext(registry: PluginRegistry, req: NormalizeRequest, sink: SessionSink, log: Logger, hooks: RunHooks, acc: Accounting): RunContext {
  const filter = sessionFilter(req);
  const takeKey = wantsDetectorKeys(req, sink, filter) ? sink.detectorKey!.bind(sink) : undefined;
  // a filter reads each key: the columns then go to it one key at a time
  const takeKeyColumns = takeKey && !filter && sink.detectorKeyColumns ? sink.detectorKeyColumns.bind(sink) : undefined;
  // the JSON-lines fast path writes what the full path would, when nothing reads the records on the way
  const jsonLines = !filter && !req.lineage && !req.validate && !req.fields && sink.jsonLines ? sink.jsonLines() : undefined;
  return { registry, req, sink, log, hooks, acc, filter, takeKey, takeKeyColumns, jsonLines };
}

/** What every input of one run shares. */
interface RunContext {
  readonly registry: PluginRegistry;
  readonly req: NormalizeRequest;
  readonly sink: SessionSink;
  readonly log: Logger;
  readonly hooks: RunHooks;
  readonly acc: Accounting;
  /** Set when the sink takes detector keys (see SessionSink.detectorKey). */
  readonly takeKey: ((key: DetectorKey) => void) | undefined;
  /** Set when the sink also takes them in columns, and every key counts (no filter). */
  readonly takeKeyColumns: ((columns: DetectorKeyColumns, count: number) => number) | undefined;
  /** Set when the sink takes JSON lines encoded by a plugin's fast path (see SessionSink.jsonLines). */
  readonly jsonLines: JsonLineTarget | undefined;
  readonly filter: SessionFilter | undefined;
}

function sessionFilter(req: NormalizeRequest): SessionFilter | undefined {
  if (!req.filter) return undefined;
  try {
    return compileSessionFilter(req.filter);
  } catch (err) {
    throw new ConfigError('bad-filter', (err as Error).message);
  }
}

/**
 * How the raw lines of one input are read: by one plugin's decoder (sniffed or --source), routed one
 * by one, or — when the first lines are all one plugin's — by that plugin's decoder (its fast path)
 * for the lines it claims, and routed for the others (a relay file whose other devices come later).
 */
type RawRoute = { readonly plugin: LoadedPlugin; readonly router?: undefined } | { readonly router: LineRouter; readonly plugin?: LoadedPlugin };

/**
 * How the records of a JSON input are read: ASIM records as they are, a plugin's raw JSON records,
 * table rows (to the sniffed plugin, or by `Type`), or shipper envelopes whose inner lines are read
 * as raw lines (routed one by one, or by the --source plugin).
 */
type JsonRoute =
  | { readonly asim: true }
  | { readonly records: LoadedPlugin }
  | { readonly rows: LoadedPlugin | undefined }
  | { readonly envelopes: RawRoute };

/** The reading of one input: its layout, its route, its outcomes. */
class InputRun implements OutcomeSink {
  private records: NetworkSession[] = [];
  private readonly input: InputContext;
  private readonly processors: Processors;
  private readonly tables: TableRouter;
  private readonly acc: Accounting;
  private readonly maxLine: number;
  /** Lines read from the file (raw and JSON-lines layouts), for renumbering split ranges. */
  private lines = 0;
  /** Keys went to the sink since it was last written to (see `flush` in `read`). */
  private keysTaken = false;

  constructor(
    private readonly run: RunContext,
    private readonly file: InputFile,
  ) {
    this.input = { path: file.path, log: run.log, receivedAt: new Date().toISOString(), fields: run.req.fields ? new Set(run.req.fields) : undefined, req: run.req, arrival: new CurrentArrival() };
    this.processors = new Processors(this.input);
    this.tables = new TableRouter(run.registry, this.processors);
    this.acc = run.acc;
    this.maxLine = run.req.maxLine ?? DEFAULT_MAX_LINE;
  }

  /** Splits a large plain file of raw lines among worker threads when its route allows; false if not. */
  async split(): Promise<boolean> {
    const { req, hooks } = this.run;
    if (req.source === ASIM_SOURCE || req.perLine || this.file.range) return false;
    const head = await splitHead(this.file, hooks.parallel, req);
    if (head === undefined) return false;
    const route = this.rawRoute(sampleLines(head));
    let split: SplitRoute;
    if (route.router) split = { perLine: this.run.registry.plugins };
    else if (route.plugin.parser.splittable) split = { plugin: route.plugin };
    else return false;
    if ('plugin' in split && this.countsInBatches(split.plugin) && hooks.parallel!.minBytes === undefined && this.file.size! < BATCH_SPLIT_MIN_BYTES) {
      this.run.log.debug({ path: this.file.path, route: split.plugin.manifest.id }, 'read on one thread: a batch fast path counts it faster than a split would');
      return false;
    }
    this.run.log.debug({ path: this.file.path, route: 'plugin' in split ? split.plugin.manifest.id : 'per line' }, 'splitting among threads');
    const sink = this.run.sink;
    const here = async (range: InputFile): Promise<RangeOutcome> => {
      const rejects: RejectedRecord[] = [];
      const part = new InputRun({ ...this.run, hooks: { onRejected: (r) => void rejects.push(r) }, req: 'plugin' in split ? { ...req, source: split.plugin.manifest.id } : { ...req, perLine: true } }, range);
      const lines = await part.read({ bytes: 0 }, undefined, async (records) => {
        if (records.length) await sink.write(records);
      });
      return { rejects, lines };
    };
    await runSplit(this.file, head, split, req, hooks.parallel!, this.acc, hooks, this.run.log.level, here);
    return true;
  }

  /** Whether this run counts the plugin's lines through its batch fast path (see `lineTaker`). */
  private countsInBatches(plugin: LoadedPlugin): boolean {
    return this.run.takeKey !== undefined && this.processors.get(plugin).decodesDetectorKeyBatches();
  }

  /** Reads the whole input; returns the number of lines read (raw and JSON-lines layouts). */
  async read(counter: ByteCounter, total: number | undefined, write?: (records: NetworkSession[]) => Promise<void>): Promise<number> {
    const flush = write ?? (async (records: NetworkSession[]) => {
      // after keys alone too: a live sink closes the bins they moved past when it is written to
      if (records.length || this.keysTaken) await this.run.sink.write(records);
      this.keysTaken = false;
      this.run.hooks.onProgress?.(counter.bytes, total);
    });
    // chunks that the line readers consume at once may share one buffer; table readers keep theirs
    const plain = await plainHead(this.file);
    const lineBased = plain !== undefined && ['lines', 'json-lines'].includes(detectInputKind(this.file.path, plain.toString('utf8')));
    const chunks = new Peekable(inputChunks(this.file, counter, { reuseBuffer: lineBased }));
    const head = await chunks.peek();
    if (head === undefined) return 0;
    const kind = detectInputKind(this.file.path, head.subarray(0, 1 << 16).toString('utf8'));
    this.run.log.debug({ path: this.file.path, kind }, 'reading input');
    try {
      switch (kind) {
        case 'lines':
          await this.readRawLines(chunks, head, flush);
          break;
        case 'json-lines':
          await this.readJson(jsonLineItems(chunks, this.maxLine, this.file.follow !== undefined), flush);
          break;
        case 'json-array':
        case 'json-document':
          await this.readJson(jsonDocumentItems(chunks, this.file.path), flush);
          break;
        case 'csv':
          await this.readCsv(chunks, flush);
          break;
        case 'xml':
          await this.readXml(xmlEventItems(chunks, this.file.path), flush);
          break;
      }
    } finally {
      await chunks.close(); // an input abandoned early (no plugin recognises it) closes its file now, not at GC
    }
    return this.lines;
  }

  // --- raw lines --------------------------------------------------------------------------------

  private async readRawLines(chunks: AsyncIterable<Buffer>, head: Buffer, flush: Flush): Promise<void> {
    const sample = sampleLines(head);
    // the route is chosen from the first lines; a head of blank lines defers it to the first batch with content
    let take = sample.length ? this.lineTaker(this.rawRoute(sample), chunks, flush) : undefined;
    if (take instanceof Promise) return take;
    const acc = this.acc;
    for await (const { lines, firstLine, tooLong } of lineBatches(chunks, BATCH_SIZE, this.maxLine, this.file.follow !== undefined)) {
      this.lines = firstLine + lines.length - 1;
      const long = tooLong && new Set(tooLong);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (long?.has(i)) {
          acc.read++;
          this.tooLong(line, firstLine + i);
          continue;
        }
        if (isBlankLine(line)) continue;
        take ??= this.lineTaker(this.rawRoute(lines.slice(i, i + SNIFF_LINES).filter((l) => !isBlankLine(l))), undefined, flush) as LineTaker;
        acc.read++;
        take(line, firstLine + i);
      }
      await this.flush(flush);
    }
  }

  /**
   * What takes each line on this route; for a plugin that decodes detector keys from bytes (and
   * given the chunks), the whole fast-path read instead.
   */
  private lineTaker(route: RawRoute, chunks: AsyncIterable<Buffer> | undefined, flush: Flush): LineTaker | Promise<void> {
    const { plugin, router } = route;
    if (!plugin) return (line, position) => router!.line(line, position, this);
    const processor = this.processors.get(plugin);
    for (const line of this.file.preamble ?? []) processor.raw(line, 0, MUTED);
    const take: LineTaker = router
      ? (line, position) => (plugin.parser.claimsLine?.(line) ? processor.raw(line, position, this) : router.line(line, position, this))
      : (line, position) => processor.raw(line, position, this);
    if (chunks && this.run.takeKey && processor.decodesDetectorKeys()) return this.readKeyLines(chunks, processor, this.run.takeKey, flush, take);
    if (chunks && this.run.jsonLines && processor.encodesJsonLines()) return this.readJsonLines(chunks, processor, this.run.jsonLines, take);
    return take;
  }

  private tooLong(excerpt: string, position: number): void {
    this.rejected('line-too-long', `the line is longer than ${this.maxLine} bytes (--max-line); it starts: ${excerpt.slice(0, 80)}`, position, excerpt);
  }

  /**
   * The detector's fast path: lines go to the plugin's `decodeDetectorKey(s)` as bytes, a batch at
   * a time, and only the lines it declines become strings for the full path (`take`).
   */
  private async readKeyLines(chunks: AsyncIterable<Buffer>, processor: RecordProcessor<unknown>, takeKey: (key: DetectorKey) => void, flush: Flush, take: LineTaker): Promise<void> {
    const key = emptyDetectorKey();
    const acc = this.acc;
    const keyFilter = this.run.filter?.keepKey;
    const filterReason = this.run.filter?.reason ?? '';
    // the batch being decoded, for `decline`
    let batch: { bytes: Buffer; spans: Int32Array; firstLineNo: number } = { bytes: Buffer.alloc(0), spans: new Int32Array(0), firstLineNo: 0 };
    const takeKeyColumns = this.run.takeKeyColumns;
    const columnKey = emptyDetectorKey();
    const outcomes: KeyOutcomes = {
      take: (k) => {
        acc.read++;
        if (keyFilter && !keyFilter(k)) return acc.skip(filterReason);
        acc.emitted++;
        this.keysTaken = true;
        takeKey(k);
      },
      takeColumns: (columns, _first, count) => {
        if (takeKeyColumns === undefined) {
          for (let i = 0; i < count; i++) if (columns.combination[i]! >= 0) outcomes.take(detectorKeyAt(columns, i, columnKey));
          return;
        }
        const taken = takeKeyColumns(columns, count);
        acc.read += taken;
        acc.emitted += taken;
        if (taken > 0) this.keysTaken = true;
      },
      skip: (_j, reason) => {
        acc.read++;
        acc.skip(reason);
      },
      decline: (j) => {
        const line = batch.bytes.toString('utf8', batch.spans[2 * j], batch.spans[2 * j + 1]);
        if (isBlankLine(line)) return;
        acc.read++;
        take(line, batch.firstLineNo + j);
      },
    };
    await this.readByteLines(
      chunks,
      (bytes, spans, count, firstLineNo) => {
        batch = { bytes, spans, firstLineNo };
        processor.detectorKeys(bytes, spans, count, key, outcomes);
      },
      () => this.flush(flush),
    );
  }

  /** Frames the chunks into batches of byte lines for `onLines` (lines too long are rejected); `afterChunk` after each chunk and at the end. */
  private async readByteLines(chunks: AsyncIterable<Buffer>, onLines: ConstructorParameters<typeof ByteLines>[0], afterChunk: () => Promise<void>): Promise<void> {
    const lines = new ByteLines(
      onLines,
      (excerpt, lineNo) => {
        this.acc.read++;
        this.tooLong(excerpt, lineNo);
      },
      this.maxLine,
    );
    for await (const chunk of chunks) {
      lines.push(chunk);
      this.lines = lines.lineNo;
      await afterChunk();
    }
    lines.end();
    this.lines = lines.lineNo;
    await afterChunk();
  }

  /**
   * The JSON-lines fast path: lines go to the plugin's `encodeJsonLines` as bytes, a few at a time,
   * and it appends their JSON to the sink's buffer. Only the lines it declines become strings for
   * the full path (`take`), whose records are appended at once: the output keeps the lines' order.
   */
  private async readJsonLines(chunks: AsyncIterable<Buffer>, processor: RecordProcessor<unknown>, target: JsonLineTarget, take: LineTaker): Promise<void> {
    const acc = this.acc;
    await this.readByteLines(
      chunks,
      (bytes, spans, count, firstLineNo) => {
        for (let from = 0; from < count; ) {
          const to = Math.min(count, from + JSON_LINES_AT_ONCE);
          const next = processor.jsonLines(bytes, spans, from, to, target.buffer);
          acc.read += next - from;
          acc.emitted += next - from;
          from = next;
          if (next < to) {
            const line = bytes.toString('utf8', spans[2 * next], spans[2 * next + 1]);
            from++;
            if (isBlankLine(line)) continue;
            acc.read++;
            take(line, firstLineNo + next);
            const records = this.records;
            if (records.length) {
              this.records = [];
              acc.emitted += records.length;
              target.records(records);
            }
          }
          target.cut();
        }
      },
      () => target.drain(),
    );
  }

  /**
   * Raw lines go to the plugin named by --source; else to the most confident of the plugins' own
   * decoders and per-line routing (which wins a tie: it also reads a file that mixes sources).
   */
  private rawRoute(sample: readonly string[]): RawRoute {
    const { registry, req } = this.run;
    if (req.source) {
      const p = registry.get(req.source);
      if (p.parser.createDecoder) return { plugin: p };
      // a plugin that reads raw lines only through a shared codec: that codec, every row to it
      if (p.parser.rawCodec) return { router: new LineRouter(new PluginRegistry([p]), this.processors, this.tables, this.input, undefined, p) };
      throw new ConfigError('no-raw-form', `${this.file.path}: plugin ${p.manifest.id} reads only table exports (CSV/JSON), not raw lines`);
    }
    const router = new LineRouter(registry, this.processors, this.tables, this.input, req.table);
    const route = req.perLine ? { router } : this.sniffRaw(sample, router);
    // every first line routing would hand to one plugin: that plugin reads the lines it claims (fast path, splitting)
    const sole = route.router && route.router.solePlugin(sample);
    return sole ? { plugin: sole, router } : route;
  }

  private sniffRaw(sample: readonly string[], router: LineRouter): RawRoute {
    const { registry, req } = this.run;
    const scored: Scored<RawRoute>[] = [];
    if (!router.empty) scored.push({ route: { router }, name: 'per-line routing', score: router.score(sample) });
    for (const p of registry.plugins) {
      if (p.parser.createDecoder && (!req.table || p.parser.tables.includes(req.table))) {
        scored.push({ route: { plugin: p }, name: p.manifest.id, score: safeSniff(p.parser, { lines: sample }) });
      }
    }
    return pickConfident(scored, this.file.path, this.run.log);
  }

  // --- XML events -------------------------------------------------------------------------------

  /** Each framed `<Event>` is one raw record, routed as raw lines are (sniffed on the first events). */
  private async readXml(batches: AsyncIterable<XmlItem[]>, flush: Flush): Promise<void> {
    let take: LineTaker | undefined;
    for await (const items of batches) {
      for (const item of items) {
        this.acc.read++;
        if ('reason' in item) {
          this.rejected(item.reason, item.detail, item.line, item.raw);
          continue;
        }
        take ??= this.lineTaker(this.rawRoute(items.flatMap((it) => ('text' in it ? [it.text] : [])).slice(0, SNIFF_LINES)), undefined, flush) as LineTaker;
        take(item.text, item.line);
      }
      const last = items[items.length - 1];
      if (last && last.line > this.lines) this.lines = last.line;
      await this.flush(flush);
    }
  }

  // --- JSON -------------------------------------------------------------------------------------

  private async readJson(batches: AsyncIterable<JsonItem[]>, flush: Flush): Promise<void> {
    let route: JsonRoute | undefined;
    for await (const items of batches) {
      if (items.length === 0) continue;
      const last = items[items.length - 1]!.position;
      if (last > this.lines) this.lines = last;
      // chosen at the first batch holding an object (a batch of broken lines is rejected without one)
      route ??= items.some((it) => 'value' in it && isObject(it.value)) ? this.jsonRoute(items) : undefined;
      for (const item of items) {
        this.acc.read++;
        if (!('value' in item)) {
          this.rejected(item.reason, item.detail, item.position, item.raw);
          continue;
        }
        const value = item.value;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          this.rejected('not-an-object', 'the JSON record is not an object', item.position, item.raw);
          continue;
        }
        this.jsonRecord(route!, value as JsonObject, item.position, item.raw);
      }
      await this.flush(flush);
    }
  }

  private jsonRecord(route: JsonRoute, value: JsonObject, position: number, raw: string): void {
    if ('asim' in route) return this.session(value as unknown as NetworkSession, position, raw);
    if ('envelopes' in route) return this.envelope(route.envelopes, value, position);
    if ('records' in route) return this.processors.get(route.records).record(value, position, this, raw);
    const row = normalizeJsonRow(value);
    this.tables.route(row, this.run.req.table ?? (typeof row.Type === 'string' ? row.Type : undefined), route.rows, position, this);
  }

  /** A shipper's record: its inner line, read as a raw line with the shipper's time and host as its Arrival. */
  private envelope(route: RawRoute, value: JsonObject, position: number): void {
    const envelope = unwrapEnvelope(value);
    if (envelope === undefined) return this.skipped('a JSON record without the message text of a shipper record', position);
    this.input.arrival.set(envelope);
    if (route.plugin) this.processors.get(route.plugin).raw(envelope.text, position, this);
    else route.router!.line(envelope.text, position, this);
    this.input.arrival.set({});
  }

  /**
   * ASIM records (EventSchema NetworkSession) pass through; otherwise the form and plugin whose sniff
   * is most confident: a plugin's raw JSON records (`decodeRecord`), table rows — routed by their
   * `Type` column when they have one, else to the sniffed plugin —, or shipper envelopes (Filebeat,
   * Fluent Bit, Splunk HEC, journald...) whose inner lines routing takes (see routing/envelopes.ts).
   */
  private jsonRoute(items: readonly JsonItem[]): JsonRoute {
    const { registry, req } = this.run;
    const objects = items.flatMap((it) => ('value' in it && isObject(it.value) ? [it.value] : [])).slice(0, SNIFF_LINES);
    if (req.source === ASIM_SOURCE) return { asim: true };
    if (req.source) return this.formOf(registry.get(req.source), objects);
    if (objects.length > 0 && objects.every(isAsimRecord)) return { asim: true };
    const rows = objects.map(normalizeJsonRow);
    if (req.table || rows.some((r) => typeof r.Type === 'string' && registry.forTable(r.Type).length > 0)) return { rows: undefined };
    const scored: Scored<JsonRoute>[] = [];
    const inner = innerLines(objects);
    if (inner) {
      const router = new LineRouter(registry, this.processors, this.tables, this.input, req.table);
      if (!router.empty) scored.push({ route: { envelopes: { router } }, name: 'shipper envelopes (lines routed one by one)', score: router.score(inner) });
    }
    for (const p of registry.plugins) {
      if (p.parser.fromTableRow) scored.push({ route: { rows: p }, name: `${p.manifest.id} (table rows)`, score: safeSniff(p.parser, { rows }) });
      if (this.processors.get(p).decodesRecords()) scored.push({ route: { records: p }, name: `${p.manifest.id} (records)`, score: safeSniff(p.parser, { records: objects }) });
    }
    return pickConfident(scored, this.file.path, this.run.log);
  }

  /**
   * With --source: the form of the plugin's that sniffs the objects most surely — raw JSON records,
   * table rows, or (for a plugin with a raw line decoder) shipper envelopes holding its lines.
   */
  private formOf(p: LoadedPlugin, objects: JsonObject[]): JsonRoute {
    const scored: Scored<JsonRoute>[] = [];
    if (p.parser.fromTableRow) scored.push({ route: { rows: p }, name: 'table rows', score: safeSniff(p.parser, { rows: objects.map(normalizeJsonRow) }) });
    if (this.processors.get(p).decodesRecords()) scored.push({ route: { records: p }, name: 'records', score: safeSniff(p.parser, { records: objects }) });
    const inner = innerLines(objects);
    if (inner && p.parser.createDecoder) scored.push({ route: { envelopes: { plugin: p } }, name: 'shipper envelopes', score: safeSniff(p.parser, { lines: inner }) });
    if (scored.length === 0) throw new ConfigError('no-table-form', `${this.file.path}: plugin ${p.manifest.id} has no table form; give it raw logs`);
    // a form the plugin reads is taken even when its sniff is unsure: the user named the source
    return scored.reduce((best, s) => (s.score > best.score ? s : best)).route;
  }

  // --- CSV --------------------------------------------------------------------------------------

  private async readCsv(chunks: AsyncIterable<Buffer>, flush: Flush): Promise<void> {
    const { registry, req } = this.run;
    let fixed: LoadedPlugin | undefined = req.source ? this.tablePlugin(registry.get(req.source)) : undefined;
    let decided = fixed !== undefined || req.table !== undefined;
    for await (const { rows, positions } of csvRowBatches(chunks, this.file.path)) {
      if (!decided) {
        decided = true;
        if (!rows.some((r) => typeof r.Type === 'string' && r.Type !== '')) {
          const sample = rows.slice(0, SNIFF_LINES);
          const candidates = registry.plugins.filter((p) => p.parser.fromTableRow);
          fixed = pickConfident(candidates.map((p) => ({ route: p, name: p.manifest.id, score: safeSniff(p.parser, { rows: sample }) })), this.file.path, this.run.log);
        }
      }
      for (let i = 0; i < rows.length; i++) {
        this.acc.read++;
        const row = rows[i]!;
        this.tables.route(row, req.table ?? (typeof row.Type === 'string' && row.Type !== '' ? row.Type : undefined), fixed, positions[i]!, this);
      }
      await this.flush(flush);
    }
  }

  private tablePlugin(p: LoadedPlugin): LoadedPlugin {
    if (!p.parser.fromTableRow) throw new ConfigError('no-table-form', `${this.file.path}: plugin ${p.manifest.id} has no table form; give it raw logs`);
    return p;
  }

  // --- outcomes ---------------------------------------------------------------------------------

  session(record: NetworkSession, line: number, raw?: string | TableRow): void {
    const r = record as unknown as Record<string, unknown>;
    const wrong = typeViolation(r);
    if (wrong !== undefined) return this.rejected('invalid-value', wrong, line, rawText(raw ?? record));
    if (this.run.req.validate) {
      const errors = zodViolations(record).filter((v) => v.severity === 'error');
      if (errors.length) return this.rejected('invalid-asim', errors.map((v) => `${v.field}: ${v.message}`).join('; '), line, rawText(raw ?? record));
    }
    const filter = this.run.filter;
    if (filter && !filter.keep(record)) return this.skipped(filter.reason, line);
    if (this.run.req.lineage) r._Lineage = { path: this.file.path, line };
    this.records.push(record);
  }

  skipped(reason: string, _line?: number): void {
    this.acc.skip(reason);
  }

  parts(parts: number): void {
    this.acc.read += parts - 1;
  }

  rejected(reason: string, detail: string, line: number, raw: string): void {
    this.acc.reject(reason);
    this.run.hooks.onRejected?.({ path: this.file.path, line, reason, detail, raw });
  }

  private async flush(flush: Flush): Promise<void> {
    const records = this.records;
    this.records = [];
    this.acc.emitted += records.length;
    await flush(records);
  }
}

type Flush = (records: NetworkSession[]) => Promise<void>;
type LineTaker = (line: string, position: number) => void;

/** `--opt ID.KEY=VALUE` must name an enabled plugin, or a shared codec (e.g. `cef-syslog.timezone`). */
function checkOptionTargets(registry: PluginRegistry, options: NormalizeRequest['pluginOptions']): void {
  const codecIds = new Set(codecsOf(registry).map((c) => c.id));
  for (const id of options?.keys() ?? []) {
    if (!registry.has(id) && !codecIds.has(id)) {
      throw new ConfigError('unknown-option', `--opt ${id}.…: no enabled plugin or codec "${id}" (enabled: ${registry.ids().join(', ')})`);
    }
  }
}

/** The inner lines of the sample, when at least half of its objects are shipper envelopes. */
function innerLines(objects: readonly JsonObject[]): string[] | undefined {
  const lines = objects.flatMap((o) => {
    const e = unwrapEnvelope(o);
    return e === undefined ? [] : [e.text];
  });
  return lines.length > 0 && lines.length * 2 >= objects.length ? lines : undefined;
}

/** An object `asim normalize` wrote: its schema and version say so. */
function isAsimRecord(o: JsonObject): boolean {
  return o.EventSchema === 'NetworkSession' && typeof o.EventSchemaVersion === 'string';
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A record as read, for the rejects file: the line itself, or the JSON of a row. */
function rawText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '(not serialisable)';
  }
}

/** Where replayed header lines go: nowhere, they were counted by the range that holds them. */
const MUTED: OutcomeSink = { session() {}, skipped() {}, rejected() {} };

/** Lines given to a JSON-lines fast path at once: between calls, a chunk's worth of output is set aside. */
const JSON_LINES_AT_ONCE = 64;

/**
 * An async iterable whose first item can be looked at before it is iterated. A class rather than
 * an object literal per input: an `async *` method written in a literal is a new generator function
 * each time, and so its iterators get a new hidden class in every file and in every byte range a
 * thread reads, which deoptimized the line framing that calls their `next` at each range.
 */
class Peekable<T> implements AsyncIterable<T> {
  private readonly it: AsyncIterator<T>;
  private head: IteratorResult<T> | undefined;

  constructor(source: AsyncIterable<T>) {
    this.it = source[Symbol.asyncIterator]();
  }

  async peek(): Promise<T | undefined> {
    this.head ??= await this.it.next();
    return this.head.done ? undefined : this.head.value;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const head = this.head;
    if (head) {
      if (head.done) return;
      yield head.value;
    }
    for (let r = await this.it.next(); !r.done; r = await this.it.next()) yield r.value;
  }

  /** Ends the source (closing its file) however far it was read. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}
