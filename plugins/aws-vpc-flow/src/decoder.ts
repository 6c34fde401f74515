import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { EpochIsoCache, RecordRejected, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import { decodeKey, keyLayout, type KeyLayout } from './detector-key.js';
import { DEFAULT_FORMAT, formatField, formatVersion, parseFormat, type FormatField } from './format.js';
import { VPC_ENUMS, type AwsVpcFlowRow } from './row.js';

const ENUMS: Partial<Record<FormatField['kind'], readonly string[]>> = VPC_ENUMS;

/** The last second a JavaScript Date can hold (±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12;

/**
 * Decodes space-separated flow records. The field order comes from, in priority: a header line in
 * the stream (S3 objects start with one), the `format` option, or the default version-2 format.
 */
export class VpcFlowDecoder implements RawDecoder<AwsVpcFlowRow> {
  private fields: FormatField[];
  private version: number;
  private hasVersionField: boolean;
  /** Where the field order in force came from, for error messages. */
  private origin: string;
  private readonly times = new EpochIsoCache();

  /** With a projection: which positions to convert; the others are only checked (a line normalize rejects is never counted). */
  private wanted: boolean[] | undefined;
  /** For the detector's fast path; undefined when it is off (no projection, or not the detector's). */
  private keyLayout: KeyLayout | undefined;

  constructor(
    format: string | undefined,
    private readonly projection?: ReadonlySet<string>,
  ) {
    this.fields = parseFormat(format ?? DEFAULT_FORMAT);
    this.version = formatVersion(this.fields);
    this.hasVersionField = this.fields.some((f) => f.name === 'version');
    this.origin = format === undefined ? 'the default v2 format' : 'the format option';
    this.wanted = projection && this.fields.map((f) => projection.has(f.name));
    this.keyLayout = keyLayout(this.fields, this.wanted);
  }

  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.keyLayout !== undefined && decodeKey(bytes, start, end, this.keyLayout, key);
  }

  decode(text: string, out: RowOutput<AwsVpcFlowRow>): void {
    // Data lines start with a digit (the version, an address, a port...) in every format we know;
    // a header line starts with a field name.
    const c = text.charCodeAt(0);
    if (this.wanted !== undefined && c >= 48 && c <= 57) {
      const row = this.decodeProjected(text, this.wanted);
      if (row !== undefined) return out.row(row);
    }
    let tokens = text.split(' ');
    if (tokens.includes('')) tokens = text.trim().split(/ +/);
    if (isHeader(tokens)) {
      this.useHeader(tokens);
      return out.skip('header line');
    }
    const fields = this.fields;
    if (tokens.length !== fields.length) {
      throw new RecordRejected(
        'field-count',
        `expected ${fields.length} space-separated fields (per ${this.origin}), got ${tokens.length}; ` +
          'if the flow log uses a custom format, start the file with its header line or pass --opt format="..."',
      );
    }
    const row: AwsVpcFlowRow = {};
    const r = row as Record<string, string | number | undefined>;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '-') continue;
      const field = fields[i]!;
      r[field.column] = this.value(field, token);
    }
    if (!this.hasVersionField) row.Version = this.version;
    out.row(row);
  }

  /**
   * Converts only the wanted tokens, scanning for spaces instead of splitting the line. Returns
   * undefined when the line does not have the expected shape, so the full path can say why.
   */
  private decodeProjected(text: string, wanted: boolean[]): AwsVpcFlowRow | undefined {
    const fields = this.fields;
    const n = fields.length;
    const row: AwsVpcFlowRow = {};
    const r = row as Record<string, string | number | undefined>;
    let start = 0;
    let i = 0;
    for (;;) {
      const space = text.indexOf(' ', start);
      const end = space === -1 ? text.length : space;
      if (end === start || i === n) return undefined;
      const token = text.slice(start, end);
      if (token !== '-') {
        if (wanted[i]) r[fields[i]!.column] = this.value(fields[i]!, token);
        else this.check(fields[i]!, token);
      }
      i++;
      if (space === -1) break;
      start = space + 1;
    }
    if (i !== n) return undefined;
    if (!this.hasVersionField) row.Version = this.version;
    return row;
  }

  /** What `value` checks, without converting what no needed field uses. */
  private check(field: FormatField, token: string): void {
    if (field.kind !== 'string' && field.kind !== 'epoch') this.value(field, token);
    else if (field.kind === 'epoch') epochSeconds(field, token);
  }

  private value(field: FormatField, token: string): string | number {
    switch (field.kind) {
      case 'int': {
        const n = nonNegativeInteger(field, token);
        if (n > MAX_INT32) throw bad(field, token, 'a 32-bit integer');
        return n;
      }
      case 'long':
        return nonNegativeInteger(field, token);
      case 'epoch':
        return this.times.iso(epochSeconds(field, token));
      case 'ip':
        if (isIP(token) === 0) throw bad(field, token, 'an IPv4 or IPv6 address');
        return token;
      case 'string':
        return token;
      default:
        if (!ENUMS[field.kind]!.includes(token)) throw bad(field, token, `one of ${ENUMS[field.kind]!.join(', ')}`);
        return token;
    }
  }

  private useHeader(tokens: string[]): void {
    this.fields = tokens.map((t) => formatField(t)!);
    this.version = formatVersion(this.fields);
    this.hasVersionField = this.fields.some((f) => f.name === 'version');
    this.origin = 'the header line';
    this.wanted = this.projection && this.fields.map((f) => this.projection!.has(f.name));
    this.keyLayout = keyLayout(this.fields, this.wanted);
  }
}

/** A header line names fields; data lines never start with a field name (`version` is a number). */
function isHeader(tokens: string[]): boolean {
  const first = tokens[0]!;
  const c = first.charCodeAt(0);
  if (c >= 48 && c <= 57) return false; // data lines start with a digit in every format we saw...
  if (!formatField(first)) return false; // ...or with a value that is not a field name
  const unknown = tokens.find((t) => !formatField(t));
  if (unknown) throw new RecordRejected('bad-header', `header line names unknown field "${unknown}"`);
  return true;
}

const MAX_INT32 = 2147483647;

function nonNegativeInteger(field: FormatField, token: string): number {
  const n = Number(token);
  if (!Number.isSafeInteger(n) || n < 0 || token.charCodeAt(0) === 43 /* + */) throw bad(field, token, 'a non-negative integer');
  return n;
}

function epochSeconds(field: FormatField, token: string): number {
  const n = Number(token);
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_DATE_SECONDS) throw bad(field, token, 'Unix epoch seconds');
  return n;
}

function bad(field: FormatField, token: string, expected: string): RecordRejected {
  return new RecordRejected('bad-value', `${field.name} "${token}" is not ${expected}`);
}
