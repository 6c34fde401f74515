import { RecordRejected, tableDatetime, tableString, type JsonObject, type TableRow } from '@asimkit/sdk';
import { FIELD_BY_KEY, valueFromJson } from './fields.js';
import { CONN_PATHS, type ZeekConnRow } from './row.js';

/** The keys a record's log name may be under, in the order they are looked for. */
const PATH_KEYS = ['_path', '@stream', 'path', '_path_s'] as const;

/** Keys that only a conn record has (a record without a log name is a conn record if it has one). */
const CONN_ONLY: ReadonlySet<string> = new Set(['conn_state', 'history', 'orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes']);

/** Why a record of another Zeek log is skipped. */
export function otherLogReason(path: string): string {
  if (path === 'conn_long') return 'Zeek conn_long log (interim record of a long-lived connection; its conn record counts it)';
  return `Zeek ${path} log (not a conn record)`;
}

/** A Metron-style envelope `{"conn": {...}}`: the log name and the record, else undefined. */
function envelope(obj: JsonObject): { path: string; record: JsonObject } | undefined {
  let only: string | undefined;
  for (const k in obj) {
    if (only !== undefined) return undefined;
    only = k;
  }
  if (only === undefined) return undefined;
  const inner = obj[only];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return undefined;
  return { path: only, record: inner as JsonObject };
}

function pathOf(obj: JsonObject): string | undefined {
  for (const key of PATH_KEYS) {
    const v = obj[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/**
 * One Zeek JSON object (a raw record, or a table row whose columns carry Zeek's names) → a row,
 * or the reason it is not a conn record. `wanted`, when set, names the only fields kept (all are checked).
 */
export function decodeZeekObject(obj: JsonObject, wanted?: ReadonlySet<string>): ZeekConnRow | string {
  // Vectra Stream records use Zeek's names too, but are the vectra-stream plugin's
  if (typeof obj.metadata_type === 'string' || typeof obj.metadata_type_s === 'string') return `not a Zeek record (Vectra Stream ${String(obj.metadata_type ?? obj.metadata_type_s)})`;
  let path = pathOf(obj);
  if (path === undefined) {
    const wrapped = envelope(obj);
    if (wrapped !== undefined) {
      path = wrapped.path;
      obj = wrapped.record;
    }
  }
  if (path !== undefined && !CONN_PATHS.has(path)) return otherLogReason(path);
  const row: ZeekConnRow = {};
  const r = row as Record<string, unknown>;
  let connEvidence = path !== undefined;
  for (const key in obj) {
    const spec = FIELD_BY_KEY.get(key);
    if (spec === undefined) continue;
    if (!connEvidence && CONN_ONLY.has(spec.name)) connEvidence = true;
    // every field is checked, wanted or not: a record normalize rejects is never counted by detect
    const value = valueFromJson(spec, key, obj[key]);
    if (value !== undefined && (wanted === undefined || wanted.has(spec.name))) r[spec.name] = value;
  }
  if (!connEvidence) return 'not a Zeek conn record (no _path and no conn fields)';
  if (path !== undefined) row.path = path;
  return row;
}

/** Log Analytics columns of a table row; the other columns carry the record. */
const TABLE_COLUMNS = ['TimeGenerated', 'Type', 'Message', 'hostname_s', '_ResourceId'] as const;

/**
 * A table row: a `Corelight_CL` row (the record's JSON text in `Message`), or a
 * `Corelight_v2_conn_CL` / `Corelight_v3_conn_CL` row (typed columns under Zeek's names), or a raw
 * Zeek record handed over as a row (the pipeline reads JSON lines as rows today).
 */
export function decodeTableRow(t: TableRow, wanted?: ReadonlySet<string>): ZeekConnRow | string {
  const message = t.Message;
  let decoded: ZeekConnRow | string;
  if (typeof message === 'string' && message !== '') decoded = decodeZeekObject(messageRecord(message), wanted);
  else decoded = decodeZeekObject(t, wanted);
  if (typeof decoded === 'string') return decoded;
  const type = tableString(t.Type);
  if (type !== undefined) decoded.Type = type;
  const time = tableDatetime(t.TimeGenerated);
  if (time === 'Invalid Date') throw new RecordRejected('bad-time', `TimeGenerated ${JSON.stringify(t.TimeGenerated)} is not a datetime`);
  if (time !== undefined) decoded.TimeGenerated = time;
  const collector = tableString(t.hostname_s);
  if (collector !== undefined) decoded.collector = collector;
  const resourceId = tableString(t._ResourceId);
  if (resourceId !== undefined) decoded._ResourceId = resourceId;
  return decoded;
}

/** Whether a row is a Log Analytics table row rather than a raw Zeek record. */
export function isTableRow(t: TableRow): boolean {
  for (const c of TABLE_COLUMNS) if (t[c] !== undefined) return true;
  return false;
}

/** The JSON object in a Corelight_CL `Message` (after any syslog prefix the agent kept). */
function messageRecord(message: string): JsonObject {
  const start = message.indexOf('{');
  if (start < 0) throw new RecordRejected('bad-message', 'Message holds no JSON object');
  let v: unknown;
  try {
    v = JSON.parse(message.slice(start));
  } catch (err) {
    throw new RecordRejected('bad-message', `Message is not a JSON record: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordRejected('bad-message', 'Message is not a JSON object');
  return v as JsonObject;
}
