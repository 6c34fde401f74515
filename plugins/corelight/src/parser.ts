import type { DetectorKey, NetworkSession } from '@asimkit/schema';
import {
  RecordRejected,
  skip,
  type JsonObject,
  type RawDecoder,
  type RowOutput,
  type Skip,
  type SniffSample,
  type SourceParser,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { decodeKey, keyLayout, type KeyLayout } from './detector-key.js';
import { FIELD_BY_KEY } from './fields.js';
import { mapConn } from './mapping.js';
import { decodeTableRow, decodeZeekObject, isTableRow } from './record.js';
import type { ZeekConnRow } from './row.js';
import { decodeTsvLine, ZeekTsvHeader, type TsvLayout } from './tsv.js';

export const CORELIGHT_TABLES = ['Corelight_CL', 'Corelight_v2_conn_CL', 'Corelight_v3_conn_CL'] as const;

/** The Zeek fields each ASIM field's value comes from (see mapping.ts). */
const RAW_SOURCES: Readonly<Record<string, readonly string[]>> = {
  TimeGenerated: ['ts'],
  NetworkProtocol: ['proto', 'ip_proto', 'id_orig_h', 'id_resp_h'],
  DstPortNumber: ['id_resp_p', 'proto'],
  NetworkDirection: ['local_orig', 'local_resp'],
  DstAppName: [],
  DvcAction: [],
};

/** The Zeek fields to convert when a consumer needs only `asimFields`, or undefined for all. */
export function rawFieldsFor(asimFields: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (asimFields === undefined) return undefined;
  const raw = new Set<string>();
  for (const f of asimFields) {
    const sources = RAW_SOURCES[f];
    if (sources === undefined) return undefined;
    for (const s of sources) raw.add(s);
  }
  return raw;
}

/**
 * Raw Zeek logs: TSV lines (header-driven) through `decode`, JSON records through `decodeRecord`
 * (and JSON text lines through `decode`, for a stream that mixes both).
 */
export class ZeekDecoder implements RawDecoder<ZeekConnRow> {
  private readonly header = new ZeekTsvHeader();
  private layout: TsvLayout | string | undefined;
  private keys: KeyLayout | undefined;

  constructor(private readonly wanted: ReadonlySet<string> | undefined) {}

  decode(text: string, out: RowOutput<ZeekConnRow>): void {
    const c = text.charCodeAt(0);
    if (c === 35 /* # */) {
      const reason = this.header.read(text);
      if (text.startsWith('#fields') || text.startsWith('#path') || text.startsWith('#separator')) this.relayout();
      return out.skip(reason);
    }
    if (c === 123 /* { */) return this.decodeRecord(parseJsonLine(text), out);
    const layout = this.layout;
    if (layout === undefined) {
      throw new RecordRejected('no-header', 'a Zeek TSV line before any #fields header line (JSON records start with "{")');
    }
    if (typeof layout === 'string') return out.skip(layout);
    out.row(decodeTsvLine(text, layout, this.wanted));
  }

  decodeRecord(record: JsonObject, out: RowOutput<ZeekConnRow>): void {
    const row = decodeZeekObject(record, this.wanted);
    if (typeof row === 'string') return out.skip(row);
    out.row(row);
  }

  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.keys !== undefined && decodeKey(bytes, start, end, this.keys, key);
  }

  private relayout(): void {
    this.layout = this.header.layout();
    this.keys = typeof this.layout === 'object' ? keyLayout(this.layout, this.wanted) : undefined;
  }
}

function parseJsonLine(text: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
  return v as JsonObject;
}

/** How many keys of an object are Zeek conn field names (in any of their spellings). */
function zeekKeys(obj: JsonObject): number {
  let n = 0;
  for (const k in obj) if (FIELD_BY_KEY.has(k)) n++;
  return n;
}

/** Whether an object is a Zeek record: several Zeek keys, or a Metron-style `{"conn": {...}}`. */
function looksZeek(obj: JsonObject): boolean {
  if ('metadata_type' in obj || 'metadata_type_s' in obj) return false; // Vectra Stream
  if (zeekKeys(obj) >= 4 && ('uid' in obj || 'uid_s' in obj)) return true;
  const keys = Object.keys(obj);
  const inner = keys.length === 1 ? obj[keys[0]!] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) && zeekKeys(inner as JsonObject) >= 4;
}

function isCorelightTable(row: TableRow): boolean {
  return typeof row.Type === 'string' && (CORELIGHT_TABLES as readonly string[]).includes(row.Type);
}

/** Corelight / Zeek conn logs: raw JSON and TSV, and the Corelight tables. */
export class CorelightParser implements SourceParser<ZeekConnRow> {
  readonly id = 'corelight';
  readonly tables = CORELIGHT_TABLES;
  /** TSV lines are independent; the only state is the header at the top, which a split range replays. */
  readonly splittable = true;

  createDecoder(ctx: StreamContext): RawDecoder<ZeekConnRow> {
    return new ZeekDecoder(rawFieldsFor(ctx.fields));
  }

  fromTableRow(row: TableRow, ctx: StreamContext): ZeekConnRow | Skip {
    const decoded = decodeTableRow(row, rawFieldsFor(ctx.fields));
    return typeof decoded === 'string' ? skip(decoded) : decoded;
  }

  map(row: ZeekConnRow, ctx: StreamContext): NetworkSession {
    return mapConn(row, ctx.receivedAt);
  }

  /**
   * TSV: a `#fields` line naming Zeek's conn fields, or a `#path conn` line. JSON: raw Zeek
   * records (no Log Analytics columns) are more confidently records than rows; Corelight table
   * rows (a Corelight `Type`, a `Message` holding a Zeek record, suffixed columns) the reverse.
   */
  sniff(sample: SniffSample): number {
    if (sample.records) return share(sample.records, (r) => !isTableRow(r) && looksZeek(r)) * 0.95;
    if (sample.rows) {
      return Math.max(
        share(sample.rows, (r) => isCorelightTable(r) || (isTableRow(r) && (looksZeek(r) || messageLooksZeek(r)))) * 0.95,
        share(sample.rows, (r) => !isTableRow(r) && looksZeek(r)) * 0.6,
      );
    }
    const lines = sample.lines ?? [];
    if (lines.some((l) => l.startsWith('#fields\t') && l.includes('id.orig_h') && l.includes('id.resp_p'))) return 0.95;
    if (lines.some((l) => l.startsWith('#path\tconn'))) return 0.9;
    return 0;
  }
}

function messageLooksZeek(row: TableRow): boolean {
  const m = row.Message;
  return typeof m === 'string' && (m.includes('"id.orig_h"') || m.includes('"_path"'));
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let hits = 0;
  for (const item of items) if (test(item)) hits++;
  return hits / items.length;
}
