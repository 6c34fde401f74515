import { parseSync as parseCsvSync } from '@asimkit/vendor/csv-parse';
import type { TableRow } from '../parser.js';
import { utcMs } from './syslog.js';
import { looksLikeXmlEvents } from './xml-framer.js';

/**
 * Log Analytics table exports: CSV with a header row (the portal appends ` [UTC]` to datetime
 * headers and writes dates as `3/10/2025, 8:00:00.000 AM`), JSON arrays, and JSON lines.
 */

/**
 * How an input file's content is laid out: a CSV export, a JSON array (an export, or raw records),
 * JSON lines (one object per line: table rows or raw records such as Zeek's), one JSON document
 * spanning lines (an Azure `{"records": [...]}` blob), XML events (`<?xml`, `<Events>`, `<Event>`
 * first: a stream of event records framed by `XmlEventFramer`), or raw text lines.
 */
export type InputKind = 'csv' | 'json-array' | 'json-lines' | 'json-document' | 'xml' | 'lines';

const PORTAL_SUFFIX = / \[UTC\]$/;
const PORTAL_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ?([AP]M)$/;

/**
 * Decides the layout from the file name and its first characters. Whether JSON objects are table
 * rows or raw records is not decided here: the plugins' sniffs decide (`SniffSample.rows` /
 * `SniffSample.records`).
 */
export function detectInputKind(path: string, head: string): InputKind {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  const trimmed = head.trimStart().replace(/^\uFEFF/, '');
  if (trimmed.startsWith('[')) return 'json-array';
  if (trimmed.startsWith('<') && looksLikeXmlEvents(trimmed)) return 'xml';
  if (trimmed.startsWith('{')) {
    const nl = trimmed.indexOf('\n');
    if (nl < 0 && trimmed.length === head.length) return isJsonObject(trimmed) ? 'json-lines' : 'json-document';
    return nl >= 0 && isJsonObject(trimmed.slice(0, nl)) ? 'json-lines' : 'json-document';
  }
  return 'lines';
}

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * The records a parsed JSON value holds: the `records` of an Azure diagnostic / Event Hub document
 * (`{"records": [...]}`), else the value itself. Array elements are records one by one already.
 */
export function jsonRecordsOf(value: Record<string, unknown>): unknown[] {
  const records = value.records;
  if (Array.isArray(records)) {
    let only = true;
    for (const k in value) if (k !== 'records') only = false;
    if (only) return records;
  }
  return [value];
}

/** `TimeGenerated [UTC]` → `TimeGenerated`; other headers unchanged. */
export function exportColumnName(header: string): string {
  return header.replace(PORTAL_SUFFIX, '');
}

/** Whether a header is a portal datetime header (its values need `portalDateToIso`). */
export function isPortalDateColumn(header: string): boolean {
  return PORTAL_SUFFIX.test(header);
}

/** `3/10/2025, 8:00:00.000 AM` (portal export, UTC) → `2025-03-10T08:00:00.000Z`; other text unchanged. */
export function portalDateToIso(value: string): string {
  const m = PORTAL_DATE.exec(value.trim());
  if (!m) return value;
  const [, mo, d, y, h, mi, s, frac = '0', ampm] = m;
  let hour = Number(h) % 12;
  if (ampm === 'PM') hour += 12;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  return new Date(utcMs(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s), ms)).toISOString();
}

/**
 * Builds a function that turns one CSV record (array of cells, header order) into a TableRow with
 * clean column names and ISO datetimes.
 */
export function csvRowBuilder(header: readonly string[]): (cells: readonly string[]) => TableRow {
  const names = header.map((h) => exportColumnName(h.replace(/^\uFEFF/, '')));
  const dateCols = header.map(isPortalDateColumn);
  return (cells) => {
    const row: TableRow = {};
    for (let i = 0; i < names.length; i++) {
      const v = cells[i] ?? '';
      row[names[i]!] = dateCols[i] ? portalDateToIso(v) : v;
    }
    return row;
  };
}

/** Options shared by every CSV read, so the streaming and whole-file readers agree. */
export const CSV_PARSE_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const;

/** A row with the (1-based) line its record starts on. */
export interface PositionedRow {
  readonly row: TableRow;
  readonly line: number;
}

/** Whole-text CSV export → rows with their starting line. */
export function parseCsvExport(text: string): PositionedRow[] {
  const records = parseCsvSync(text, { ...CSV_PARSE_OPTIONS, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  if (records.length === 0) return [];
  const build = csvRowBuilder(records[0]!.record);
  const out: PositionedRow[] = [];
  let prevEnd = records[0]!.info.lines;
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i]!;
    out.push({ row: build(record), line: prevEnd + 1 });
    prevEnd = info.lines;
  }
  return out;
}

/** Normalizes a JSON-export row: strips ` [UTC]` from keys and converts portal dates. */
export function normalizeJsonRow(obj: Record<string, unknown>): TableRow {
  let needsCopy = false;
  for (const k in obj) if (PORTAL_SUFFIX.test(k)) needsCopy = true;
  if (!needsCopy) return obj;
  const row: TableRow = {};
  for (const k in obj) {
    const v = obj[k];
    row[exportColumnName(k)] = isPortalDateColumn(k) && typeof v === 'string' ? portalDateToIso(v) : v;
  }
  return row;
}
