import { RecordRejected, tableInt, tableString } from '@asimkit/sdk';
import { STRUCTURED_BOOLS, STRUCTURED_INTS, STRUCTURED_STRINGS, type StructuredRow } from './row.js';

// Value readers shared by the raw-record decoder and the table reader: both forms hold the same
// columns, typed in raw JSON and in JSON exports, strings in CSV exports.

/**
 * `2024-03-20T23:39:59.8494370Z` (raw `time`, 7 fractional digits), `2025-11-21 20:14:51.2132530`
 * (a CSV export, zone-less: Azure times are UTC), an offset form, or epoch ms → epoch ms (the
 * fraction truncated to ms). Undefined when absent; a present but unreadable time is rejected.
 */
export function azureTimeMs(value: unknown, column: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  const m = typeof value === 'string' ? AZURE_TIME.exec(value.trim()) : null;
  if (!m) throw badTime(value, column);
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const ms = Number((frac + '00').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw badTime(value, column);
  }
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

const AZURE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const badTime = (value: unknown, column: string): RecordRejected =>
  new RecordRejected('bad-time', `${column} ${JSON.stringify(value)} is not an ISO-8601 time`);

/** A string cell; numbers and booleans as text (KQL strings are never null: '' = absent). */
export function textValue(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : tableString(value);
}

/** Ports and severities: JSON numbers in real data, strings in CSV and in some redacted fixtures. */
export function intValue(value: unknown, column: string): number | undefined {
  const n = tableInt(value);
  if (Number.isNaN(n)) throw new RecordRejected('bad-value', `${column} ${JSON.stringify(value)} is not an integer`);
  return n;
}

/** KQL bool: JSON true/false, CSV `True`/`False`/`true`/`1`/`0`. */
export function boolValue(value: unknown, column: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw new RecordRejected('bad-value', `${column} ${JSON.stringify(value)} is not a boolean`);
}

/** Copies the resource-specific columns of `source` (raw `properties`, or a table row) into `row`. */
export function readStructuredColumns(source: Readonly<Record<string, unknown>>, row: StructuredRow): void {
  const r = row as unknown as Record<string, unknown>;
  for (const c of STRUCTURED_STRINGS) {
    const v = textValue(source[c]);
    if (v !== undefined) r[c] = v;
  }
  for (const c of STRUCTURED_INTS) {
    const v = intValue(source[c], c);
    if (v === undefined) continue;
    if (c !== 'Severity' && (v < 0 || v > 65535)) throw new RecordRejected('bad-port', `${c} ${v} is not 0-65535`);
    r[c] = v;
  }
  for (const c of STRUCTURED_BOOLS) {
    const v = boolValue(source[c], c);
    if (v !== undefined) r[c] = v;
  }
}
