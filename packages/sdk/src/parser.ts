import type { DetectorKey, DetectorKeyColumns, NetworkSession } from '@asimkit/schema';
import type { z } from '@asimkit/vendor/zod';
import { RecordRejected } from './errors.js';
import type { JsonLineBuffer } from './json-lines.js';

/** The two forms a source's records come in: what the device emits, or a row of the Sentinel table. */
export type Form = 'raw' | 'table';

/** A row of a Sentinel / Log Analytics table as exported: column name → value (strings from CSV). */
export type TableRow = Record<string, unknown>;

/** A record the parser chose not to turn into a session (not a network session, no data, ...). */
export class Skip {
  private static readonly byReason = new Map<string, Skip>();
  private constructor(readonly reason: string) {}
  /** One shared instance per reason, so skipping allocates nothing. */
  static because(reason: string): Skip {
    let s = Skip.byReason.get(reason);
    if (!s) Skip.byReason.set(reason, (s = new Skip(reason)));
    return s;
  }
}

/** Shorthand for `Skip.because(reason)`. */
export const skip = (reason: string): Skip => Skip.because(reason);

/** Minimal logger a parser may use (pino-compatible). */
export interface ParserLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

/**
 * What the transport knew about the record being decoded, when it knew more than the stream: a
 * shipper's envelope (Filebeat's `@timestamp` and `host.name`), a syslog listener's peer. Its values
 * change record by record; read them while decoding that record.
 */
export interface Arrival {
  /** When the record was received or shipped (ISO-8601); `StreamContext.receivedAt` follows it. */
  readonly receivedAt?: string;
  /** The host the shipper says the record came from, for records whose own header names none. */
  readonly host?: string;
  /** The program (syslog APP-NAME) the shipper names, for records that carry none. */
  readonly app?: string;
  /** The network peer the record came from (a listener's remote address): Sentinel's HostIP. */
  readonly peer?: string;
}

/** What a parser knows about the stream it decodes: one file, one stdin, one table export. */
export interface StreamContext<Options = Record<string, unknown>> {
  /** The plugin's options, validated with its `optionsSchema` (defaults applied). */
  readonly options: Options;
  /** Input path, `-` for stdin. */
  readonly path: string;
  readonly log: ParserLogger;
  /**
   * When the stream was received (ISO-8601), for records that carry no time of their own. The
   * output must say when it stands in (DESIGN: Time). The golden test kit fixes it to
   * `2000-01-01T00:00:00.000Z` so expected files are stable.
   */
  readonly receivedAt: string;
  /**
   * The ASIM fields the consumer needs (e.g. the detector's six), when it needs only some.
   * A decoder may skip converting and validating what no needed field depends on; the mapping
   * must still be correct for the needed fields. Absent: every field.
   */
  readonly fields?: ReadonlySet<string>;
  /** What the transport knew about the current record (see Arrival); absent for plain files. */
  readonly arrival?: Arrival;
}

/** A JSON object as parsed from an input (a table row, or a raw JSON record such as one NSG blob record). */
export type JsonObject = Record<string, unknown>;

/** Where a raw decoder puts what it decoded from one raw record. */
export interface RowOutput<Row> {
  /**
   * One table-shaped row; a raw record may yield several (e.g. NSG flow tuples). A record that
   * yields several rows counts as that many records in the accounting, one outcome each.
   */
  row(row: Row): void;
  /** The record is valid but holds no session (a header line, a NODATA record, a DNS event). */
  skip(reason: string): void;
  /**
   * One part of a record that yields several is malformed (a flow tuple of an NSG record): it
   * counts as one rejected record among the parts, in order, and the other parts stand. Throw
   * `RecordRejected` instead when the record as a whole is malformed. Call it through
   * `rejectPart(out, ...)`: an output without it (a test's) then rejects the whole record.
   */
  reject?(reason: string, detail: string): void;
}

/** `out.reject(reason, detail)`, or, for an output that cannot take a part's rejection, the record's (RecordRejected). */
export function rejectPart<Row>(out: RowOutput<Row>, reason: string, detail: string): void {
  if (out.reject === undefined) throw new RecordRejected(reason, detail);
  out.reject(reason, detail);
}

/**
 * Where `RawDecoder.decodeDetectorKeys` sends each line of a batch, by its index j in the batch.
 * Every line gets one outcome. The lines `takeColumns` does not give get theirs in line order,
 * through the other three; the lines it gives may come in any order with them.
 */
export interface KeyOutcomes {
  /** The line is one plain session, now in `key`: exactly where `decodeDetectorKey` would accept it. */
  take(key: DetectorKey): void;
  /**
   * Sessions in columns, without a key per line: entry i of `columns` is line `first` + i, for i
   * below `count`, and is a session (exactly the key `decodeDetectorKey` would give the line) where
   * its `combination` is ≥ 0. Entries of -1 are lines given through the other outcomes. The
   * columns may be reused once this returns.
   */
  takeColumns(columns: DetectorKeyColumns, first: number, count: number): void;
  /**
   * The full path would skip line j with this reason and give it no other outcome (VPC's NODATA
   * records: a real export can hold as many as it holds sessions); it is counted so, undecoded.
   */
  skip(line: number, reason: string): void;
  /**
   * The full path decodes line j then and there, and may change the decoder's state (a header
   * line), which the lines after it must see.
   */
  decline(line: number): void;
}

/**
 * Decodes raw records of one stream. It may keep state across records (a VPC flow header line sets
 * the field order of the lines after it), which is why a decoder is created per stream.
 * Throw `RecordRejected` for a malformed record.
 */
export interface RawDecoder<Row> {
  decode(text: string, out: RowOutput<Row>): void;
  /**
   * Optional fast path for counting (`detect`, `summarize`): decodes the line in
   * `bytes[start, end)` (no terminator) straight to what the detector counts, without a row or a
   * record. Called only on a decoder whose context's `fields` are the detector's. Return true
   * after filling `key` when the line is one plain session; return false for anything else (a
   * header, a skip, a malformed or merely unusual line), without changing state: the line then
   * takes the full path, `decode` and `map`, which decides its outcome. So the fast path needs
   * to be right only for the lines it accepts, and on those it must give exactly the key the
   * full path gives: `detectorKeyDisagreements` in the test kit checks this.
   */
  decodeDetectorKey?(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean;
  /**
   * Optional: the same fast path over many lines at once, for a decoder that reads lines faster
   * together than one by one (the VPC plugin's WebAssembly scanner). `lines` holds `count` pairs
   * (start, end) of lines of `bytes`, in order. Each line goes to one of `outcomes` (see
   * KeyOutcomes). Without this method, the lines go to `decodeDetectorKey` one by one.
   * `detectorKeyDisagreements` checks both.
   */
  decodeDetectorKeys?(bytes: Buffer, lines: Int32Array, count: number, key: DetectorKey, outcomes: KeyOutcomes): void;
  /**
   * Optional fast path for `normalize` to JSON lines, taken when nothing reads the records on
   * their way to the output (no filter, `--lineage` or `--validate`). From line `from` of the batch
   * on (`lines` as in `decodeDetectorKeys`), appends to `out` the bytes the full path would write
   * for each line: `JSON.stringify` of its one session, then a line feed. It stops at the first
   * line it cannot write so (a header, a skip, a malformed or merely unusual line) and returns
   * that line's index, or `count`. That line then takes the full path, which decides its outcome
   * and may change the decoder's state, and the call is made again from the line after it. So the
   * fast path needs to be right only for the lines it writes: each must be one the full path makes
   * exactly one session of, which passes the type check, with exactly those bytes.
   * `jsonLineDisagreements` in the test kit checks this.
   */
  encodeJsonLines?(bytes: Buffer, lines: Int32Array, from: number, count: number, out: JsonLineBuffer): number;
  /**
   * Raw JSON form: one record already parsed from a JSON input (a line of JSON lines, an element
   * of a JSON array, or of the `records` array of a `{"records": [...]}` document such as an Azure
   * diagnostic blob or an Event Hub capture). Sources whose raw form is JSON (Zeek, NSG flow logs,
   * Defender streaming events) implement it; the pipeline parses the JSON once and streams large
   * documents record by record. Throw `RecordRejected` for a malformed record.
   */
  decodeRecord?(record: JsonObject, out: RowOutput<Row>): void;
}

/** A sample of the start of an input, for `sniff`. */
export interface SniffSample {
  /** Raw form: the first lines (after decompression), without line terminators. */
  readonly lines?: readonly string[];
  /** Table form: the first rows, and the table name if the export says (`Type` column). */
  readonly rows?: readonly TableRow[];
  /**
   * Raw JSON form: the first records of a JSON input, offered to `RawDecoder.decodeRecord`. The
   * same objects are offered as `rows` in a separate call: a JSON input is read in the form whose
   * sniff is the most confident.
   */
  readonly records?: readonly JsonObject[];
}

/**
 * A raw decoder shared by several sources whose records land in one Sentinel table: e.g. the
 * syslog + CEF codec turns a line into a CommonSecurityLog row, which each CEF plugin then claims
 * by its `claimsRow` filter. The pipeline decodes a line once with the codec and routes the row,
 * so a raw file mixing vendors is split among the enabled plugins exactly like a table export.
 */
export interface RowCodec<Options = Record<string, unknown>> {
  /** Unique codec id, e.g. `cef-syslog`. */
  readonly id: string;
  /** The tables whose rows it produces, e.g. `['CommonSecurityLog']`; each row names its own in `Type`. */
  readonly tables: readonly string[];
  /**
   * Whether a raw line is this codec's, when a stream is routed per line. Absent: the codec takes
   * any line no other codec or plugin claimed (the `syslog` codec, whose rows are Syslog rows).
   */
  claimsLine?(line: string): boolean;
  /** Confidence 0..1 that raw lines are this codec's. */
  sniff(sample: SniffSample): number;
  /** A decoder per stream; `out.row()` gets rows of `table`. Throw `RecordRejected` when malformed. */
  createDecoder(ctx: StreamContext<Options>): RawDecoder<TableRow>;
  /** How to name a row no enabled plugin claims, e.g. `DeviceVendor/DeviceProduct Acme/Box`. */
  describeRow?(row: TableRow): string;
}

/**
 * One source: decodes its raw form and/or its Sentinel table form into `Row` (the table-shaped
 * row), and maps a `Row` to an ASIM NetworkSession record. Both forms share the one mapping.
 */
export interface SourceParser<Row = unknown, Options = Record<string, unknown>> {
  /** Equal to the manifest id in the plugin's package.json. */
  readonly id: string;
  /** Sentinel tables whose rows `fromTableRow` understands, e.g. `['AWSVPCFlow']`. */
  readonly tables: readonly string[];
  /** Options a user can set with `--opt KEY=VALUE`; values arrive as strings, so use `z.coerce`. */
  readonly optionsSchema?: z.ZodType<Options>;
  /** Option descriptions for `asim plugins` (key → one line). */
  readonly optionsHelp?: Readonly<Record<string, string>>;

  /** Raw form. Absent when the source has no raw form we read. */
  createDecoder?(ctx: StreamContext<Options>): RawDecoder<Row>;
  /**
   * Per-line routing (a syslog relay file, a listener, a shipper's archive, where each line may come
   * from another device): whether this raw line is in a format this plugin's own decoder reads
   * without state from other lines (a vendor's native syslog, a default-format flow line). Claimed
   * lines go to `createDecoder`'s decoder; lines of shared codecs (CEF, Syslog) are claimed by
   * `claimsRow` instead. Keep it cheap: it is asked of every line that is not CEF.
   */
  claimsLine?(line: string): boolean;
  /**
   * Raw form through a shared codec instead of `createDecoder`: raw line → codec → table row →
   * `claimsRow` → `fromTableRow` → `map`. Codec options come from this plugin's options.
   */
  readonly rawCodec?: RowCodec<Options>;
  /**
   * Table form: convert one exported table row into `Row`. Throw `RecordRejected` when a value is
   * unusable; return a `Skip` for rows of the table that are not network sessions.
   */
  fromTableRow?(row: TableRow, ctx: StreamContext<Options>): Row | Skip;
  /**
   * For tables shared by several sources (CommonSecurityLog, Syslog): whether this row is this
   * source's, by the same filter Microsoft's ASIM parser uses. Absent = every row of `tables`.
   */
  claimsRow?(row: TableRow): boolean;

  /** The mapping: one row → one ASIM record, or a Skip with its reason. */
  map(row: Row, ctx: StreamContext<Options>): NetworkSession | Skip;

  /**
   * Confidence 0..1 that the sample is this source's (≥ 0.5 means confident). Without --source the
   * most confident candidate at or above 0.5 reads the input; per-line routing wins a tie, then
   * plugins in id order (docs/writing-a-plugin.md, "How an input is matched to a plugin").
   */
  sniff?(sample: SniffSample): number;

  /**
   * True when raw records are independent lines, except header lines at the top of a stream that
   * the decoder recognises (it calls `out.skip` for them). A large plain file may then be split
   * into byte ranges decoded by worker threads, each range's decoder first fed the file's header
   * lines. Leave it unset for formats with other cross-line state.
   */
  readonly splittable?: boolean;
}

/** The forms a parser supports, derived from what it implements. */
export function formsOf(parser: SourceParser<unknown, unknown>): Form[] {
  const forms: Form[] = [];
  if (parser.createDecoder || parser.rawCodec) forms.push('raw');
  if (parser.fromTableRow) forms.push('table');
  return forms;
}
