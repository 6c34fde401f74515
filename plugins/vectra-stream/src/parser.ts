import type { NetworkSession } from '@asimkit/schema';
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
import { mapSession } from './mapping.js';
import { decodeStreamObject, decodeTableRow, isTableRow } from './record.js';
import type { VectraSessionRow } from './row.js';

export const VECTRA_TABLES = ['VectraStream_CL', 'vectra_isession_CL'] as const;

/** The Stream keys each ASIM field the detector counts comes from (see mapping.ts). */
const RAW_SOURCES: Readonly<Record<string, readonly string[]>> = {
  TimeGenerated: ['ts'],
  NetworkProtocol: ['proto', 'protoName'],
  DstPortNumber: ['id_resp_p', 'proto', 'protoName'],
  NetworkDirection: ['local_orig', 'local_resp'],
  DstAppName: [],
  DvcAction: [],
};

/** The keys to convert when a consumer needs only `asimFields`, or undefined for all. */
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

/** Raw Stream JSON: records through `decodeRecord`, JSON text lines (a TCP capture) through `decode`. */
export class VectraStreamDecoder implements RawDecoder<VectraSessionRow> {
  constructor(private readonly wanted: ReadonlySet<string> | undefined) {}

  decode(text: string, out: RowOutput<VectraSessionRow>): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
    this.decodeRecord(v as JsonObject, out);
  }

  decodeRecord(record: JsonObject, out: RowOutput<VectraSessionRow>): void {
    const row = decodeStreamObject(record, this.wanted);
    if (typeof row === 'string') return out.skip(row);
    out.row(row);
  }
}

/** Whether an object is a Vectra Stream record: a `metadata_*` type, or Vectra's host/sensor ids. */
function looksVectra(obj: JsonObject): boolean {
  const type = obj.metadata_type ?? obj.metadata_type_s;
  if (typeof type === 'string') return type.startsWith('metadata_');
  return ('sensor_uid' in obj || 'sensor_uid_s' in obj || 'orig_huid' in obj) && ('id.orig_h' in obj || 'id_orig_h' in obj || 'id_orig_h_s' in obj);
}

/** Vectra AI Stream `isession` metadata: raw JSON, and the VectraStream_CL / vectra_isession_CL tables. */
export class VectraStreamParser implements SourceParser<VectraSessionRow> {
  readonly id = 'vectra-stream';
  readonly tables = VECTRA_TABLES;

  createDecoder(ctx: StreamContext): RawDecoder<VectraSessionRow> {
    return new VectraStreamDecoder(rawFieldsFor(ctx.fields));
  }

  fromTableRow(row: TableRow, ctx: StreamContext): VectraSessionRow | Skip {
    const decoded = decodeTableRow(row, rawFieldsFor(ctx.fields));
    return typeof decoded === 'string' ? skip(decoded) : decoded;
  }

  map(row: VectraSessionRow, ctx: StreamContext): NetworkSession {
    return mapSession(row, ctx.receivedAt);
  }

  /**
   * Raw Stream records (no Log Analytics columns) are more confidently records than rows; table
   * rows (a Vectra `Type`, `metadata_type_s`) the reverse. Raw JSON lines: the same test per line.
   */
  sniff(sample: SniffSample): number {
    if (sample.records) return share(sample.records, (r) => !isTableRow(r) && looksVectra(r)) * 0.95;
    if (sample.rows) {
      return Math.max(
        share(sample.rows, (r) => (typeof r.Type === 'string' && (VECTRA_TABLES as readonly string[]).includes(r.Type)) || (isTableRow(r) && looksVectra(r))) * 0.95,
        share(sample.rows, (r) => !isTableRow(r) && looksVectra(r)) * 0.6,
      );
    }
    const lines = sample.lines ?? [];
    return share(lines, (l) => l.startsWith('{') && l.includes('"metadata_type":"metadata_')) * 0.9;
  }
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let hits = 0;
  for (const item of items) if (test(item)) hits++;
  return hits / items.length;
}
