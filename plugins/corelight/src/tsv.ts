import { RecordRejected } from '@asimkit/sdk';
import { fieldOfTsvName, unescapeZeek, valueFromText, type FieldSpec } from './fields.js';
import { otherLogReason } from './record.js';
import { CONN_PATHS, type ZeekConnRow } from './row.js';

/**
 * Zeek's ASCII (TSV) log format, the default on disk: `#separator`, `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#open`, `#fields`, `#types` header lines, then one
 * record per line, `#close` at the end. The header in force sets the field order and the log's
 * name; a new header (concatenated logs) replaces it.
 */
export interface TsvLayout {
  readonly separator: string;
  readonly setSeparator: string;
  readonly emptyField: string;
  readonly unsetField: string;
  readonly path: string | undefined;
  /** Per position: the field, or undefined for a column we do not read. */
  readonly fields: readonly (FieldSpec | undefined)[];
  readonly names: readonly string[];
}

/** `\x09` → a tab, as `#separator` writes it. */
function headerValue(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class ZeekTsvHeader {
  separator = '\t';
  setSeparator = ',';
  emptyField = '(empty)';
  unsetField = '-';
  path: string | undefined;
  names: string[] | undefined;

  /** Reads one `#` line; returns the skip reason. */
  read(line: string): string {
    if (line.startsWith('#separator ')) {
      this.separator = headerValue(line.slice('#separator '.length));
      if (this.separator === '') throw new RecordRejected('bad-header', '#separator names no separator');
      return 'Zeek TSV header line';
    }
    const sep = line.indexOf(this.separator);
    const directive = sep < 0 ? line : line.slice(0, sep);
    const rest = sep < 0 ? '' : line.slice(sep + this.separator.length);
    switch (directive) {
      case '#set_separator':
        this.setSeparator = headerValue(rest);
        break;
      case '#empty_field':
        this.emptyField = headerValue(rest);
        break;
      case '#unset_field':
        this.unsetField = headerValue(rest);
        break;
      case '#path':
        this.path = rest;
        break;
      case '#fields':
        this.names = rest.split(this.separator);
        break;
      case '#types':
      case '#open':
      case '#close':
        break;
      default:
        return 'comment line';
    }
    return 'Zeek TSV header line';
  }

  /** The layout of the data lines that follow, or the reason they are not conn records. */
  layout(): TsvLayout | string | undefined {
    if (this.names === undefined) return undefined;
    if (this.path !== undefined && !CONN_PATHS.has(this.path)) return otherLogReason(this.path);
    if (this.path === undefined && !this.names.includes('conn_state')) return 'not a Zeek conn log (no #path, and #fields has no conn_state)';
    return {
      separator: this.separator,
      setSeparator: this.setSeparator,
      emptyField: this.emptyField,
      unsetField: this.unsetField,
      path: this.path,
      fields: this.names.map(fieldOfTsvName),
      names: this.names,
    };
  }
}

/** One TSV data line → a row. `wanted`, when set, names the only fields to convert. */
export function decodeTsvLine(line: string, layout: TsvLayout, wanted: ReadonlySet<string> | undefined): ZeekConnRow {
  const tokens = line.split(layout.separator);
  const fields = layout.fields;
  if (tokens.length !== fields.length) {
    throw new RecordRejected('field-count', `expected ${fields.length} fields (per the #fields header), got ${tokens.length}`);
  }
  const row: ZeekConnRow = {};
  const r = row as Record<string, unknown>;
  for (let i = 0; i < tokens.length; i++) {
    const spec = fields[i];
    if (spec === undefined || (wanted !== undefined && !wanted.has(spec.name))) continue;
    const token = tokens[i]!;
    if (token === layout.unsetField) continue;
    let value: unknown;
    if (token === layout.emptyField) value = spec.kind === 'set' ? [] : undefined;
    else if (spec.kind === 'set') value = token.split(layout.setSeparator).map(unescapeZeek);
    else value = valueFromText(spec, layout.names[i]!, spec.kind === 'string' ? unescapeZeek(token) : token);
    if (value !== undefined) r[spec.name] = value;
  }
  if (layout.path !== undefined) row.path = layout.path;
  return row;
}
