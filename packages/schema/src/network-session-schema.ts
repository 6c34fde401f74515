// The zod 4 schema of ASIM NetworkSession 0.2.4, built from FIELDS. It must report the same
// violations as the fast validator (validate.ts); a test checks both on the same corpus.
// Use it in `asim validate`, tests and behind --validate, not per record on the hot path.

import { isIP } from 'node:net';
import { z } from '@asimkit/vendor/zod';
import { checkCrossFieldRules } from './cross-field-rules.js';
import { DEPRECATED_FIELDS, isAbsent, KNOWN_FIELDS, REQUIRED_FIELDS } from './field-index.js';
import type { FieldSpec } from './fields.generated.js';
import { IANA_PROTOCOL_NAMES } from './iana-protocols.js';
import { TOLERATED_VALUES } from './vocabularies.js';
import { violation, type Violation, type ViolationRule, type ViolationSeverity } from './violation.js';

const REQUIRED: ReadonlySet<string> = new Set(REQUIRED_FIELDS);
const MAC = once(() => z.mac());

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function integer(min: number, max: number): z.ZodNumber {
  return z.number().multipleOf(1, 'expected an integer').min(min).max(max);
}

function physicalSchema(spec: FieldSpec): z.ZodType {
  switch (spec.type) {
    case 'string': return z.string();
    // Not z.int32() / z.int(): zod makes a fractional number a fatal issue, and a fatal issue
    // anywhere in the record would skip the cross-field superRefine below.
    case 'int': return integer(INT32_MIN, INT32_MAX);
    case 'long': return integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'real': return z.number();
    case 'bool': return z.boolean();
    case 'datetime': return z.iso.datetime({ offset: true });
    case 'dynamic': return z.record(z.string(), z.unknown());
  }
}

function fieldSchema(spec: FieldSpec): z.ZodType {
  if (spec.name === 'NetworkProtocol') {
    return z.string().refine((v) => IANA_PROTOCOL_NAMES.has(v), {
      message: 'NetworkProtocol must be an IANA protocol keyword or Unassigned',
      params: { rule: 'allowed' },
    });
  }
  // EventSchema and EventSchemaVersion are checked by R1 in the cross-field rules.
  if (spec.allowed && spec.name !== 'EventSchema' && spec.name !== 'EventSchemaVersion') {
    const values = [...spec.allowed, ...(TOLERATED_VALUES[spec.name]?.values ?? [])];
    return z.string().pipe(z.enum(values as [string, ...string[]]));
  }
  switch (spec.logicalType) {
    case 'IP address':
      return z.string().refine((v) => isIP(v) !== 0, { message: 'must be an IPv4 or IPv6 address', params: { rule: 'type' } });
    case 'RiskLevel 0-100':
    case '0-100':
      return integer(0, 100);
    case 'Latitude':
      return z.number().min(-90).max(90);
    case 'Longitude':
      return z.number().min(-180).max(180);
    default:
      return physicalSchema(spec);
  }
}

/** One entry per known key: literal fields, extra-ID fields and Local/Remote aliases (typed as the field they mirror). */
const shape = once((): Record<string, z.ZodType> => {
  const bySpec = new Map<FieldSpec, z.ZodType>();
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of KNOWN_FIELDS) {
    let schema = bySpec.get(spec);
    if (schema === undefined) bySpec.set(spec, (schema = fieldSchema(spec)));
    shape[name] = REQUIRED.has(name) ? schema : schema.optional();
  }
  return shape;
});

/** R20: null and '' mean absent, like a missing key. */
function dropAbsent(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!isAbsent(v)) kept[k] = v;
  return kept;
}

/** Warnings that zod's field schemas cannot express: unknown and deprecated fields, tolerated values, MAC format. */
function fieldWarnings(rec: Record<string, unknown>, out: Violation[]): void {
  for (const [key, value] of Object.entries(rec)) {
    const spec = KNOWN_FIELDS.get(key);
    if (spec === undefined) {
      if (!key.startsWith('_')) out.push(violation(key, 'unknown-field', 'warning', `${key} is not a NetworkSession 0.2.4 field`));
      continue;
    }
    if (DEPRECATED_FIELDS.has(key)) out.push(violation(key, 'rule', 'warning', `${key} is deprecated; not part of 0.2.4`));
    const tolerated = TOLERATED_VALUES[spec.name];
    if (tolerated !== undefined && typeof value === 'string' && tolerated.values.includes(value)) {
      out.push(violation(key, 'allowed', 'warning', `${key} "${value}": ${tolerated.reason}`));
    }
    if (spec.logicalType === 'MAC address' && typeof value === 'string' && !MAC().safeParse(value).success) {
      out.push(violation(key, 'type', 'warning', `${key} should be colon-separated hexadecimal`));
    }
  }
}

function buildSchema(withWarnings: boolean) {
  const record = z.looseObject(shape()).superRefine(
    (rec, ctx) => {
      const found: Violation[] = [];
      if (withWarnings) fieldWarnings(rec, found);
      checkCrossFieldRules(rec, found);
      for (const v of found) {
        if (!withWarnings && v.severity !== 'error') continue;
        ctx.addIssue({ code: 'custom', path: [v.field], message: v.message, params: { rule: v.rule, severity: v.severity } });
      }
    },
    // Run the cross-field rules even when a field failed its own schema, as the fast validator does.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  );
  return z.preprocess(dropAbsent, record);
}

/**
 * zod schema of one NetworkSession 0.2.4 record: every field's type and value list, plus the
 * alias, companion and R1/R3/R4/R12 rules. It reports errors only, so `safeParse(x).success`
 * equals `isValid(validateNetworkSession(x))`. For warnings too, use zodViolations. Built on
 * first use: most runs never validate with zod, and building it costs ~25 ms of every start.
 */
export const networkSessionSchema = once(() => buildSchema(false));

const schemaWithWarnings = once(() => buildSchema(true));

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * Runs the zod schema (warnings included) and returns its issues as Violations, like
 * validateNetworkSession: one per field, rule and severity (zod may raise several, e.g. 100.5
 * in ThreatConfidence is neither an integer nor at most 100).
 */
export function zodViolations(rec: unknown): Violation[] {
  const result = schemaWithWarnings().safeParse(rec);
  if (result.success) return [];
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const issue of result.error.issues) {
    const v = toViolation(issue, rec);
    const key = `${v.field}|${v.rule}|${v.severity}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}

function toViolation(issue: z.core.$ZodIssue, rec: unknown): Violation {
  const field = issue.path.length > 0 ? String(issue.path[0]) : '';
  if (issue.code === 'custom' && issue.params?.rule !== undefined) {
    const params = issue.params as { rule: ViolationRule; severity?: ViolationSeverity };
    return violation(field, params.rule, params.severity ?? 'error', issue.message);
  }
  const value = typeof rec === 'object' && rec !== null ? (rec as Record<string, unknown>)[field] : undefined;
  if (REQUIRED.has(field) && isAbsent(value)) return violation(field, 'missing', 'error', `${field} is required`);
  if (issue.code === 'invalid_value') return violation(field, 'allowed', 'error', `${field}: ${issue.message}`);
  return violation(field, 'type', 'error', field === '' ? issue.message : `${field}: ${issue.message}`);
}
