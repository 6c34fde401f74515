#!/usr/bin/env node
// Generates packages/schema/src/fields.generated.ts from the ASIM NetworkSession field CSV.
//
//   node scripts/generate-fields.mjs [path/to/fields.csv] [--stdout | --check]
//
// Default CSV: ../../../shared/spec/asim-network-session-fields.csv (relative to this script).
// --stdout prints the generated text instead of writing it; --check exits 1 when the committed
// file differs from what the CSV generates. No dependencies: Node built-ins only.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_CSV = resolve(here, '../../../../shared/spec/asim-network-session-fields.csv');
const OUT_FILE = resolve(here, '../src/fields.generated.ts');

const FIELD_TYPES = ['string', 'int', 'long', 'real', 'bool', 'datetime', 'dynamic'];
const FIELD_CLASSES = ['Mandatory', 'Recommended', 'Optional', 'Conditional', 'Alias', 'System', 'Deprecated'];
const PATTERN_TYPE = '(type of aliased field)';

/** RFC 4180: comma-separated, fields optionally double-quoted, "" escapes a quote, CRLF or LF rows. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** CSV text → FieldSpec-shaped plain objects (the same objects the generated file contains). */
export function fieldsFromCsv(text) {
  const [header, ...rows] = parseCsv(text);
  const expected = 'field,type,class,alias_of_or_condition,allowed_values,notes';
  if (header.join(',') !== expected) throw new Error(`CSV: unexpected header ${header.join(',')}`);
  return rows.map((cols, i) => {
    if (cols.length !== 6) throw new Error(`CSV row ${i + 2}: expected 6 columns, got ${cols.length}`);
    const [name, rawType, cls, condition, allowedValues, notes] = cols;
    if (!FIELD_CLASSES.includes(cls)) throw new Error(`CSV row ${i + 2}: unknown class ${cls}`);
    const spec = { name };
    const pattern = rawType === PATTERN_TYPE;
    if (pattern) {
      spec.type = 'string';
    } else {
      const m = /^([a-z]+)(?:\((.+)\))?$/.exec(rawType);
      if (!m || !FIELD_TYPES.includes(m[1])) throw new Error(`CSV row ${i + 2}: unknown type ${rawType}`);
      spec.type = m[1];
      if (m[2]) spec.logicalType = m[2];
    }
    spec.class = cls;
    if (condition) spec.aliasOfOrCondition = condition;
    if (allowedValues) {
      const values = allowedValues.split('|').map((v) => v.trim());
      const placeholder = values.find((v) => v.startsWith('<') && v.endsWith('>'));
      const listed = values.filter((v) => v !== placeholder);
      if (placeholder) {
        spec.openValueSet = placeholder;
        spec.examples = listed;
      } else {
        spec.allowed = listed;
      }
    }
    if (pattern) spec.pattern = true;
    spec.notes = notes;
    return spec;
  });
}

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (values) => `[${values.map(q).join(', ')}]`;
const doc = (s) => s.replace(/\*\//g, '*\\/');

const TS_TYPES = {
  string: 'string', datetime: 'string', int: 'number', long: 'number', real: 'number',
  bool: 'boolean', dynamic: 'Record<string, unknown>',
};

function fieldEntry(f) {
  const parts = [`name: ${q(f.name)}`, `type: ${q(f.type)}`];
  if (f.logicalType) parts.push(`logicalType: ${q(f.logicalType)}`);
  parts.push(`class: ${q(f.class)}`);
  if (f.aliasOfOrCondition) parts.push(`aliasOfOrCondition: ${q(f.aliasOfOrCondition)}`);
  if (f.allowed) parts.push(`allowed: ALLOWED_VALUES.${f.name}`);
  if (f.openValueSet) parts.push(`openValueSet: ${q(f.openValueSet)}`, `examples: ${list(f.examples)}`);
  if (f.pattern) parts.push('pattern: true');
  return `  { ${parts.join(', ')} },`;
}

function interfaceMember(f) {
  const required = f.class === 'Mandatory' || f.name === 'TimeGenerated';
  const tsType = f.allowed ? f.allowed.map(q).join(' | ') : TS_TYPES[f.type];
  const lines = [`${f.class}${f.logicalType ? `, ${f.logicalType}` : ''}.`];
  if (f.aliasOfOrCondition) lines.push(`${f.aliasOfOrCondition}.`);
  if (f.openValueSet) lines.push(`Values: ${[...f.examples, f.openValueSet].join(', ')}.`);
  if (f.notes) lines.push(f.notes);
  if (f.class === 'Deprecated') lines.push('@deprecated Not part of 0.2.4; accepted for old data only.');
  return [
    '  /**',
    ...lines.flatMap((l) => l.split('\n')).map((l) => `   * ${doc(l)}`.trimEnd()),
    '   */',
    `  ${f.name}${required ? '' : '?'}: ${tsType};`,
  ].join('\n');
}

export function generate(csvText) {
  const fields = fieldsFromCsv(csvText);
  const enumerated = fields.filter((f) => f.allowed);
  return `// GENERATED FILE: do not edit by hand.
// Source: shared/spec/asim-network-session-fields.csv (${fields.length} rows).
// Regenerate: node packages/schema/scripts/generate-fields.mjs

export type FieldType = ${FIELD_TYPES.map(q).join(' | ')};

export type FieldClass = ${FIELD_CLASSES.map(q).join(' | ')};

/** One row of the ASIM NetworkSession 0.2.4 field table. */
export interface FieldSpec {
  /** Field name. For pattern rows (\`pattern: true\`) a template such as \`Local<Suffix>\`, not a literal name. */
  readonly name: string;
  /**
   * KQL physical type. Pattern rows have the CSV type "${PATTERN_TYPE}"; their \`type\` is
   * 'string' as a placeholder, the real type being that of the Src/Dst field they alias.
   */
  readonly type: FieldType;
  /** ASIM logical type from the parentheses, e.g. \`IP address\` for \`string(IP address)\`. */
  readonly logicalType?: string;
  readonly class: FieldClass;
  /** The CSV's alias_of_or_condition text, verbatim. */
  readonly aliasOfOrCondition?: string;
  /** Closed list of allowed values. Absent for free-text fields and for open value sets. */
  readonly allowed?: readonly string[];
  /** Placeholder for an open value set, e.g. \`<any IANA protocol keyword>\` (NetworkProtocol). */
  readonly openValueSet?: string;
  /** The values listed next to \`openValueSet\`; examples, not a closed list. */
  readonly examples?: readonly string[];
  /** True for the \`Local<Suffix>\` / \`Remote<Suffix>\` pattern rows. */
  readonly pattern?: true;
}

/** Closed value lists by field name, in CSV order. */
export const ALLOWED_VALUES = {
${enumerated.map((f) => `  ${f.name}: ${list(f.allowed)},`).join('\n')}
} as const;

/** Every CSV row, in CSV order. */
export const FIELDS: readonly FieldSpec[] = [
${fields.map(fieldEntry).join('\n')}
];

/**
 * One ASIM NetworkSession 0.2.4 record. Datetimes are ISO-8601 UTC strings
 * (\`2024-05-01T12:00:00.000Z\`). Mandatory fields and TimeGenerated are required.
 * \`Local*\` / \`Remote*\` aliases (pattern rows) are covered by the first index signature;
 * the second admits pipeline metadata such as \`_Lineage\`, which validators ignore.
 */
export interface NetworkSession {
${fields.filter((f) => !f.pattern).map(interfaceMember).join('\n')}
  [aliasField: \`Local\${string}\` | \`Remote\${string}\`]: unknown;
  [metadataField: \`_\${string}\`]: unknown;
}
`;
}

function main(args) {
  const flags = args.filter((a) => a.startsWith('--'));
  const csvPath = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CSV;
  const text = generate(readFileSync(csvPath, 'utf8'));
  if (flags.includes('--stdout')) {
    process.stdout.write(text);
  } else if (flags.includes('--check')) {
    const current = readFileSync(OUT_FILE, 'utf8');
    if (current !== text) {
      console.error(`${OUT_FILE} is out of date; run node packages/schema/scripts/generate-fields.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT_FILE, text);
    console.error(`wrote ${OUT_FILE}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`generate-fields: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
