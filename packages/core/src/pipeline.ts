import { DETECTOR_FIELDS, emptyDetectorKey, zodViolations, type DetectorKey, type NetworkSession } from '@asimkit/schema';
import {
  ConfigError,
  detectInputKind,
  isBlankLine,
  RecordProcessor,
  RecordRejected,
  resolveOptions,
  type OutcomeSink,
  type RowCodec,
  type SniffSample,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { Accounting } from './accounting.js';
import { expandInputs, inputChunks, lineBatches, plainHead, type ByteCounter, type InputFile } from './inputs.js';
import { rawHead, runSplit, type ParallelSpec, type RangeOutcome } from './parallel.js';
import type { Logger } from './logger.js';
import type { AnyParser, LoadedPlugin, PluginRegistry } from './registry.js';
import { csvRowBatches, jsonArrayRowBatches, jsonlRowBatches, type RowBatch } from './tables.js';

/** `--source asim`: the input is already ASIM JSON lines (e.g. the output of `asim normalize`). */
export const ASIM_SOURCE = 'asim';

export interface NormalizeRequest {
  readonly inputs: readonly string[];
  /** Plugin id, or `asim`. Absent: sniff each input. */
  readonly source?: string;
  /** Per plugin id, its `--opt` settings. */
  readonly pluginOptions?: ReadonlyMap<string, Record<string, string>>;
  /** Table name for exports without a `Type` column. */
  readonly table?: string;
  /** Add `_Lineage: {path, line}` to every record. */
  readonly lineage?: boolean;
  /** Validate every record with the full zod schema; invalid ones are rejected. */
  readonly validate?: boolean;
  /** Only these ASIM fields are needed downstream (see StreamContext.fields). */
  readonly fields?: readonly string[];
}

/** Where normalized records go, one batch at a time. */
export interface SessionSink {
  write(records: NetworkSession[]): void | Promise<void>;
  /**
   * A sink that only counts what the detector reads may take it straight from a plugin's fast
   * decoder (`RawDecoder.decodeDetectorKey`) when the request's `fields` are the detector's: lines
   * the fast path declines still arrive through `write`. `key` is reused: copy what you keep.
   */
  detectorKey?(key: Readonly<DetectorKey>): void;
  close(): void | Promise<void>;
}

/** A malformed record, as written to the `--rejects` file. */
export interface RejectedRecord {
  readonly path: string;
  readonly line: number;
  readonly reason: string;
  readonly detail: string;
  readonly raw: string;
}

export interface RunHooks {
  onRejected?(record: RejectedRecord): void;
  onProgress?(bytesRead: number, bytesTotal: number | undefined): void;
  /** Lets large plain files be split among worker threads (see ParallelSpec). */
  parallel?: ParallelSpec;
}

const SNIFF_LINES = 50;
const CONFIDENT = 0.5;

/**
 * Reads every input, decodes and maps each record with the chosen plugin, and writes the ASIM
 * records to `sink` in batches. Returns the accounting: every record read is parsed, skipped or
 * rejected. Configuration problems (unknown source, unsniffable input) throw ConfigError.
 */
export async function normalize(
  registry: PluginRegistry,
  req: NormalizeRequest,
  sink: SessionSink,
  log: Logger,
  hooks: RunHooks = {},
): Promise<Accounting> {
  if (req.source && req.source !== ASIM_SOURCE) registry.get(req.source);
  checkOptionTargets(registry, req.pluginOptions);
  return (await normalizeFiles(registry, req, await expandInputs(req.inputs), sink, log, hooks)).acc;
}

/** `normalize` over resolved input files; also what a worker thread runs on its byte range. */
export async function normalizeFiles(
  registry: PluginRegistry,
  req: NormalizeRequest,
  files: readonly InputFile[],
  sink: SessionSink,
  log: Logger,
  hooks: RunHooks = {},
): Promise<{ acc: Accounting; lines: number }> {
  const total = files.every((f) => f.size !== undefined) ? files.reduce((s, f) => s + f.size!, 0) : undefined;
  const acc = new Accounting();
  const counter: ByteCounter = { bytes: 0 };
  let lines = 0;
  const takeKey = wantsDetectorKeys(req, sink) ? sink.detectorKey!.bind(sink) : undefined;
  for (const file of files) {
    const run = new InputRun(registry, req, file, acc, log, hooks, takeKey);
    const head = await rawHead(file, hooks.parallel, req);
    const plugin = head === undefined ? undefined : run.splittablePlugin(head);
    if (plugin) {
      log.debug({ path: file.path, plugin: plugin.manifest.id }, 'splitting among threads');
      const here = async (range: InputFile): Promise<RangeOutcome> => {
        const rejects: RejectedRecord[] = [];
        const run = new InputRun(registry, req, range, acc, log, { onRejected: (r) => void rejects.push(r) }, takeKey);
        const lines = await run.read({ bytes: 0 }, async (records) => {
          if (records.length) await sink.write(records);
        });
        return { rejects, lines };
      };
      await runSplit(file, head!, plugin, req, hooks.parallel!, acc, hooks, log.level, here);
      counter.bytes += file.size ?? 0;
      hooks.onProgress?.(counter.bytes, total);
      continue;
    }
    try {
      lines += await run.read(counter, async (records) => {
        if (records.length) await sink.write(records);
        hooks.onProgress?.(counter.bytes, total);
      });
    } catch (err) {
      // a README or a stray file in a log directory: say so and go on; a file the user named is an error
      if (!(file.found && err instanceof ConfigError && err.code === 'unknown-format')) throw err;
      log.info({ path: file.path }, 'no plugin recognises this file; skipped (listed in the accounting)');
      acc.unrecognisedFiles.push(file.path);
    }
  }
  return { acc, lines };
}

type Flush = (records: NetworkSession[]) => Promise<void>;
type TakeKey = (key: DetectorKey) => void;

/** The fast path counts exactly what the detector reads, so only a plain projected run may take it. */
function wantsDetectorKeys(req: NormalizeRequest, sink: SessionSink): boolean {
  const fields = new Set(req.fields);
  const projection = fields.size === DETECTOR_FIELDS.length && DETECTOR_FIELDS.every((f) => fields.has(f));
  return sink.detectorKey !== undefined && projection && !req.lineage && !req.validate && req.source !== ASIM_SOURCE;
}

/** The reading of one input file: its layout, its parser(s), its outcome sink. */
class InputRun implements OutcomeSink {
  private records: NetworkSession[] = [];
  private readonly processors = new Map<string, RecordProcessor<unknown>>();
  /** When this input was opened: the receive time for records without a time of their own. */
  private readonly receivedAt = new Date().toISOString();
  private readonly fields: ReadonlySet<string> | undefined;

  constructor(
    private readonly registry: PluginRegistry,
    private readonly req: NormalizeRequest,
    private readonly file: InputFile,
    private readonly acc: Accounting,
    private readonly log: Logger,
    private readonly hooks: RunHooks,
    /** Set when the sink takes detector keys (see SessionSink.detectorKey). */
    private readonly takeKey?: TakeKey,
  ) {
    this.fields = req.fields ? new Set(req.fields) : undefined;
  }

  /** Lines read from the file (raw and JSON-lines layouts), for renumbering split ranges. */
  private lines = 0;

  /** The plugin that decodes this file in worker threads, if it can be split (see parallel.ts). */
  splittablePlugin(head: string): LoadedPlugin | undefined {
    if (this.req.source === ASIM_SOURCE) return undefined;
    const lines = head.split('\n').slice(0, SNIFF_LINES);
    const route = this.req.source ? this.rawRouteFor(this.registry.get(this.req.source)) : this.sniffRaw(lines);
    return 'codec' in route || !route.plugin.parser.splittable ? undefined : route.plugin;
  }

  async read(counter: ByteCounter, flush: Flush): Promise<number> {
    await this.readInput(counter, flush);
    return this.lines;
  }

  private async readInput(counter: ByteCounter, flush: Flush): Promise<void> {
    // chunks that the line readers consume at once may share one buffer; table readers keep theirs
    const plain = await plainHead(this.file);
    const lineBased = plain !== undefined && ['lines', 'json-lines'].includes(detectInputKind(this.file.path, plain.toString('utf8')));
    const chunks = peekable(inputChunks(this.file, counter, { reuseBuffer: lineBased }));
    const head = await chunks.peek();
    if (head === undefined) return;
    const kind = detectInputKind(this.file.path, head.subarray(0, 4096).toString('utf8'));
    this.log.debug({ path: this.file.path, kind }, 'reading input');
    if (kind === 'lines' && this.takeKey) {
      // the route decides whether the fast path can be taken, so it is chosen from the first chunk
      const route = this.rawRoute(completeLines(head));
      const processor = 'codec' in route ? undefined : this.processor(route.plugin);
      if (processor?.decodesDetectorKeys()) return this.readKeyLines(chunks, processor, this.takeKey, flush);
      return this.readRawLines(peekableBatches(lineBatches(chunks)), flush, route);
    }
    if (kind === 'lines' || kind === 'json-lines') {
      const batches = peekableBatches(lineBatches(chunks));
      // ASIM JSON lines carry TimeGenerated, so they look like a table export: they are not one
      if (kind === 'lines' || this.req.source === ASIM_SOURCE) return this.readRawLines(batches, flush);
      return this.readRows(jsonlRowBatches(batches), flush);
    }
    return this.readRows(kind === 'csv' ? csvRowBatches(chunks) : jsonArrayRowBatches(chunks), flush);
  }

  // --- raw form -------------------------------------------------------------------------------

  private async readRawLines(batches: PeekableBatches, flush: Flush, chosen?: RawRoute): Promise<void> {
    const first = await batches.peek();
    if (!first) return;
    if (this.req.source === ASIM_SOURCE) return this.readAsimLines(batches, flush);
    const route = chosen ?? this.rawRoute(first.lines);
    if ('codec' in route) return this.readCodecLines(batches, route.codec, route.plugin, flush);
    const processor = this.processor(route.plugin);
    for (const line of this.file.preamble ?? []) processor.raw(line, 0, MUTED);
    for await (const { lines, firstLine } of batches) {
      this.lines = firstLine + lines.length - 1;
      for (let i = 0; i < lines.length; i++) {
        if (isBlankLine(lines[i]!)) continue;
        this.acc.read++;
        processor.raw(lines[i]!, firstLine + i, this);
      }
      await this.flush(flush);
    }
  }

  /**
   * The detector's fast path: each line goes to the plugin's `decodeDetectorKey` as bytes, and
   * only the lines it declines become strings for the full path (`processor.raw`).
   */
  private async readKeyLines(chunks: AsyncIterable<Buffer>, processor: RecordProcessor<unknown>, takeKey: TakeKey, flush: Flush): Promise<void> {
    for (const line of this.file.preamble ?? []) processor.raw(line, 0, MUTED);
    const key = emptyDetectorKey();
    const acc = this.acc;
    let lineNo = 0;
    let carry: Buffer | undefined;
    const take = (bytes: Buffer, start: number, end: number): void => {
      if (end > start && bytes[end - 1] === 13) end--; // CRLF
      if (processor.detectorKey(bytes, start, end, key)) {
        acc.read++;
        acc.emitted++;
        return takeKey(key);
      }
      const line = bytes.toString('utf8', start, end);
      if (isBlankLine(line)) return;
      acc.read++;
      processor.raw(line, lineNo, this);
    };
    for await (const chunk of chunks) {
      let start = 0;
      if (carry) {
        // only the line cut by the chunk boundary is copied
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
        lineNo++;
        take(line, 0, line.length);
        start = nl + 1;
      }
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        lineNo++;
        take(chunk, start, nl);
        start = nl + 1;
      }
      carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : undefined; // a copy: the chunk's buffer is reused
      this.lines = lineNo;
      await this.flush(flush);
    }
    // the last line needs no terminator; a lone CR is no line (as in lineBatches)
    if (carry && !(carry.length === 1 && carry[0] === 13)) {
      this.lines = ++lineNo;
      take(carry, 0, carry.length);
      await this.flush(flush);
    }
  }

  /** Raw lines go to the plugin named by --source, else to the one the first lines sniff as. */
  private rawRoute(firstLines: readonly string[]): RawRoute {
    return this.req.source ? this.rawRouteFor(this.registry.get(this.req.source)) : this.sniffRaw(firstLines.slice(0, SNIFF_LINES));
  }

  /** With --source: the plugin's own decoder when it has one, else its shared codec. */
  private rawRouteFor(p: LoadedPlugin): RawRoute {
    if (p.parser.createDecoder) return { plugin: p };
    if (p.parser.rawCodec) return { codec: p.parser.rawCodec, plugin: p };
    throw new ConfigError('no-raw-form', `${this.file.path}: plugin ${p.manifest.id} reads only table exports (CSV/JSON), not raw lines`);
  }

  /**
   * Without --source: the most confident of the plugins' own decoders and the shared codecs. A
   * codec wins ties, because routing its rows also handles a file that mixes several vendors.
   */
  private sniffRaw(lines: readonly string[]): RawRoute {
    const sample = { lines };
    const scored: { route: RawRoute; name: string; score: number }[] = [];
    // --table NAME: raw lines that land in that table (e.g. CommonSecurityLog) are the only candidates
    const table = this.req.table;
    for (const codec of this.codecs()) {
      if (!table || codec.tables.includes(table)) scored.push({ route: { codec }, name: `${codec.id} (codec)`, score: safeSniff(codec, sample) });
    }
    for (const p of this.registry.plugins) {
      if (p.parser.createDecoder && (!table || p.parser.tables.includes(table))) {
        scored.push({ route: { plugin: p }, name: p.manifest.id, score: safeSniff(p.parser, sample) });
      }
    }
    return this.pickConfident(scored);
  }

  private codecs(): RowCodec<unknown>[] {
    const byId = new Map<string, RowCodec<unknown>>();
    for (const p of this.registry.plugins) if (p.parser.rawCodec) byId.set(p.parser.rawCodec.id, p.parser.rawCodec);
    return [...byId.values()];
  }

  /** Lines decoded once by a shared codec into table rows, each routed like a table export row. */
  private async readCodecLines(batches: PeekableBatches, codec: RowCodec<unknown>, fixed: LoadedPlugin | undefined, flush: Flush): Promise<void> {
    const options = fixed ? this.processor(fixed).ctx.options : (this.req.pluginOptions?.get(codec.id) ?? {});
    const decoder = codec.createDecoder({ ...this.streamContext(codec.id), options });
    const rows: TableRow[] = [];
    let skipReason: string | undefined;
    const out = { row: (r: TableRow) => void rows.push(r), skip: (reason: string) => void (skipReason ??= reason) };
    for await (const { lines, firstLine } of batches) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (isBlankLine(line)) continue;
        this.acc.read++;
        const position = firstLine + i;
        rows.length = 0;
        skipReason = undefined;
        try {
          decoder.decode(line, out);
        } catch (err) {
          this.rejected(...rejection(err), position, line);
          continue;
        }
        // a codec yields at most one row per line, so each line has one outcome
        if (rows.length === 0) this.skipped(skipReason ?? 'no session in record');
        else this.routeRow(rows[0]!, typeof rows[0]!.Type === 'string' ? rows[0]!.Type : codec.tables[0]!, fixed, position);
      }
      await this.flush(flush);
    }
  }

  private rawPlugin(p: LoadedPlugin): LoadedPlugin {
    if (!p.parser.createDecoder) {
      throw new ConfigError('no-raw-form', `${this.file.path}: plugin ${p.manifest.id} reads only table exports (CSV/JSON), not raw lines`);
    }
    return p;
  }

  private async readAsimLines(batches: PeekableBatches, flush: Flush): Promise<void> {
    for await (const { lines, firstLine } of batches) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (isBlankLine(line)) continue;
        this.acc.read++;
        let rec: unknown;
        try {
          rec = JSON.parse(line);
        } catch (err) {
          this.rejected('invalid-json', `invalid JSON: ${(err as Error).message}`, firstLine + i, line);
          continue;
        }
        if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) this.rejected('not-an-object', 'line is not a JSON object', firstLine + i, line);
        else this.session(rec as NetworkSession, firstLine + i);
      }
      await this.flush(flush);
    }
  }

  // --- table form -----------------------------------------------------------------------------

  private async readRows(batches: AsyncIterable<RowBatch>, flush: Flush): Promise<void> {
    let fixed: LoadedPlugin | undefined = this.req.source ? this.tablePlugin(this.registry.get(this.req.source)) : undefined;
    for await (const { rows, positions, raws } of batches) {
      if (!fixed && !this.req.table && !rows.some((r) => !(r instanceof Error) && typeof r.Type === 'string')) {
        const sample = rows.filter((r): r is TableRow => !(r instanceof Error)).slice(0, SNIFF_LINES);
        fixed = this.sniff(this.registry.plugins.filter((p) => p.parser.fromTableRow), { rows: sample });
      }
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        this.acc.read++;
        if (row instanceof Error) {
          this.rejected('invalid-row', row.message, positions[i]!, raws?.[i] ?? '');
          continue;
        }
        this.routeRow(row, this.req.table ?? (row.Type as string), fixed, positions[i]!);
      }
      await this.flush(flush);
    }
  }

  private tablePlugin(p: LoadedPlugin): LoadedPlugin {
    if (!p.parser.fromTableRow) {
      throw new ConfigError('no-table-form', `${this.file.path}: plugin ${p.manifest.id} has no table form; give it raw logs`);
    }
    return p;
  }

  /**
   * Sends a table row to its plugin: the fixed one (--source or sniffed) if its filter claims the
   * row, else the first enabled plugin of the table whose filter does. Unclaimed rows are skipped
   * with a reason that names what they are.
   */
  private routeRow(row: TableRow, table: string, fixed: LoadedPlugin | undefined, position: number): void {
    if (fixed) {
      if (fixed.parser.claimsRow && !fixed.parser.claimsRow(row)) return this.skipped(`not a ${fixed.manifest.id} row`);
      return this.processor(fixed).table(row, position, this);
    }
    const plugin = this.registry.forTable(table).find((p) => !p.parser.claimsRow || p.parser.claimsRow(row));
    if (plugin) return this.processor(plugin).table(row, position, this);
    const codec = this.codecs().find((c) => c.tables.includes(table) && c.describeRow);
    this.skipped(`no enabled parser for ${codec ? codec.describeRow!(row) : `table ${table}`}`);
  }

  // --- shared -----------------------------------------------------------------------------------

  private sniff(candidates: LoadedPlugin[], sample: SniffSample): LoadedPlugin {
    return this.pickConfident(candidates.map((p) => ({ route: p, name: p.manifest.id, score: safeSniff(p.parser, sample) })));
  }

  private pickConfident<T>(scored: { route: T; name: string; score: number }[]): T {
    const ranked = [...scored].sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (best && best.score >= CONFIDENT) {
      this.log.info({ path: this.file.path, source: best.name, confidence: best.score }, 'source detected');
      return best.route;
    }
    const list = ranked.map(({ name, score }) => `${name} (${score.toFixed(2)})`).join(', ') || 'none';
    throw new ConfigError('unknown-format', `${this.file.path}: cannot tell which source wrote this; pass --source ID. Candidates: ${list}`);
  }

  private streamContext(pluginId: string): Omit<StreamContext<unknown>, 'options'> {
    return { path: this.file.path, log: this.log.child({ plugin: pluginId }), receivedAt: this.receivedAt, fields: this.fields };
  }

  private processor(plugin: LoadedPlugin): RecordProcessor<unknown> {
    let p = this.processors.get(plugin.manifest.id);
    if (!p) {
      const ctx: StreamContext<unknown> = {
        ...this.streamContext(plugin.manifest.id),
        options: resolveOptions(plugin.parser, this.req.pluginOptions?.get(plugin.manifest.id) ?? {}),
      };
      this.processors.set(plugin.manifest.id, (p = new RecordProcessor(plugin.parser, ctx)));
    }
    return p;
  }

  session(record: NetworkSession, line: number): void {
    if (this.req.validate) {
      const errors = zodViolations(record).filter((v) => v.severity === 'error');
      if (errors.length) {
        const detail = errors.map((v) => `${v.field}: ${v.message}`).join('; ');
        return this.rejected('invalid-asim', detail, line, JSON.stringify(record));
      }
    }
    if (this.req.lineage) (record as unknown as Record<string, unknown>)._Lineage = { path: this.file.path, line };
    this.records.push(record);
  }

  skipped(reason: string, _line?: number): void {
    this.acc.skip(reason);
  }

  rejected(reason: string, detail: string, line: number, raw: string): void {
    this.acc.reject(reason);
    this.hooks.onRejected?.({ path: this.file.path, line, reason, detail, raw });
  }

  private async flush(flush: Flush): Promise<void> {
    const records = this.records;
    this.records = [];
    this.acc.emitted += records.length;
    await flush(records);
  }
}

/** `--opt ID.KEY=VALUE` must name an enabled plugin, or a shared codec (e.g. `cef-syslog.timezone`). */
function checkOptionTargets(registry: PluginRegistry, options: NormalizeRequest['pluginOptions']): void {
  const codecIds = new Set(registry.plugins.flatMap((p) => (p.parser.rawCodec ? [p.parser.rawCodec.id] : [])));
  for (const id of options?.keys() ?? []) {
    if (!registry.has(id) && !codecIds.has(id)) {
      throw new ConfigError('unknown-option', `--opt ${id}.…: no enabled plugin or codec "${id}" (enabled: ${registry.ids().join(', ')})`);
    }
  }
}

/** The first complete lines of a chunk, for sniffing (the last one may be cut short). */
function completeLines(head: Buffer): string[] {
  const lines = head.toString('utf8', 0, Math.min(head.length, 1 << 18)).split('\n', SNIFF_LINES + 1);
  if (lines.length > 1 && lines.length <= SNIFF_LINES) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => !isBlankLine(l));
}

/** Where replayed header lines go: nowhere, they were counted by the range that holds them. */
const MUTED: OutcomeSink = { session() {}, skipped() {}, rejected() {} };

/** How raw lines of one input are read: by a plugin's own decoder, or by a shared codec + routing. */
type RawRoute = { plugin: LoadedPlugin } | { codec: RowCodec<unknown>; plugin?: LoadedPlugin };

function rejection(err: unknown): [reason: string, detail: string] {
  if (err instanceof RecordRejected) return [err.reason, err.detail];
  return ['parser-error', `parser error: ${err instanceof Error ? err.message : String(err)}`];
}

function safeSniff(parser: Pick<AnyParser, 'sniff'>, sample: SniffSample): number {
  try {
    return parser.sniff?.(sample) ?? 0;
  } catch {
    return 0;
  }
}

interface Peekable<T> extends AsyncIterable<T> {
  peek(): Promise<T | undefined>;
}
type PeekableBatches = Peekable<import('./inputs.js').LineBatch>;

function peekable<T>(source: AsyncIterable<T>): Peekable<T> {
  const it = source[Symbol.asyncIterator]();
  let head: IteratorResult<T> | undefined;
  return {
    async peek() {
      head ??= await it.next();
      return head.done ? undefined : head.value;
    },
    async *[Symbol.asyncIterator]() {
      if (head) {
        if (head.done) return;
        yield head.value;
      }
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
  };
}
const peekableBatches = peekable;
