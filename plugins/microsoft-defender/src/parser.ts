import type { NetworkSession } from '@asimkit/schema';
import {
  booleanOption,
  jsonRecordsOf,
  RecordRejected,
  skip,
  z,
  type JsonObject,
  type RawDecoder,
  type RowOutput,
  type Skip,
  type SniffSample,
  type SourceParser,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { LEAN_FIELDS, mapEvent, mapEventLean } from './mapping.js';
import { rowFromColumns, type DefenderRow } from './row.js';

const TABLE = 'DeviceNetworkEvents';
/** The streaming API's category for DeviceNetworkEvents records (Event Hubs and Storage). */
export const CATEGORY = 'AdvancedHunting-DeviceNetworkEvents';

const optionsSchema = z.object({ inspections: booleanOption });
export type MicrosoftDefenderOptions = z.infer<typeof optionsSchema>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A streaming-API record: `{"category": ..., "properties": {...}}` (spec §2.1, §2.2). */
/** A streaming-API record: Defender's category, or an Advanced Hunting event in `properties` (other Azure diagnostics have `properties` too). */
const isStreamingRecord = (r: JsonObject): boolean =>
  isObject(r.properties) && ((typeof r.category === 'string' && r.category.startsWith('AdvancedHunting-')) || ('ActionType' in r.properties && 'DeviceId' in r.properties));

/** A flat advanced-hunting row (export, API result, Sentinel table row). */
const isHuntingRow = (r: TableRow): boolean => 'ActionType' in r && ('RemoteIP' in r || 'LocalIP' in r) && ('DeviceId' in r || 'DeviceName' in r);

/**
 * One streaming-API record or flat advanced-hunting row → the typed row. Records of other
 * Defender tables (a storage container or Event Hub may carry them all) are skipped.
 */
function decodeJsonRecord(record: JsonObject, out: RowOutput<DefenderRow>): void {
  if (isObject(record.properties)) {
    const category = record.category;
    if (category !== undefined && category !== CATEGORY) return out.skip(`category ${String(category)} is not DeviceNetworkEvents`);
    return out.row(rowFromColumns(record.properties, record.time));
  }
  if (isHuntingRow(record)) return out.row(rowFromColumns(record));
  throw new RecordRejected('not-defender', 'neither a streaming-API record (category, properties) nor a DeviceNetworkEvents row');
}

/** The raw form: streaming-API JSON, one record (or one `{"records": [...]}` document) per line, or parsed records. */
export class DefenderDecoder implements RawDecoder<DefenderRow> {
  decode(text: string, out: RowOutput<DefenderRow>): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
    }
    if (!isObject(value)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
    for (const record of jsonRecordsOf(value)) {
      if (!isObject(record)) throw new RecordRejected('not-an-object', 'a record of the document is not an object');
      decodeJsonRecord(record, out);
    }
  }

  decodeRecord(record: JsonObject, out: RowOutput<DefenderRow>): void {
    decodeJsonRecord(record, out);
  }
}

/** Microsoft Defender for Endpoint DeviceNetworkEvents: streaming-API JSON, advanced-hunting exports, Sentinel table rows. */
export class MicrosoftDefenderParser implements SourceParser<DefenderRow, MicrosoftDefenderOptions> {
  readonly id = 'microsoft-defender';
  readonly tables = [TABLE];
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    inspections:
      'true: map the *Inspected ActionTypes (HTTP/DNS/TLS/SSH/... inspections, signatures, scans) as sessions too; default false: skip them, as their connection has its own Connection* event',
  };

  createDecoder(): DefenderDecoder {
    return new DefenderDecoder();
  }

  /** A table row; a streaming record read as a row (a JSON lines input sniffed as a table) is unwrapped the same way. */
  fromTableRow(row: TableRow): DefenderRow | Skip {
    if (isObject(row.properties)) {
      const category = row.category;
      if (category !== undefined && category !== CATEGORY) return skip(`category ${String(category)} is not DeviceNetworkEvents`);
      return rowFromColumns(row.properties, row.time);
    }
    if (row.Type !== undefined && row.Type !== TABLE) return skip(`table ${String(row.Type)} is not DeviceNetworkEvents`);
    return rowFromColumns(row);
  }

  map(row: DefenderRow, ctx: StreamContext<MicrosoftDefenderOptions>): NetworkSession | Skip {
    return needsOnlyLean(ctx.fields) ? mapEventLean(row, ctx.options, ctx.receivedAt) : mapEvent(row, ctx.options, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    if (sample.records) return share(sample.records, isStreamingRecord) > 0 ? streamingConfidence(sample.records) : 0;
    if (sample.rows) {
      if (sample.rows.some((r) => r.Type === TABLE)) return 0.95;
      if (share(sample.rows, isHuntingRow) >= 0.5) return 0.9;
      return share(sample.rows, isStreamingRecord) > 0 ? 0.6 : 0;
    }
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    const hits = lines.filter((l) => l.trimStart().startsWith('{') && l.includes('"AdvancedHunting-Device')).length;
    return hits === 0 ? 0 : lines.some((l) => l.includes(`"${CATEGORY}"`)) ? 0.9 : 0.6;
  }
}

const leanProjections = new WeakMap<ReadonlySet<string>, boolean>();

/** Whether a projection (StreamContext.fields) asks only for fields the lean record has. */
function needsOnlyLean(fields: ReadonlySet<string> | undefined): boolean {
  if (fields === undefined) return false;
  let lean = leanProjections.get(fields);
  if (lean === undefined) {
    lean = [...fields].every((f) => LEAN_FIELDS.has(f));
    leanProjections.set(fields, lean);
  }
  return lean;
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let n = 0;
  for (const item of items) if (test(item)) n++;
  return n / items.length;
}

/** Streaming records: sure when one is a DeviceNetworkEvents record, less so for other Defender tables only. */
function streamingConfidence(records: readonly JsonObject[]): number {
  if (records.some((r) => r.category === CATEGORY)) return 0.95;
  return records.some((r) => typeof r.category === 'string' && r.category.startsWith('AdvancedHunting-')) ? 0.6 : 0.3;
}
