import type { DetectorKey, NetworkSession } from '@asimkit/schema';
import { RecordRejected } from './errors.js';
import type { JsonLineBuffer } from './json-lines.js';
import { Skip, type JsonObject, type KeyOutcomes, type RawDecoder, type RowOutput, type SourceParser, type StreamContext, type TableRow } from './parser.js';

/** Where the outcome of each input record goes. `position` is the 1-based line the record starts on. */
export interface OutcomeSink {
  /**
   * A raw record turned out to hold `parts` records (an NSG blob record holding flow tuples): each
   * part gets an outcome of its own, so the accounting counts `parts - 1` records more than were read.
   */
  parts?(parts: number): void;
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
  /** The record's parts in order, the first `partCount`: rows, and the malformed parts rejected among them. */
  private readonly parts: (Row | PartRejected)[] = [];
  private partCount = 0;
  private skipReason: string | undefined;
  private decoder: RawDecoder<Row> | undefined;

  constructor(
    readonly parser: SourceParser<Row, unknown>,
    readonly ctx: StreamContext<unknown>,
  ) {}

  row(row: Row): void {
    this.parts[this.partCount++] = row;
  }

  skip(reason: string): void {
    this.skipReason ??= reason;
  }

  reject(reason: string, detail: string): void {
    this.parts[this.partCount++] = new PartRejected(reason, detail);
  }

  /** Whether raw lines can take the detector's fast path (see `RawDecoder.decodeDetectorKey`). */
  decodesDetectorKeys(): boolean {
    return this.parser.createDecoder !== undefined && this.rawDecoder().decodeDetectorKey !== undefined;
  }

  /** Whether the decoder's fast path also reads batches of lines (`decodeDetectorKeys`). */
  decodesDetectorKeyBatches(): boolean {
    return this.decodesDetectorKeys() && this.rawDecoder().decodeDetectorKeys !== undefined;
  }

  /** The fast path: true when the line in `bytes[start, end)` was one session, now in `key`. */
  detectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.decoder!.decodeDetectorKey!(bytes, start, end, key);
  }

  /**
   * The fast path over `count` lines of `bytes` (pairs of `lines`), in order: each goes to one of
   * `outcomes` (see `RawDecoder.decodeDetectorKeys`).
   */
  detectorKeys(bytes: Buffer, lines: Int32Array, count: number, key: DetectorKey, outcomes: KeyOutcomes): void {
    const decoder = this.decoder!;
    if (decoder.decodeDetectorKeys !== undefined) return decoder.decodeDetectorKeys(bytes, lines, count, key, outcomes);
    for (let j = 0; j < count; j++) {
      if (decoder.decodeDetectorKey!(bytes, lines[2 * j], lines[2 * j + 1], key)) outcomes.take(key);
      else outcomes.decline(j);
    }
  }

  /** Whether raw lines can take the JSON-lines fast path (see `RawDecoder.encodeJsonLines`). */
  encodesJsonLines(): boolean {
    return this.parser.createDecoder !== undefined && this.rawDecoder().encodeJsonLines !== undefined;
  }

  /** The JSON-lines fast path from line `from` of the batch: the index of the first line it did not write. */
  jsonLines(bytes: Buffer, lines: Int32Array, from: number, count: number, out: JsonLineBuffer): number {
    return this.rawDecoder().encodeJsonLines!(bytes, lines, from, count, out);
  }

  private rawDecoder(): RawDecoder<Row> {
    return (this.decoder ??= this.parser.createDecoder!(this.ctx));
  }

  /**
   * Truncating the array per record was a runtime call (~30 ns a line of VPC normalize); a single
   * row is overwritten by the next record's, and only many parts (an NSG blob's) are let go.
   */
  private clearParts(): void {
    if (this.partCount > 1) this.parts.length = 0;
    this.partCount = 0;
  }

  /** One raw record (usually one line). */
  raw(text: string, position: number, sink: OutcomeSink): void {
    this.clearParts();
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
    this.clearParts();
    this.skipReason = undefined;
    try {
      this.rawDecoder().decodeRecord!(record, this);
    } catch (err) {
      return reject(err, raw ?? record, position, sink);
    }
    this.mapRows(raw ?? record, position, sink);
  }

  /** One table row; `raw` is the line it was decoded from, when a shared codec decoded it (for the rejects file). */
  table(tableRow: TableRow, position: number, sink: OutcomeSink, raw?: string): void {
    this.clearParts();
    this.skipReason = undefined;
    try {
      const row = this.parser.fromTableRow!(tableRow, this.ctx);
      if (row instanceof Skip) this.skipReason = row.reason;
      else this.row(row);
    } catch (err) {
      return reject(err, raw ?? tableRow, position, sink);
    }
    this.mapRows(raw ?? tableRow, position, sink);
  }

  /**
   * One outcome per part: a session, a skip, or a rejection. A record of one row keeps the old
   * rule (its mapping's skip or rejection is the record's); a record of no row is skipped with the
   * decoder's reason.
   */
  private mapRows(raw: string | TableRow, position: number, sink: OutcomeSink): void {
    const parts = this.parts;
    const count = this.partCount;
    if (count === 0) return sink.skipped(this.skipReason ?? 'no session in record', position);
    if (count > 1) sink.parts?.(count);
    for (let i = 0; i < count; i++) {
      const part = parts[i]!;
      if (part instanceof PartRejected) {
        sink.rejected(part.reason, part.detail, position, rawText(raw));
        continue;
      }
      let result: NetworkSession | Skip;
      try {
        result = this.parser.map(part, this.ctx);
      } catch (err) {
        reject(err, raw, position, sink);
        continue;
      }
      if (result instanceof Skip) sink.skipped(result.reason, position);
      else sink.session(result, position, raw);
    }
  }
}

/** A malformed part of a record (`RowOutput.reject`). */
class PartRejected {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {}
}

function reject(err: unknown, raw: string | TableRow, position: number, sink: OutcomeSink): void {
  const text = rawText(raw);
  if (err instanceof RecordRejected) sink.rejected(err.reason, err.detail, position, text);
  else sink.rejected('parser-error', `parser error: ${err instanceof Error ? err.message : String(err)}`, position, text);
}

function rawText(raw: string | TableRow): string {
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? '';
  } catch {
    return '(not serialisable)';
  }
}
