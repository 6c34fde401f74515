import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { EpochIsoCache, RecordRejected, type JsonLineBuffer, type KeyOutcomes, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import { compileKeyDecoder, keyLayout, type KeyDecoder } from './detector-key.js';
import { KeyScanner } from './key-scanner.js';
import { DEFAULT_FORMAT, formatField, formatVersion, parseFormat, type FormatField } from './format.js';
import { compilePlainDecoder, MAX_DATE_SECONDS, MAX_INT32, type PlainDecoder, type RowBuilder, type RowValue } from './plain-decoder.js';
import { VPC_ENUMS, type AwsVpcFlowRow } from './row.js';
import { JsonLineWriter } from './json-lines.js';
import { compiled } from './compiled.js';

const ENUMS: Partial<Record<FormatField['kind'], readonly string[]>> = VPC_ENUMS;

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
  /** Builds the rows of the field order in force from `values`, the tokens' values by position. */
  private build: RowBuilder;
  private values: RowValue[];
  /** The common line of the field order in force (see PlainDecoder). */
  private plain: PlainDecoder;

  /** With a projection: which positions to convert; the others are only checked (a line normalize rejects is never counted). */
  private wanted: boolean[] | undefined;
  /** For the detector's fast path; undefined when it is off (no projection, or not the detector's). */
  private decodeKey: KeyDecoder | undefined;
  /** The same fast path over batches of lines, where WebAssembly serves. */
  private keyScanner: KeyScanner | undefined;
  /** The JSON-lines fast path, for the default field order only; made at its first use. */
  private jsonLines: JsonLineWriter | undefined;
  private defaultOrder: boolean;

  constructor(
    format: string | undefined,
    private readonly projection?: ReadonlySet<string>,
  ) {
    this.fields = parseFormat(format ?? DEFAULT_FORMAT);
    this.version = formatVersion(this.fields);
    this.hasVersionField = this.fields.some((f) => f.name === 'version');
    this.origin = format === undefined ? 'the default v2 format' : 'the format option';
    this.wanted = projection && this.fields.map((f) => projection.has(f.name));
    this.useKeyDecoders();
    this.build = rowBuilder(this.fields, this.hasVersionField ? undefined : this.version);
    this.plain = plainDecoder(this.fields, this.build, this.hasVersionField ? undefined : this.version, this.times);
    this.values = new Array<RowValue>(this.fields.length).fill(undefined);
    this.defaultOrder = isDefaultOrder(this.fields);
  }

  encodeJsonLines(bytes: Buffer, lines: Int32Array, from: number, count: number, out: JsonLineBuffer): number {
    if (!this.defaultOrder) return from;
    return (this.jsonLines ??= new JsonLineWriter()).encode(bytes, lines, from, count, out);
  }

  decodeDetectorKeys(bytes: Buffer, lines: Int32Array, count: number, key: DetectorKey, outcomes: KeyOutcomes): void {
    for (let from = 0; from < count; ) {
      const scanner = this.keyScanner;
      if (scanner !== undefined) {
        // a header line declined in the batch changes the field order: the lines after it are read anew
        from = scanner.decode(bytes, lines, from, count, key, outcomes, () => this.keyScanner !== scanner);
        continue;
      }
      if (this.decodeDetectorKey(bytes, lines[2 * from], lines[2 * from + 1], key)) outcomes.take(key);
      else outcomes.decline(from);
      from++;
    }
  }

  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.decodeKey !== undefined && this.decodeKey(bytes, start, end, key);
  }

  decode(text: string, out: RowOutput<AwsVpcFlowRow>): void {
    // Data lines start with a digit (the version, an address, a port...) in every format we know;
    // a header line starts with a field name.
    const c = text.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      const row = this.wanted !== undefined ? this.decodeProjected(text, this.wanted) : this.plain(text);
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
    const values = this.values;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      values[i] = token === '-' ? undefined : this.value(fields[i]!, token);
    }
    out.row(this.build(values));
  }

  /**
   * Converts only the wanted tokens, scanning for spaces instead of splitting the line. Returns
   * undefined when the line does not have the expected shape, so the full path can say why.
   */
  private decodeProjected(text: string, wanted: boolean[]): AwsVpcFlowRow | undefined {
    const fields = this.fields;
    const n = fields.length;
    const values = this.values;
    let start = 0;
    let i = 0;
    for (;;) {
      const space = text.indexOf(' ', start);
      const end = space === -1 ? text.length : space;
      if (end === start || i === n) return undefined;
      const token = text.slice(start, end);
      let value: RowValue;
      if (token !== '-') {
        if (wanted[i]) value = this.value(fields[i]!, token);
        else this.check(fields[i]!, token);
      }
      values[i] = value;
      i++;
      if (space === -1) break;
      start = space + 1;
    }
    if (i !== n) return undefined;
    return this.build(values);
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
    this.useKeyDecoders();
    this.build = rowBuilder(this.fields, this.hasVersionField ? undefined : this.version);
    this.plain = plainDecoder(this.fields, this.build, this.hasVersionField ? undefined : this.version, this.times);
    this.values = new Array<RowValue>(this.fields.length).fill(undefined);
    this.defaultOrder = isDefaultOrder(this.fields);
  }

  /** The fast paths of the field order in force: none without the detector's projection. */
  private useKeyDecoders(): void {
    const layout = keyLayout(this.fields, this.wanted);
    this.decodeKey = layout && compileKeyDecoder(layout);
    this.keyScanner = layout && KeyScanner.of(layout, this.decodeKey!);
  }
}

/**
 * The row of a field order: its columns in format order (then Version, when the format has no
 * version field), `-` tokens as undefined values. It is an object literal compiled for the order,
 * so that every row of a stream has one shape that V8 knows from the start: filling an empty
 * object key by key costs more than the rest of decoding, and past 16 keys leaves it a slow
 * dictionary.
 */
function rowBuilder(fields: readonly FormatField[], version: number | undefined): RowBuilder {
  const literal = rowLiteral(fields, version, (i) => `v[${i}]`);
  if (literal === undefined) return slowRowBuilder(fields.map((f) => f.column), version);
  return compiled<RowBuilder>('v', `return ${literal};`);
}

/** The plain-line decoder of a field order, building its rows as rowBuilder's literal. */
function plainDecoder(fields: readonly FormatField[], build: RowBuilder, version: number | undefined, times: EpochIsoCache): PlainDecoder {
  return compilePlainDecoder(fields, build, rowLiteral(fields, version, (i) => `v${i}`), times);
}

/** rowBuilder's object literal, position i's value written as `valueAt(i)`; undefined when a column is named twice. */
function rowLiteral(fields: readonly FormatField[], version: number | undefined, valueAt: (i: number) => string): string | undefined {
  const columns = fields.map((f) => f.column);
  if (new Set(columns).size !== columns.length) return undefined;
  // the columns are FORMAT_FIELDS' names (quoted as JSON all the same), the version a number
  const props = columns.map((column, i) => `${JSON.stringify(column)}: ${valueAt(i)}`);
  if (version !== undefined) props.push(`Version: ${version}`);
  return `{ ${props.join(', ')} }`;
}

/** A format that names a field twice (no AWS format does): the row key by key, the last value that is not `-` winning. */
function slowRowBuilder(columns: readonly string[], version: number | undefined): RowBuilder {
  return (values) => {
    const row: Record<string, RowValue> = {};
    for (let i = 0; i < columns.length; i++) if (values[i] !== undefined) row[columns[i]!] = values[i];
    if (version !== undefined) row.Version = version;
    return row as AwsVpcFlowRow;
  };
}

const DEFAULT_NAMES = parseFormat(DEFAULT_FORMAT).map((f) => f.name);

function isDefaultOrder(fields: readonly FormatField[]): boolean {
  return fields.length === DEFAULT_NAMES.length && fields.every((f, i) => f.name === DEFAULT_NAMES[i]);
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
