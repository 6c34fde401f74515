import { RecordRejected, tableInt, tableString } from '@asimkit/sdk';
import { STRUCTURED_BOOLS, STRUCTURED_INTS, STRUCTURED_STRINGS, type StructuredRow } from './row.js';

// Value readers shared by the raw-record decoder and the table reader: both forms hold the same
// columns, typed in raw JSON and in JSON exports, strings in CSV exports.

/**
 * `2024-03-20T23:39:59.8494370Z` (raw `time`, 7 fractional digits), `2025-11-21 20:14:51.2132530`
 * (a CSV export, zone-less: Azure times are UTC), an offset form, or epoch ms → ISO-8601 UTC with
 * ms (the fraction truncated). Undefined when absent; a present but unreadable time is rejected.
 * UTC times are rebuilt from their digits: no Date per record.
 */
export function azureTime(value: unknown, column: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > 8.64e15) throw badTime(value, column);
    return new Date(Math.trunc(value)).toISOString();
  }
  const m = typeof value === 'string' ? AZURE_TIME.exec(value.trim()) : null;
  if (!m) throw badTime(value, column);
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysIn(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw badTime(value, column);
  }
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${(frac + '000').slice(0, 3)}Z`;
  if (zone === undefined || zone === 'Z' || zone === 'z') return iso;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return new Date(Date.parse(iso) - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000).toISOString();
}

const AZURE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1]!;

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

type ColumnKind = 'string' | 'int' | 'bool';
const COLUMN_KIND: ReadonlyMap<string, ColumnKind> = new Map<string, ColumnKind>([
  ...STRUCTURED_STRINGS.map((c) => [c, 'string'] as const),
  ...STRUCTURED_INTS.map((c) => [c, 'int'] as const),
  ...STRUCTURED_BOOLS.map((c) => [c, 'bool'] as const),
]);

/**
 * Copies the resource-specific columns of `source` (raw `properties`, or a table row) into `row`:
 * one pass over the source's own keys, cheaper than probing every column by name.
 */
export function readStructuredColumns(source: Readonly<Record<string, unknown>>, row: StructuredRow): void {
  const r = row as unknown as Record<string, unknown>;
  for (const c in source) {
    const kind = COLUMN_KIND.get(c);
    if (kind === undefined) continue;
    const value = source[c];
    if (kind === 'string') {
      const v = textValue(value);
      if (v !== undefined) r[c] = v;
    } else if (kind === 'bool') {
      const v = boolValue(value, c);
      if (v !== undefined) r[c] = v;
    } else {
      const v = intValue(value, c);
      if (v === undefined) continue;
      if (c !== 'Severity' && (v < 0 || v > 65535)) throw new RecordRejected('bad-port', `${c} ${v} is not 0-65535`);
      r[c] = v;
    }
  }
}
