import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldSpec } from '../src/index.js';

const csvPath = fileURLToPath(new URL('../../../../shared/spec/asim-network-session-fields.csv', import.meta.url));
const generator = fileURLToPath(new URL('../scripts/generate-fields.mjs', import.meta.url));
const generated = fileURLToPath(new URL('../src/fields.generated.ts', import.meta.url));

/** Minimal RFC 4180 reader, independent of the generator's. */
function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '') rows.push([...row, cell]);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const rows = readCsv(readFileSync(csvPath, 'utf8'));

describe('FIELDS mirrors the CSV', () => {
  it('has one entry per CSV row, in CSV order', () => {
    expect(rows).toHaveLength(169);
    expect(FIELDS.map((f) => f.name)).toEqual(rows.map((r) => r.field));
  });

  it.each(rows.map((r, i) => [r.field, r, FIELDS[i]] as const))('%s: same type, class, condition, values', (_name, row, spec: FieldSpec) => {
    if (row.type === '(type of aliased field)') {
      expect(spec.pattern).toBe(true);
    } else {
      const [, type, logical] = /^(\w+)(?:\((.+)\))?$/.exec(row.type)!;
      expect(spec.type).toBe(type);
      expect(spec.logicalType).toBe(logical);
      expect(spec.pattern).toBeUndefined();
    }
    expect(spec.class).toBe(row.class);
    expect(spec.aliasOfOrCondition ?? '').toBe(row.alias_of_or_condition);
    const listed = row.allowed_values === '' ? [] : row.allowed_values.split('|');
    const placeholders = listed.filter((v) => v.startsWith('<'));
    const values = listed.filter((v) => !v.startsWith('<'));
    if (placeholders.length > 0) {
      expect(spec.allowed).toBeUndefined();
      expect(spec.openValueSet).toBe(placeholders[0]);
      expect(spec.examples).toEqual(values);
    } else {
      expect(spec.allowed ?? []).toEqual(values);
    }
  });

  it('marks exactly the two Local/Remote rows as patterns', () => {
    expect(FIELDS.filter((f) => f.pattern).map((f) => f.name)).toEqual(['Local<Suffix>', 'Remote<Suffix>']);
  });

  it('keeps the IANA placeholder out of NetworkProtocol.allowed', () => {
    const spec = FIELDS.find((f) => f.name === 'NetworkProtocol')!;
    expect(spec.allowed).toBeUndefined();
    expect(spec.openValueSet).toBe('<any IANA protocol keyword>');
    expect(spec.examples).toEqual(['TCP', 'UDP', 'ICMP']);
  });

  it('generated file is up to date with the CSV', () => {
    const fresh = execFileSync(process.execPath, [generator, csvPath, '--stdout'], { encoding: 'utf8' });
    expect(fresh).toBe(readFileSync(generated, 'utf8'));
  });

  it('generator reads the shared CSV by default', () => {
    const fresh = execFileSync(process.execPath, [generator, '--stdout'], { encoding: 'utf8' });
    expect(fresh).toBe(readFileSync(generated, 'utf8'));
  });

  it('NetworkSession interface: Mandatory fields and TimeGenerated required, others optional', () => {
    const text = readFileSync(generated, 'utf8');
    const body = text.slice(text.indexOf('export interface NetworkSession'));
    for (const f of FIELDS.filter((x) => !x.pattern)) {
      const required = f.class === 'Mandatory' || f.name === 'TimeGenerated';
      expect(body, f.name).toMatch(new RegExp(`\\n  ${f.name}${required ? '' : '\\?'}: `));
    }
  });
});
