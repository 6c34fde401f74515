import { RecordRejected, tableDatetime, tableString, type JsonObject, type TableRow } from '@asimkit/sdk';
import { FIELD_BY_KEY, fieldValue } from './fields.js';
import { ISESSION, type VectraSessionRow } from './row.js';

/** Keys only a session record has: a record without `metadata_type` is an isession if it has one. */
const SESSION_ONLY: ReadonlySet<string> = new Set(['conn_state', 'orig_ip_bytes', 'resp_ip_bytes', 'session_start_time', 'orig_pkts']);

function metadataTypeOf(obj: JsonObject): string | undefined {
  const v = obj.metadata_type ?? obj.metadata_type_s;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Why a Stream record of another type is skipped. */
export function otherTypeReason(type: string): string {
  return `Vectra ${type} record (not an isession)`;
}

/**
 * One Stream JSON object (a raw record, or a table row whose columns carry the raw names) → a
 * row, or the reason it is not an isession. `wanted`, when set, names the only fields kept (all are checked).
 */
export function decodeStreamObject(obj: JsonObject, wanted?: ReadonlySet<string>): VectraSessionRow | string {
  const type = metadataTypeOf(obj);
  if (type !== undefined && type !== ISESSION) return otherTypeReason(type);
  const row: VectraSessionRow = {};
  const r = row as Record<string, unknown>;
  let evidence = type !== undefined;
  let endpoints = 0;
  for (const key in obj) {
    const spec = FIELD_BY_KEY.get(key);
    if (spec === undefined) continue;
    if (!evidence && SESSION_ONLY.has(spec.name)) evidence = true;
    const raw = obj[key];
    if ((spec.name === 'id_orig_h' || spec.name === 'id_resp_h') && raw !== null && raw !== undefined && raw !== '') endpoints++;
    // every field is checked, wanted or not: a record normalize rejects is never counted by detect
    const value = fieldValue(spec, key, raw);
    if (value !== undefined && (wanted === undefined || wanted.has(spec.name))) r[spec.name] = value;
  }
  if (!evidence) return 'not a Vectra isession record (no metadata_type and no session fields)';
  if (endpoints < 2) throw new RecordRejected('missing-address', 'an isession record needs both id.orig_h and id.resp_h');
  return row;
}

/** A `VectraStream_CL` or `vectra_isession_CL` row, or a raw record handed over as a row. */
export function decodeTableRow(t: TableRow, wanted?: ReadonlySet<string>): VectraSessionRow | string {
  const decoded = decodeStreamObject(t, wanted);
  if (typeof decoded === 'string') return decoded;
  const type = tableString(t.Type);
  if (type !== undefined) decoded.Type = type;
  const time = tableDatetime(t.TimeGenerated);
  if (time === 'Invalid Date') throw new RecordRejected('bad-time', `TimeGenerated ${JSON.stringify(t.TimeGenerated)} is not a datetime`);
  if (time !== undefined) decoded.TimeGenerated = time;
  const collector = tableString(t.hostname_s);
  if (collector !== undefined) decoded.collector = collector;
  const itemId = tableString(t._ItemId);
  if (itemId !== undefined) decoded._ItemId = itemId;
  const resourceId = tableString(t._ResourceId);
  if (resourceId !== undefined) decoded._ResourceId = resourceId;
  return decoded;
}

/** Whether a row is a Log Analytics table row rather than a raw Stream record. */
export function isTableRow(t: TableRow): boolean {
  return t.TimeGenerated !== undefined || t.Type !== undefined || t.metadata_type_s !== undefined || t._ItemId !== undefined;
}
