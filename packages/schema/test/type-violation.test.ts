// Property: typeViolation — with its per-position key cache and its character-level fast paths for
// canonical times and IPv4 addresses — says what a plain reading of the field table says, for any
// sequence of records (same shapes repeated, shapes changing, keys moving).
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, typeViolation, type FieldSpec } from '../src/index.js';
import { isCanonicalIso } from '../src/validate.js';

const LITERAL = new Map(FIELDS.filter((f) => !f.pattern).map((f) => [f.name, f]));

const MESSAGES: Record<string, string> = {
  int: 'must be a 32-bit integer',
  long: 'must be a safe integer',
  real: 'must be a finite number',
  bool: 'must be a boolean',
  datetime: 'must be an ISO-8601 date-time string (e.g. 2024-05-01T12:00:00.000Z)',
  dynamic: 'must be a plain object',
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isRfc3339(v: unknown): boolean {
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function passes(spec: FieldSpec, v: unknown): boolean {
  if (spec.logicalType === 'IP address') return typeof v === 'string' && isIP(v) !== 0;
  switch (spec.type) {
    case 'int':
      return Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647;
    case 'long':
      return Number.isSafeInteger(v);
    case 'real':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'datetime':
      return isRfc3339(v);
    case 'dynamic':
      return typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));
    default:
      return true;
  }
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

/** The first literal field, in key order, whose value has the wrong type or is no IP address. */
function reference(rec: Record<string, unknown>): string | undefined {
  for (const name in rec) {
    const spec = LITERAL.get(name);
    if (spec === undefined || (spec.type === 'string' && spec.logicalType !== 'IP address')) continue;
    const v = rec[name];
    if (v === undefined || v === null || v === '') continue;
    if (!passes(spec, v)) return `${name} ${spec.logicalType === 'IP address' ? 'must be an IPv4 or IPv6 address' : MESSAGES[spec.type]}, not ${excerpt(v)}`;
  }
  return undefined;
}

const TYPED = [...LITERAL.values()].filter((f) => f.type !== 'string' || f.logicalType === 'IP address').map((f) => f.name);
const NAMES = [...TYPED, 'EventType', 'Src', 'Dst', 'Dvc', 'Bogus', '_Lineage', 'LocalIpAddr', '0', 'AdditionalFields'];

/** A canonical time with one character replaced (digits, separators, anything). */
const nearIso = fc
  .tuple(fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), fc.nat({ max: 23 }), fc.constantFrom('0', '1', '2', '3', '5', '9', ':', '-', 'T', '.', 'Z', 'x', ' ', '+'))
  .map(([d, i, c]) => {
    const s = d.toISOString();
    return s.slice(0, i) + c + s.slice(i + 1);
  });

const VALUES = fc.oneof(
  fc.constantFrom(undefined, null, '', 'x', 0, -1, 1.5, 2 ** 31, -(2 ** 31), 2 ** 53, Number.NaN, Infinity, true, false, {}, [], new Date(0), Object.create(null)),
  fc.constantFrom('10.0.0.1', '10.0.0.256', '010.0.0.1', '1.2.3', '::1', '::ffff:1.2.3.4', 'fe80::1%eth0', '2001:db8::', '1.2.3.4.5', ' 1.2.3.4'),
  fc.constantFrom('2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '2024-04-31T00:00:00.000Z', '2024-12-31T23:59:59.999Z', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00+05:30', '2024-05-01T24:00:00.000Z', '0000-01-01T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'),
  nearIso,
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
);

const record = fc.dictionary(fc.constantFrom(...NAMES), VALUES, { maxKeys: 12 });

describe('typeViolation', () => {
  it('says what the field table says, record after record', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.nat({ max: 3 })), { minLength: 1, maxLength: 30 }), (steps) => {
        // each record is checked 1 to 4 times in a row, as records of one shape follow each other
        for (const [rec, repeats] of steps) for (let k = 0; k <= repeats; k++) expect(typeViolation(rec)).toBe(reference(rec));
      }),
      { numRuns: 2000 },
    );
  });

  it('records of a shape seen often enough to get a compiled checker, whose values then change, some under two keys', () => {
    const keys = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(keys, fc.array(fc.tuple(fc.nat(), VALUES, fc.option(fc.nat())), { minLength: 1, maxLength: 40 }), (names, steps) => {
        const valid: Record<string, unknown> = { EventCount: 1, TimeGenerated: '2024-05-01T00:00:00.000Z', EventStartTime: '2024-05-01T00:00:00.000Z', SrcIpAddr: '10.0.0.1', IpAddr: '10.0.0.1', Src: 'x' };
        const base = Object.fromEntries(names.map((n) => [n, valid[n] ?? null]));
        for (let i = 0; i < 12; i++) expect(typeViolation({ ...base })).toBe(reference(base));
        for (const [at, v, alias] of steps) {
          const rec: Record<string, unknown> = { ...base, [names[at % names.length]!]: v };
          if (alias !== null) rec[names[alias % names.length]!] = v; // one value under two keys
          expect(typeViolation(rec)).toBe(reference(rec));
          if (at % 7 === 0) {
            const other = { ...rec, Bogus: 1 }; // another shape between two of this one
            expect(typeViolation(other)).toBe(reference(other));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('records with the same keys in a different order and with keys left out', () => {
    const a = { EventCount: 1, EventStartTime: '2024-05-01T00:00:00.000Z', SrcIpAddr: '10.0.0.1', SrcPortNumber: 80 };
    const b = { SrcIpAddr: '10.0.0.1', EventCount: 1, SrcPortNumber: 'eighty', EventStartTime: '2024-05-01T00:00:00.000Z' };
    const c = { EventCount: 1, SrcIpAddr: 'not an address' };
    for (const rec of [a, b, a, c, b, c, a] as Record<string, unknown>[]) expect(typeViolation(rec)).toBe(reference(rec));
  });
});

describe('isCanonicalIso', () => {
  it('accepts exactly the valid RFC 3339 times of the form yyyy-mm-ddThh:mm:ss.sssZ', () => {
    const canonicalForm = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    fc.assert(
      fc.property(fc.oneof(nearIso, fc.string({ minLength: 24, maxLength: 24 }), fc.string({ maxLength: 30 })), (s) => {
        expect(isCanonicalIso(s)).toBe(canonicalForm.test(s) && isRfc3339(s));
      }),
      { numRuns: 20000 },
    );
  });
});
