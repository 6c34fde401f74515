import type { NetworkSession } from '@asimkit/schema';
import { zodViolations } from '@asimkit/schema';
import {
  ConfigError,
  detectInputKind,
  isBlankLine,
  RecordProcessor,
  resolveOptions,
  type OutcomeSink,
  type SniffSample,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { Accounting } from './accounting.js';
import { expandInputs, inputChunks, lineBatches, type ByteCounter, type InputFile } from './inputs.js';
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
}

/** Where normalized records go, one batch at a time. */
export interface SessionSink {
  write(records: NetworkSession[]): void | Promise<void>;
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
  const files = await expandInputs(req.inputs);
  const total = files.every((f) => f.size !== undefined) ? files.reduce((s, f) => s + f.size!, 0) : undefined;
  const acc = new Accounting();
  const counter: ByteCounter = { bytes: 0 };
  for (const file of files) {
    const run = new InputRun(registry, req, file, acc, log, hooks);
    await run.read(counter, async (records) => {
      if (records.length) await sink.write(records);
      hooks.onProgress?.(counter.bytes, total);
    });
  }
  return acc;
}

type Flush = (records: NetworkSession[]) => Promise<void>;

/** The reading of one input file: its layout, its parser(s), its outcome sink. */
class InputRun implements OutcomeSink {
  private records: NetworkSession[] = [];
  private readonly processors = new Map<string, RecordProcessor<unknown>>();

  constructor(
    private readonly registry: PluginRegistry,
    private readonly req: NormalizeRequest,
    private readonly file: InputFile,
    private readonly acc: Accounting,
    private readonly log: Logger,
    private readonly hooks: RunHooks,
  ) {}

  async read(counter: ByteCounter, flush: Flush): Promise<void> {
    const chunks = peekable(inputChunks(this.file, counter));
    const head = await chunks.peek();
    if (head === undefined) return;
    const kind = detectInputKind(this.file.path, head.subarray(0, 4096).toString('utf8'));
    this.log.debug({ path: this.file.path, kind }, 'reading input');
    if (kind === 'lines' || kind === 'jsonl-table') {
      const batches = peekableBatches(lineBatches(chunks));
      if (kind === 'lines') return this.readRawLines(batches, flush);
      return this.readRows(jsonlRowBatches(batches), flush);
    }
    return this.readRows(kind === 'csv' ? csvRowBatches(chunks) : jsonArrayRowBatches(chunks), flush);
  }

  // --- raw form -------------------------------------------------------------------------------

  private async readRawLines(batches: PeekableBatches, flush: Flush): Promise<void> {
    const first = await batches.peek();
    if (!first) return;
    if (this.req.source === ASIM_SOURCE) return this.readAsimLines(batches, flush);
    const plugin = this.req.source
      ? this.rawPlugin(this.registry.get(this.req.source))
      : this.sniff(this.registry.plugins.filter((p) => p.parser.createDecoder), { lines: first.lines.slice(0, SNIFF_LINES) });
    const processor = this.processor(plugin);
    for await (const { lines, firstLine } of batches) {
      for (let i = 0; i < lines.length; i++) {
        if (isBlankLine(lines[i]!)) continue;
        this.acc.read++;
        processor.raw(lines[i]!, firstLine + i, this);
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
        const plugin = fixed ?? this.route(row);
        if (!plugin) continue;
        if (fixed && fixed.parser.claimsRow && !fixed.parser.claimsRow(row)) {
          this.skipped(`not a ${fixed.manifest.id} row`, positions[i]!);
          continue;
        }
        this.processor(plugin).table(row, positions[i]!, this);
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

  /** The plugin for a row of a named table: the first enabled one whose filter claims it. */
  private route(row: TableRow): LoadedPlugin | undefined {
    const table = this.req.table ?? (row.Type as string);
    const candidates = this.registry.forTable(table);
    const plugin = candidates.find((p) => !p.parser.claimsRow || p.parser.claimsRow(row));
    if (!plugin) this.skipped(`no enabled parser for table ${table}`, 0);
    return plugin;
  }

  // --- shared -----------------------------------------------------------------------------------

  private sniff(candidates: LoadedPlugin[], sample: SniffSample): LoadedPlugin {
    const scored = candidates
      .map((p) => ({ p, score: safeSniff(p.parser, sample) }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (best && best.score >= CONFIDENT) {
      this.log.info({ path: this.file.path, source: best.p.manifest.id, confidence: best.score }, 'source detected');
      return best.p;
    }
    const list = scored.map(({ p, score }) => `${p.manifest.id} (${score.toFixed(2)})`).join(', ') || 'none';
    throw new ConfigError('unknown-format', `${this.file.path}: cannot tell which source wrote this; pass --source ID. Candidates: ${list}`);
  }

  private processor(plugin: LoadedPlugin): RecordProcessor<unknown> {
    let p = this.processors.get(plugin.manifest.id);
    if (!p) {
      const ctx: StreamContext<unknown> = {
        options: resolveOptions(plugin.parser, this.req.pluginOptions?.get(plugin.manifest.id) ?? {}),
        path: this.file.path,
        log: this.log.child({ plugin: plugin.manifest.id }),
        receivedAt: new Date().toISOString(),
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

function safeSniff(parser: AnyParser, sample: SniffSample): number {
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
