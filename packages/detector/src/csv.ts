/**
 * A small RFC 4180 reader/writer with exact physical line numbers.
 *
 * Why hand-written rather than csv-parse: csv-parse 7.0.3 counts a CRLF inside a quoted field as
 * two lines, reports an unclosed quote at the end-of-file line instead of the line where the
 * quote opened, and mis-splits files with mixed line endings. A watchlist error must name the
 * line the user has to fix, so the reader is ours (and fuzzed in test/csv.test.ts).
 *
 * Rules:
 * - Fields are separated by `,`; records by CRLF, LF or a lone CR (mixed endings are fine).
 * - A field that starts with `"` is quoted: `""` is a literal quote, line breaks are kept raw,
 *   and the closing quote must be followed by `,`, a line break or the end of the input.
 * - A `"` anywhere inside an unquoted field is an error (RFC 4180 §2.5).
 * - Values are kept raw: no trimming. A leading UTF-8 BOM is removed.
 * - A physically empty line outside quotes is skipped (it cannot be a record of a 12-column file).
 */

export type CsvSyntaxErrorCode = 'CSV_UNCLOSED_QUOTE' | 'CSV_BAD_QUOTE';

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly code: CsvSyntaxErrorCode,
    /** 1-based physical line. */
    readonly line: number,
    /** 1-based column (UTF-16 code units) of the offending character. */
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let lineStart = i; // index of the first character of the current physical line

  while (i < n) {
    // Start of a record. Skip physically empty lines.
    let c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      // Start of a field at i (may be n: empty last field).
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        i++;
        let value = '';
        let chunkStart = i;
        for (;;) {
          if (i >= n) {
            throw new CsvSyntaxError(
              'CSV_UNCLOSED_QUOTE',
              openLine,
              openColumn,
              `the quoted field opened at line ${openLine}, column ${openColumn} is never closed (unbalanced quotes)`,
            );
          }
          c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              value += text.slice(chunkStart, i + 1);
              i += 2;
              chunkStart = i;
              continue;
            }
            value += text.slice(chunkStart, i);
            i++;
            break;
          }
          if (c === CR || c === LF) {
            i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
            line++;
            lineStart = i;
            continue;
          }
          i++;
        }
        fields.push(value);
        if (i >= n) break;
        c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CR || c === LF) break;
        throw new CsvSyntaxError(
          'CSV_BAD_QUOTE',
          line,
          i - lineStart + 1,
          `unexpected character ${JSON.stringify(text[i])} after the closing quote of a field at line ${line}, column ${i - lineStart + 1}; a quoted field must end right before "," or the end of the line (write "" for a literal quote)`,
        );
      } else {
        const start = i;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === COMMA || c === CR || c === LF) break;
          if (c === QUOTE) {
            throw new CsvSyntaxError(
              'CSV_BAD_QUOTE',
              line,
              i - lineStart + 1,
              `a double quote inside an unquoted field at line ${line}, column ${i - lineStart + 1}; quote the whole field and double the inner quote ("" ) (RFC 4180)`,
            );
          }
          i++;
        }
        fields.push(text.slice(start, i));
        if (i < n && text.charCodeAt(i) === COMMA) {
          i++;
          if (i >= n) {
            fields.push('');
            break;
          }
          continue;
        }
        break;
      }
    }
    records.push({ fields, line: recordLine });
    // Consume the record delimiter, if any.
    if (i < n) {
      c = text.charCodeAt(i);
      if (c === CR || c === LF) {
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        lineStart = i;
      }
    }
  }
  return records;
}

/** Quotes a field per RFC 4180 when it contains a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Serializes rows as RFC 4180 CSV with `\n` line endings and a trailing newline. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let out = header.map(csvField).join(',') + '\n';
  for (const row of rows) out += row.map(csvField).join(',') + '\n';
  return out;
}
