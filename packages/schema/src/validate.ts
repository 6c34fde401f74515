// The fast validator: plain JavaScript, no zod. Per-field checkers are built once at module
// load; validating a record is one map lookup per key plus the cross-field rules.
// networkSessionSchema (network-session-schema.ts) must report the same violations.

import { isIP } from 'node:net';
import { checkCrossFieldRules } from './cross-field-rules.js';
import { DEPRECATED_FIELDS, FIELD_BY_NAME, isAbsent, KNOWN_FIELDS, REQUIRED_FIELDS } from './field-index.js';
import type { FieldSpec, FieldType } from './fields.generated.js';
import { IANA_PROTOCOL_NAMES } from './iana-protocols.js';
import { TOLERATED_VALUES } from './vocabularies.js';
import { violation, type Violation, type ViolationSeverity } from './violation.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** RFC 3339 date-time: seconds required, optional fraction, Z or ±hh:mm (as zod's z.iso.datetime({ offset: true })). */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Six colon-separated hex pairs, all upper or all lower case (as zod's z.mac()). */
const MAC_ADDRESS = /^(?:[0-9A-F]{2}:){5}[0-9A-F]{2}$|^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/;

function isIsoDatetime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATETIME.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const TYPE_TESTS: Readonly<Record<FieldType, (v: unknown) => boolean>> = {
  string: (v) => typeof v === 'string',
  int: (v) => Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX,
  long: (v) => Number.isSafeInteger(v),
  real: (v) => typeof v === 'number' && Number.isFinite(v),
  bool: (v) => typeof v === 'boolean',
  datetime: isIsoDatetime,
  dynamic: isPlainObject,
};

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  string: 'a string',
  int: 'a 32-bit integer',
  long: 'a safe integer',
  real: 'a finite number',
  bool: 'a boolean',
  datetime: 'an ISO-8601 date-time string (e.g. 2024-05-01T12:00:00.000Z)',
  dynamic: 'a plain object',
};

interface FormatCheck {
  test: (v: unknown) => boolean;
  severity: ViolationSeverity;
  message: string;
}

const inRange = (min: number, max: number) => (v: unknown) => (v as number) >= min && (v as number) <= max;

/** Checks from the ASIM logical type, run once the physical type is right. */
const FORMAT_CHECKS: Readonly<Record<string, FormatCheck>> = {
  'IP address': { test: (v) => isIP(v as string) !== 0, severity: 'error', message: 'must be an IPv4 or IPv6 address' },
  'MAC address': { test: (v) => MAC_ADDRESS.test(v as string), severity: 'warning', message: 'should be colon-separated hexadecimal (aa:bb:cc:dd:ee:ff)' },
  'RiskLevel 0-100': { test: inRange(0, 100), severity: 'error', message: 'must be between 0 and 100' },
  '0-100': { test: inRange(0, 100), severity: 'error', message: 'must be between 0 and 100' },
  Latitude: { test: inRange(-90, 90), severity: 'error', message: 'must be between -90 and 90' },
  Longitude: { test: inRange(-180, 180), severity: 'error', message: 'must be between -180 and 180' },
};

/** EventSchema and EventSchemaVersion are single-value lists checked by R1 (rule 'rule'). */
const R1_FIELDS: ReadonlySet<string> = new Set(['EventSchema', 'EventSchemaVersion']);

type FieldCheck = (value: unknown, field: string, out: Violation[]) => void;

function buildCheck(spec: FieldSpec): FieldCheck {
  const isType = TYPE_TESTS[spec.type];
  const typeMessage = `must be ${TYPE_NAMES[spec.type]}`;
  const format = spec.logicalType === undefined ? undefined : FORMAT_CHECKS[spec.logicalType];
  const allowed =
    spec.name === 'NetworkProtocol' ? IANA_PROTOCOL_NAMES
    : spec.allowed && !R1_FIELDS.has(spec.name) ? new Set<string>(spec.allowed)
    : undefined;
  const tolerated = TOLERATED_VALUES[spec.name];
  const allowedMessage =
    spec.name === 'NetworkProtocol' ? 'must be an IANA protocol keyword (e.g. TCP, UDP, ICMP, IPv6-ICMP) or Unassigned'
    : `must be one of ${spec.allowed?.join(', ')}`;

  return (value, field, out) => {
    if (!isType(value)) {
      out.push(violation(field, 'type', 'error', `${field} ${typeMessage}`));
      return;
    }
    if (format !== undefined && !format.test(value)) {
      out.push(violation(field, 'type', format.severity, `${field} ${format.message}`));
      return;
    }
    if (allowed !== undefined && !allowed.has(value as string)) {
      if (tolerated?.values.includes(value as string)) {
        out.push(violation(field, 'allowed', 'warning', `${field} "${String(value)}": ${tolerated.reason}`));
      } else {
        out.push(violation(field, 'allowed', 'error', `${field} "${String(value)}" ${allowedMessage}`));
      }
    }
  };
}

/** One checker per known record key (literal fields, extra-ID fields, Local/Remote aliases). */
const CHECKS: ReadonlyMap<string, FieldCheck> = (() => {
  const bySpec = new Map<FieldSpec, FieldCheck>();
  const checks = new Map<string, FieldCheck>();
  for (const [name, spec] of KNOWN_FIELDS) {
    let check = bySpec.get(spec);
    if (check === undefined) bySpec.set(spec, (check = buildCheck(spec)));
    checks.set(name, check);
  }
  return checks;
})();

/**
 * Every violation of one record against ASIM NetworkSession 0.2.4, each naming its field.
 * Absent values (undefined, null, '') are skipped except for required fields. Keys starting with
 * '_' that are not schema fields (e.g. _Lineage) are ignored. Never throws.
 */
export function validateNetworkSession(rec: unknown): Violation[] {
  const out: Violation[] = [];
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
    out.push(violation('', 'type', 'error', 'a record must be an object'));
    return out;
  }
  const r = rec as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    const value = r[key];
    if (isAbsent(value)) continue;
    const check = CHECKS.get(key);
    if (check !== undefined) {
      check(value, key, out);
      if (DEPRECATED_FIELDS.has(key)) out.push(violation(key, 'rule', 'warning', `${key} is deprecated; not part of 0.2.4`));
    } else if (!key.startsWith('_')) {
      out.push(violation(key, 'unknown-field', 'warning', `${key} is not a NetworkSession 0.2.4 field`));
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (isAbsent(r[field])) out.push(violation(field, 'missing', 'error', `${field} is required`));
  }
  checkCrossFieldRules(r, out);
  return out;
}

/**
 * `a.b.c.d` with each part 0-255 and no leading zeros, without a regex: the common case of isIP.
 * Everything it accepts `isIP` does (as IPv4); what it declines, ask `isIP`.
 */
export function isPlainIPv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false; // leading zero
      value = value * 10 + (c - 48);
      digits++;
    } else return false;
  }
  return parts === 4;
}

const isIpAddress = (v: unknown): boolean => typeof v === 'string' && (isPlainIPv4(v) || isIP(v) !== 0);

/**
 * `2024-05-01T00:00:34.000Z`, the form `Date.toISOString` writes (what mappings emit): checked by
 * character, without the regex, the other RFC 3339 forms by `isIsoDatetime`.
 */
export function isCanonicalIso(v: string): boolean {
  if (v.length !== 24 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58) return false;
  if (v.charCodeAt(16) !== 58 || v.charCodeAt(19) !== 46 || v.charCodeAt(23) !== 90 /* Z */) return false;
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  const hour = twoDigits(v, 11);
  const minute = twoDigits(v, 14);
  const second = twoDigits(v, 17);
  const century = twoDigits(v, 0);
  const years = twoDigits(v, 2);
  if (century < 0 || years < 0 || twoDigits(v, 20) < 0 || !isDigit(v.charCodeAt(22))) return false;
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (day <= 28) return true;
  const year = century * 100 + years;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The two decimal digits at `i` as a number, or -1. */
function twoDigits(v: string, i: number): number {
  const a = v.charCodeAt(i);
  const b = v.charCodeAt(i + 1);
  return isDigit(a) && isDigit(b) ? (a - 48) * 10 + (b - 48) : -1;
}

/** The last datetime text found valid: consecutive records repeat their times. */
let lastValidDatetime = '';

function isDatetimeFast(v: unknown): boolean {
  if (v === lastValidDatetime) return true;
  if (typeof v !== 'string' || !(isCanonicalIso(v) || isIsoDatetime(v))) return false;
  lastValidDatetime = v;
  return true;
}

/**
 * Per literal field whose value can be wrong in type (every non-string field) or in format (IP
 * addresses): its test and what it must be. What the hot path checks on every emitted record.
 */
const TYPED_FIELDS: ReadonlyMap<string, readonly [(v: unknown) => boolean, string]> = new Map(
  [...FIELD_BY_NAME.values()]
    .filter((f) => f.type !== 'string' || f.logicalType === 'IP address')
    .map((f) => {
      if (f.logicalType === 'IP address') return [f.name, [isIpAddress, 'must be an IPv4 or IPv6 address']] as const;
      return [f.name, [f.type === 'datetime' ? isDatetimeFast : TYPE_TESTS[f.type], `must be ${TYPE_NAMES[f.type]}`]] as const;
    }),
);

/**
 * The keys of the record checked last, and their checks: records of one mapping have the same
 * keys in the same order, so a key's check is found by comparing it with the key at its place last
 * time (property names are interned strings), not by a map lookup.
 */
const lastKeys: string[] = [];
const lastChecks: ((readonly [(v: unknown) => boolean, string]) | undefined)[] = [];
let lastLength = 0;
/** Records in a row keyed as the one before: from SHAPE_AFTER on, the keys get a compiled checker. */
let sameKeysRun = 0;
const SHAPE_AFTER = 8;
const MAX_SHAPE_KEYS = 256;

/** A checker compiled for one key order: the loop of `typeViolation` unrolled, each test called by name. */
interface TypedShape {
  readonly keys: readonly string[];
  readonly check: (rec: Readonly<Record<string, unknown>>) => string | undefined;
}
let shape: TypedShape | undefined;

/**
 * The first type or address-format error of a record, or undefined: the check every emitted
 * record passes on the hot path, with or without `--validate` (vocabularies and cross-field rules
 * are `validateNetworkSession`'s). No map lookup for a record keyed like the one before; no
 * allocation unless it fails. Records keyed as the last few go to a checker compiled for their keys.
 */
export function typeViolation(rec: Readonly<Record<string, unknown>>): string | undefined {
  const compiled = shape;
  if (compiled !== undefined) {
    const keys = compiled.keys;
    let i = 0;
    for (const name in rec) {
      if (name !== keys[i]) {
        i = -1;
        break;
      }
      i++;
    }
    if (i === keys.length) return compiled.check(rec);
  }
  return typeViolationByKey(rec);
}

/** `typeViolation` key by key, as for a record of a new shape (what compiled checkers agree with). */
function typeViolationByKey(rec: Readonly<Record<string, unknown>>): string | undefined {
  let i = 0;
  let same = true;
  for (const name in rec) {
    let check;
    if (lastKeys[i] === name) check = lastChecks[i];
    else {
      check = TYPED_FIELDS.get(name);
      lastKeys[i] = name;
      lastChecks[i] = check;
      same = false;
    }
    i++;
    if (check === undefined) continue;
    const v = rec[name];
    if (v === undefined || v === null || v === '') continue;
    if (!check[0](v)) return `${name} ${check[1]}, not ${excerpt(v)}`;
  }
  if (!same || i !== lastLength) sameKeysRun = 0;
  else if (++sameKeysRun === SHAPE_AFTER && i <= MAX_SHAPE_KEYS) shape = typedShape(i);
  lastLength = i;
  return undefined;
}

/** Checkers compiled so far, by their keys: a stream of many sources comes back to a shape in runs. */
const SHAPES = new Map<string, TypedShape>();
const MAX_SHAPES = 64;

/** The checker of the first `n` of `lastKeys`: compiled once per key order, up to MAX_SHAPES of them. */
function typedShape(n: number): TypedShape | undefined {
  const keys = lastKeys.slice(0, n);
  const id = keys.join('\u0000');
  let found = SHAPES.get(id);
  if (found === undefined && SHAPES.size < MAX_SHAPES) SHAPES.set(id, (found = compileTypedShape(keys, lastChecks.slice(0, n))));
  return found ?? shape;
}

/**
 * What `typeViolation`'s loop does for records keyed `keys`, as straight-line code: the same tests
 * in the same order, the same message. A value equal to an earlier key's that passed the same test
 * is not tested again (the tests are pure: an alias, EventStartTime as TimeGenerated).
 */
function compileTypedShape(keys: readonly string[], checks: readonly ((readonly [(v: unknown) => boolean, string]) | undefined)[]): TypedShape {
  const tests: ((v: unknown) => boolean)[] = [];
  const messages: string[] = [];
  const code: string[] = ['let v;'];
  const earlier = new Map<(v: unknown) => boolean, number[]>();
  keys.forEach((key, i) => {
    const check = checks[i];
    if (check === undefined) return;
    const t = tests.indexOf(check[0]) === -1 ? tests.push(check[0]) - 1 : tests.indexOf(check[0]);
    const m = messages.push(check[1]) - 1;
    const same = earlier.get(check[0]) ?? [];
    code.push(
      `v = r[${JSON.stringify(key)}];`,
      `if (v !== undefined && v !== null && v !== ''${same.map((j) => ` && v !== v${j}`).join('')} && !t${t}(v)) return fail(${JSON.stringify(key)}, m${m}, v);`,
      `const v${i} = v;`,
    );
    earlier.set(check[0], [...same, i]);
  });
  code.push('return undefined;');
  const bind = [...tests.map((_, t) => `t${t} = tests[${t}]`), ...messages.map((_, m) => `m${m} = messages[${m}]`)];
  const factory = new Function('tests', 'messages', 'fail', `${bind.length ? `const ${bind.join(', ')};` : ''}\nreturn function typedShape(r) {\n${code.join('\n')}\n};`) as (
    tests: readonly ((v: unknown) => boolean)[],
    messages: readonly string[],
    fail: (name: string, message: string, v: unknown) => string,
  ) => TypedShape['check'];
  return { keys, check: factory(tests, messages, (name, message, v) => `${name} ${message}, not ${excerpt(v)}`) };
}

function excerpt(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
