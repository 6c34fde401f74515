// Typed getters for named-field records (JSON objects, exported table rows), shared by the JSON
// sources (microsoft-defender, vm-connection). A JSON value arrives typed, a CSV cell as text: each
// getter accepts both and rejects a value of the wrong kind with `RecordRejected('bad-value')`, so a
// mapping never emits text in a number field. Absent means undefined, null or ''.
import { RecordRejected } from './errors.js';
import type { JsonObject } from './parser.js';

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function badValue(column: string, value: unknown, what: string): RecordRejected {
  const shown = typeof value === 'string' ? `"${value.length > 80 ? value.slice(0, 80) + '…' : value}"` : JSON.stringify(value);
  return new RecordRejected('bad-value', `${column} ${shown} is not ${what}`);
}

/** The value at a dotted path (`properties.Timestamp`), or undefined when a step is missing. */
export function fieldAt(record: JsonObject, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as JsonObject)[key];
  }
  return v;
}

/** Text of a string column; numbers and booleans as their text; undefined when absent. Objects are rejected. */
export function stringField(row: JsonObject, column: string): string | undefined {
  const v = row[column];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badValue(column, v, 'a string');
}

/**
 * An integer column (JSON number or decimal text, optional sign), within [min, max] when given;
 * undefined when absent. Anything else is rejected.
 */
export function intField(row: JsonObject, column: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = row[column];
  if (v === undefined || v === null || v === '') return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = Number(v);
  else throw badValue(column, v, 'an integer');
  if (!Number.isSafeInteger(n)) throw badValue(column, v, 'an integer');
  if (n < min || n > max) throw badValue(column, v, `an integer in ${min}..${max}`);
  return n;
}

/** A real-number column (JSON number or decimal text) within min..max; undefined when absent; rejected otherwise. */
export function numberField(row: JsonObject, column: string, min = -Infinity, max = Infinity): number | undefined {
  const v = row[column];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw badValue(column, v, 'a number');
  if (n < min || n > max) throw badValue(column, v, `a number in ${min}..${max}`);
  return n;
}

/**
 * An ISO-8601 datetime column → epoch ms; undefined when absent. Up to 7 (any number of)
 * fractional digits; no zone means UTC. Anything else, including a calendar-impossible date, is
 * rejected: a present but malformed time never becomes the wall clock.
 */
export function isoTimeField(row: JsonObject, column: string): number | undefined {
  const v = row[column];
  if (v === undefined || v === null || v === '') return undefined;
  const ms = typeof v === 'string' ? isoTimeMs(v) : undefined;
  if (ms === undefined) throw badValue(column, v, 'an ISO-8601 datetime');
  return ms;
}

/** ISO-8601 text → epoch ms (no zone = UTC), or undefined when it is not a valid ISO datetime. */
export function isoTimeMs(text: string): number | undefined {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1000 + 1e-6);
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) ||
    Number(h) > 23 || Number(mi) > 59 || Number(s) > 59
  ) return undefined;
  if (zone === 'Z' || zone === 'z') return local;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return local - sign * offsetMin * 60_000;
}

/**
 * A JSON column that may hold an object or its JSON text (Defender's AdditionalFields, VM insights'
 * DNS name arrays): the parsed value, undefined when absent, and the original text when it is
 * not valid JSON (the caller decides whether that matters).
 */
export function jsonField(row: JsonObject, column: string): unknown {
  const v = row[column];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t[0] !== '{' && t[0] !== '[') return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}
