import { isIP } from 'node:net';
import { RecordRejected } from '@asimkit/sdk';
import type { ZeekConnRow } from './row.js';

/**
 * The Zeek conn fields we read, by their Zeek type, and every name they go by: Zeek JSON
 * (`id.orig_h`), underscored JSON and the Corelight_v3 table (`id_orig_h`), the Corelight_v2
 * table's type-suffixed columns (`id_orig_h_s`, `id_orig_p_d`), and the metadata keys of
 * Corelight (`_path`), of json-streaming shippers (`@stream`, `@system`) and of the v3 table
 * (`path`).
 */
export type FieldKind = 'time' | 'string' | 'addr' | 'port' | 'count' | 'interval' | 'bool' | 'set';

export interface FieldSpec {
  /** The ZeekConnRow property. */
  readonly name: keyof ZeekConnRow & string;
  readonly kind: FieldKind;
}

const FIELDS: readonly (readonly [FieldSpec['name'], FieldKind, ...string[]])[] = [
  ['path', 'string', '_path', '@stream'],
  ['system_name', 'string', '_system_name', '@system'],
  ['write_ts', 'time', '_write_ts'],
  ['node', 'string', '_node'],
  ['ts', 'time'],
  ['uid', 'string'],
  ['id_orig_h', 'addr', 'id.orig_h'],
  ['id_orig_p', 'port', 'id.orig_p'],
  ['id_resp_h', 'addr', 'id.resp_h'],
  ['id_resp_p', 'port', 'id.resp_p'],
  ['proto', 'string'],
  ['service', 'string'],
  ['duration', 'interval'],
  ['orig_bytes', 'count'],
  ['resp_bytes', 'count'],
  ['conn_state', 'string'],
  ['local_orig', 'bool'],
  ['local_resp', 'bool'],
  ['missed_bytes', 'count'],
  ['history', 'string'],
  ['orig_pkts', 'count'],
  ['orig_ip_bytes', 'count'],
  ['resp_pkts', 'count'],
  ['resp_ip_bytes', 'count'],
  ['tunnel_parents', 'set'],
  ['ip_proto', 'count'],
  ['orig_l2_addr', 'string'],
  ['resp_l2_addr', 'string'],
  ['community_id', 'string'],
  ['vlan', 'count'],
  ['inner_vlan', 'count'],
  ['orig_cc', 'string'],
  ['resp_cc', 'string'],
  ['app', 'set'],
  ['corelight_shunted', 'bool'],
];

/** Log Analytics' type suffixes on Custom Log v1 columns (Corelight_v2_*_CL). */
const SUFFIXES = ['_s', '_d', '_b', '_t', '_g'];

/** Every accepted key → its field. */
export const FIELD_BY_KEY: ReadonlyMap<string, FieldSpec> = (() => {
  const byKey = new Map<string, FieldSpec>();
  for (const [name, kind, ...aliases] of FIELDS) {
    const spec = { name, kind };
    for (const key of [name, ...aliases]) {
      byKey.set(key, spec);
      for (const suffix of SUFFIXES) byKey.set(key + suffix, spec);
    }
  }
  return byKey;
})();

/** The field a Zeek TSV `#fields` name stands for. */
export function fieldOfTsvName(name: string): FieldSpec | undefined {
  return FIELD_BY_KEY.get(name);
}

/** The first second past year 9999 (ISO-8601 needs 4 year digits). */
export const MAX_EPOCH_SECONDS = 253402300800;
/** A connection longer than 30 years is not one. */
const MAX_DURATION_SECONDS = 1e9;
const EPOCH_TEXT = /^(\d{1,12})(?:\.(\d+))?$/;
const ISO_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;
const COUNT_TEXT = /^\d{1,15}$/;
/** Table exports of real-typed columns (`_d`) may write integers as `443.0`. */
const REAL_INTEGER_TEXT = /^(\d{1,15})\.0+$/;

/**
 * Epoch seconds written as decimal text → epoch ms, truncated: exact, whatever the number of
 * fraction digits. NaN when the text is not such a number.
 */
export function epochTextToMs(text: string): number {
  const m = EPOCH_TEXT.exec(text);
  if (m === null) return Number.NaN;
  const frac = m[2] ?? '';
  return Number(m[1]) * 1000 + (frac === '' ? 0 : Number((frac + '00').slice(0, 3)));
}

/**
 * Epoch seconds as a JSON number → epoch ms. Zeek writes microseconds; rounding to the
 * microsecond first gives the same ms as the decimal text it came from (`epochTextToMs`).
 */
export function epochSecondsToMs(seconds: number): number {
  return Math.floor(Math.round(seconds * 1e6) / 1000);
}

function bad(key: string, value: unknown, expected: string): RecordRejected {
  return new RecordRejected('bad-value', `${key} ${JSON.stringify(value)} is not ${expected}`);
}

function checkedTime(key: string, value: unknown, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0 || ms >= MAX_EPOCH_SECONDS * 1000) {
    throw new RecordRejected('bad-time', `${key} ${JSON.stringify(value)} is not a time (epoch seconds or ISO-8601)`);
  }
  return ms;
}

function checkedPort(key: string, value: unknown, n: number): number {
  if (!(n <= 65535)) throw bad(key, value, 'a port number (0-65535)');
  return n;
}

/** Zeek TSV escapes (`\x09`, `\\`) → characters. */
export function unescapeZeek(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|\\)/g, (_m, e: string) => (e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16))));
}

/**
 * A field's value written as text (a Zeek TSV token, a CSV cell, a string in JSON) → its typed
 * value. `-`/empty for unset and `(empty)` for an empty set or string are the caller's to handle
 * for TSV; here `''` is unset.
 */
export function valueFromText(spec: FieldSpec, key: string, text: string, setSeparator = ','): unknown {
  if (text === '') return undefined;
  switch (spec.kind) {
    case 'string':
      return text;
    case 'time': {
      const ms = EPOCH_TEXT.test(text) ? epochTextToMs(text) : ISO_TEXT.test(text) ? Date.parse(text) : Number.NaN;
      return checkedTime(key, text, ms);
    }
    case 'addr':
      if (isIP(text) === 0) throw bad(key, text, 'an IPv4 or IPv6 address');
      return text;
    case 'port':
    case 'count': {
      const m = COUNT_TEXT.test(text) ? text : REAL_INTEGER_TEXT.exec(text)?.[1];
      if (m === undefined) throw bad(key, text, spec.kind === 'port' ? 'a port number (0-65535)' : 'a non-negative integer');
      const n = Number(m);
      return spec.kind === 'port' ? checkedPort(key, text, n) : n;
    }
    case 'interval': {
      const n = text.trim() === '' ? Number.NaN : Number(text);
      if (!(n >= 0 && n < MAX_DURATION_SECONDS)) throw bad(key, text, 'a duration in seconds');
      return n;
    }
    case 'bool':
      if (text === 'T' || text === 'true' || text === 'True' || text === '1') return true;
      if (text === 'F' || text === 'false' || text === 'False' || text === '0') return false;
      throw bad(key, text, 'a boolean (T/F, true/false)');
    case 'set':
      if (text === '[]') return [];
      if (text.startsWith('[')) return setFromJsonText(key, text);
      return text.split(setSeparator);
  }
}

/** A set exported as JSON text by a table export: `["C1","C2"]`. */
function setFromJsonText(key: string, text: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad(key, text, 'a set (a JSON array or a comma-separated list)');
  }
  return valueFromJson({ name: 'tunnel_parents', kind: 'set' }, key, v) as string[];
}

/** A field's value as parsed from JSON (number, string, boolean, array, null) → its typed value. */
export function valueFromJson(spec: FieldSpec, key: string, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return valueFromText(spec, key, v);
  switch (spec.kind) {
    case 'time':
      return typeof v === 'number' ? checkedTime(key, v, epochSecondsToMs(v)) : checkedTime(key, v, Number.NaN);
    case 'port':
    case 'count':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        throw bad(key, v, spec.kind === 'port' ? 'a port number (0-65535)' : 'a non-negative integer');
      }
      return spec.kind === 'port' ? checkedPort(key, v, v) : v;
    case 'interval':
      if (typeof v !== 'number' || !(v >= 0 && v < MAX_DURATION_SECONDS)) throw bad(key, v, 'a duration in seconds');
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 1 || v === 0) return v === 1;
      throw bad(key, v, 'a boolean');
    case 'set':
      if (!Array.isArray(v)) throw bad(key, v, 'a set (a JSON array)');
      for (const item of v) if (typeof item !== 'string') throw bad(key, v, 'a set of strings');
      return v;
    case 'string':
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw bad(key, v, 'a string');
    case 'addr':
      throw bad(key, v, 'an IPv4 or IPv6 address');
  }
}
