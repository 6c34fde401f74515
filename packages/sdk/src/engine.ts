import type { DetectorKey, NetworkSession } from '@asimkit/schema';
import { RecordRejected } from './errors.js';
import { Skip, type JsonObject, type RawDecoder, type RowOutput, type SourceParser, type StreamContext, type TableRow } from './parser.js';

/** Where the outcome of each input record goes. `position` is the 1-based line the record starts on. */
export interface OutcomeSink {
  /** `raw` is the record as read (a line, or a row / JSON record), for the rejects file should the session be refused. */
  session(record: NetworkSession, position: number, raw?: string | TableRow): void;
  /** Called once per record that produced no session because it is not one (with the reason). */
  skipped(reason: string, position: number): void;
  /** Called once per malformed record; `raw` is the record as read, for the rejects file. */
  rejected(reason: string, detail: string, position: number, raw: string): void;
}

/**
 * Runs one parser over the records of one stream, catching every failure so that a malformed
 * record is counted, never fatal. Shared by the pipeline and the golden-file test kit.
 */
export class RecordProcessor<Row> implements RowOutput<Row> {
  private readonly rows: Row[] = [];
  private skipReason: string | undefined;
  private decoder: RawDecoder<Row> | undefined;

  constructor(
    readonly parser: SourceParser<Row, unknown>,
    readonly ctx: StreamContext<unknown>,
  ) {}

  row(row: Row): void {
    this.rows.push(row);
  }

  skip(reason: string): void {
    this.skipReason ??= reason;
  }

  /** Whether raw lines can take the detector's fast path (see `RawDecoder.decodeDetectorKey`). */
  decodesDetectorKeys(): boolean {
    return this.parser.createDecoder !== undefined && this.rawDecoder().decodeDetectorKey !== undefined;
  }

  /** The fast path: true when the line in `bytes[start, end)` was one session, now in `key`. */
  detectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.decoder!.decodeDetectorKey!(bytes, start, end, key);
  }

  private rawDecoder(): RawDecoder<Row> {
    return (this.decoder ??= this.parser.createDecoder!(this.ctx));
  }

  /** One raw record (usually one line). */
  raw(text: string, position: number, sink: OutcomeSink): void {
    this.rows.length = 0;
    this.skipReason = undefined;
    try {
      this.rawDecoder().decode(text, this);
    } catch (err) {
      return reject(err, text, position, sink);
    }
    this.mapRows(text, position, sink);
  }

  /** Whether the raw form reads JSON records (`RawDecoder.decodeRecord`). */
  decodesRecords(): boolean {
    return this.parser.createDecoder !== undefined && this.rawDecoder().decodeRecord !== undefined;
  }

  /** One raw JSON record (see `RawDecoder.decodeRecord`); `raw` is its text, for the rejects file. */
  record(record: JsonObject, position: number, sink: OutcomeSink, raw?: string): void {
    this.rows.length = 0;
    this.skipReason = undefined;
    try {
      this.rawDecoder().decodeRecord!(record, this);
    } catch (err) {
      return reject(err, raw ?? record, position, sink);
    }
    this.mapRows(raw ?? record, position, sink);
  }

  /** One table row. */
  table(tableRow: TableRow, position: number, sink: OutcomeSink): void {
    this.rows.length = 0;
    this.skipReason = undefined;
    try {
      const row = this.parser.fromTableRow!(tableRow, this.ctx);
      if (row instanceof Skip) this.skipReason = row.reason;
      else this.rows.push(row);
    } catch (err) {
      return reject(err, tableRow, position, sink);
    }
    this.mapRows(tableRow, position, sink);
  }

  private mapRows(raw: string | TableRow, position: number, sink: OutcomeSink): void {
    const rows = this.rows;
    let emitted = 0;
    for (let i = 0; i < rows.length; i++) {
      let result: NetworkSession | Skip;
      try {
        result = this.parser.map(rows[i]!, this.ctx);
      } catch (err) {
        return reject(err, raw, position, sink);
      }
      if (result instanceof Skip) this.skipReason ??= result.reason;
      else {
        sink.session(result, position, raw);
        emitted++;
      }
    }
    if (emitted === 0) sink.skipped(this.skipReason ?? 'no session in record', position);
  }
}

function reject(err: unknown, raw: string | TableRow, position: number, sink: OutcomeSink): void {
  const text = typeof raw === 'string' ? raw : safeJson(raw);
  if (err instanceof RecordRejected) sink.rejected(err.reason, err.detail, position, text);
  else sink.rejected('parser-error', `parser error: ${err instanceof Error ? err.message : String(err)}`, position, text);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '(not serialisable)';
  }
}
