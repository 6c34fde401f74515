import { CsvSyntaxError, parseCsv } from './csv.js';
import { DetectorError } from './errors.js';
import { kqlToInt, tokenize, type ToIntMode } from './kql.js';

/** The columns of `NetworkSession_Monitor_Configuration` (spec §a.1), in template order. */
export const WATCHLIST_COLUMNS = [
  'Ports',
  'App',
  'Protocol',
  'Direction',
  'Action',
  'Type',
  'ThresholdType',
  'Threshold',
  'Severity',
  'Tactic',
  'Name',
  'Description',
] as const;
export type WatchlistColumn = (typeof WATCHLIST_COLUMNS)[number];

/** The list columns that §b splits on "," and mv-expands, in expansion order. */
export const LIST_COLUMNS = ['Ports', 'App', 'Protocol', 'Direction', 'Action'] as const;

/** One data row of the watchlist CSV, values raw (no trimming). */
export type WatchlistRow = Record<WatchlistColumn, string> & {
  /** 1-based physical line where the row starts in the file. */
  line: number;
  /** 1-based data-row number (the header is row 0). */
  row: number;
};

/** One row of MAPPING (spec §b): a watchlist row after filter, split, mv-expand and cast. */
export interface WatchlistRule {
  Ports: string;
  App: string;
  Protocol: string;
  Direction: string;
  Action: string;
  Type: string;
  ThresholdType: string;
  /** `toint(Threshold)`: an int32, or null when the string does not convert (§g). */
  Threshold: number | null;
  Severity: string;
  Tactic: string;
  Name: string;
  Description: string;
  /** Where the rule came from. */
  line: number;
  row: number;
}

export type WatchlistWarningCode =
  | 'THRESHOLD_NOT_INT'
  | 'PORT_NO_TERMS'
  | 'PORT_RANGE'
  | 'PORT_TERM_NEVER_MATCHES'
  | 'CELL_NOT_WILDCARD'
  | 'NOT_DISABLED'
  | 'TYPE_NEAR_MISS'
  | 'THRESHOLD_TYPE_NEAR_MISS'
  | 'SEVERITY_UNKNOWN'
  | 'THRESHOLD_NEGATIVE'
  | 'NO_RULES';

export interface WatchlistWarning {
  code: WatchlistWarningCode;
  source: string;
  line: number;
  row: number;
  /** `source:line: row N ("Name"): ...` — ready to print. */
  message: string;
}

export type WatchlistErrorCode =
  | 'WATCHLIST_EMPTY'
  | 'WATCHLIST_MISSING_COLUMNS'
  | 'WATCHLIST_DUPLICATE_COLUMN'
  | 'WATCHLIST_FIELD_COUNT'
  | 'WATCHLIST_UNCLOSED_QUOTE'
  | 'WATCHLIST_BAD_QUOTE';

/** A watchlist that cannot be read. The message names the file and the line. */
export class WatchlistError extends DetectorError {
  override readonly name = 'WatchlistError';
  constructor(
    override readonly code: WatchlistErrorCode,
    readonly source: string,
    readonly line: number,
    detail: string,
    readonly column?: number,
  ) {
    super(code, `${source}:${line}${column !== undefined ? `:${column}` : ''}: ${detail}`);
  }
}

export interface Watchlist {
  /** Name used in messages (usually the file path). */
  source: string;
  /** Every data row, in file order, raw. */
  rows: WatchlistRow[];
  /** MAPPING (§b): the rows this query uses, expanded. Duplicates are kept. */
  rules: WatchlistRule[];
  warnings: WatchlistWarning[];
}

export interface ParseWatchlistOptions {
  /** How Threshold strings convert (§g); default `strict`. */
  toIntMode?: ToIntMode;
}

/**
 * Reads `NetworkSession_Monitor_Configuration` as uploaded to Sentinel (RFC 4180, values raw),
 * builds MAPPING per §b, and reports rows that can never fire (or look wrong) as warnings.
 * Extra columns (e.g. the `SearchKey`, `_DTItemId` system columns of an export) are ignored.
 * Throws `WatchlistError` when the file is malformed.
 */
export function parseWatchlist(csvText: string, sourceName: string, options: ParseWatchlistOptions = {}): Watchlist {
  const toIntMode = options.toIntMode ?? 'strict';
  let records;
  try {
    records = parseCsv(csvText);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new WatchlistError(
        e.code === 'CSV_UNCLOSED_QUOTE' ? 'WATCHLIST_UNCLOSED_QUOTE' : 'WATCHLIST_BAD_QUOTE',
        sourceName,
        e.line,
        e.message,
        e.column,
      );
    }
    throw e;
  }
  const header = records[0];
  if (!header) {
    throw new WatchlistError('WATCHLIST_EMPTY', sourceName, 1, `the watchlist is empty; expected a header line: ${WATCHLIST_COLUMNS.join(',')}`);
  }
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => {
    if (index.has(name) && (WATCHLIST_COLUMNS as readonly string[]).includes(name)) {
      throw new WatchlistError('WATCHLIST_DUPLICATE_COLUMN', sourceName, header.line, `column ${JSON.stringify(name)} appears twice in the header`);
    }
    if (!index.has(name)) index.set(name, i);
  });
  const missing = WATCHLIST_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const hints = missing
      .map((c) => {
        const near = header.fields.find((f) => f.trim().toLowerCase() === c.toLowerCase());
        return near !== undefined ? ` (found ${JSON.stringify(near)}: column names are exact and case-sensitive)` : '';
      })
      .join('');
    throw new WatchlistError(
      'WATCHLIST_MISSING_COLUMNS',
      sourceName,
      header.line,
      `the header lacks column(s) ${missing.join(', ')}${hints}; expected ${WATCHLIST_COLUMNS.join(',')}`,
    );
  }
  const cols = WATCHLIST_COLUMNS.map((c) => index.get(c)!);
  const rows: WatchlistRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.fields.length !== header.fields.length) {
      throw new WatchlistError(
        'WATCHLIST_FIELD_COUNT',
        sourceName,
        rec.line,
        `row ${r} has ${rec.fields.length} field(s) but the header has ${header.fields.length}; check for a missing or extra comma, or an unquoted comma inside a list such as "139,445"`,
      );
    }
    const row = { line: rec.line, row: r } as WatchlistRow;
    WATCHLIST_COLUMNS.forEach((c, i) => {
      row[c] = rec.fields[cols[i]!]!;
    });
    rows.push(row);
  }
  const warnings: WatchlistWarning[] = [];
  const rules: WatchlistRule[] = [];
  for (const row of rows) {
    const warn = (code: WatchlistWarningCode, text: string) =>
      warnings.push({
        code,
        source: sourceName,
        line: row.line,
        row: row.row,
        message: `${sourceName}:${row.line}: row ${row.row} (${JSON.stringify(row.Name)}): ${text}`,
      });
    // §b.1 filter: exact, case-sensitive, no trimming.
    if (row.Type !== 'Hunting') {
      if (row.Type.trim().toLowerCase() === 'hunting') {
        warn('TYPE_NEAR_MISS', `Type ${JSON.stringify(row.Type)} is not exactly "Hunting" (case and spaces matter), so the hunting query ignores this row`);
      }
      continue;
    }
    if (row.ThresholdType !== 'Static') {
      if (row.ThresholdType.trim().toLowerCase() === 'static') {
        warn('THRESHOLD_TYPE_NEAR_MISS', `ThresholdType ${JSON.stringify(row.ThresholdType)} is not exactly "Static" (case and spaces matter), so this row is ignored`);
      }
      continue;
    }
    if (row.Severity === 'Disabled') continue;
    if (row.Severity.trim().toLowerCase() === 'disabled') {
      warn('NOT_DISABLED', `Severity ${JSON.stringify(row.Severity)} is not exactly "Disabled", so this row is ACTIVE and alerts with that severity`);
    } else if (!['High', 'Medium', 'Low', 'Informational'].includes(row.Severity)) {
      warn('SEVERITY_UNKNOWN', `Severity ${JSON.stringify(row.Severity)} is not one of High, Medium, Low, Informational, Disabled; alerts carry it as is`);
    }
    const threshold = kqlToInt(row.Threshold, toIntMode);
    if (threshold === null) {
      warn('THRESHOLD_NOT_INT', `Threshold ${JSON.stringify(row.Threshold)} is not a 32-bit integer; toint() gives null, so this row never fires`);
    } else if (threshold < 0) {
      warn('THRESHOLD_NEGATIVE', `Threshold ${threshold} is negative: every bin with any matching session exceeds it (Sum > Threshold), so this row alerts on all traffic it matches`);
    }
    // §b.2 split on "," with no trimming.
    const lists = LIST_COLUMNS.map((c) => row[c].split(','));
    for (const port of new Set(lists[0])) {
      const t = tokenize(port).terms;
      if (t.length === 0) {
        warn('PORT_NO_TERMS', `Ports value ${JSON.stringify(port)} contains no port number; there is no wildcard for Ports, so it never matches`);
      } else if (/\d\s*-\s*\d/.test(port)) {
        warn('PORT_RANGE', `Ports value ${JSON.stringify(port)} looks like a range; ranges are not supported, only the terms ${t.join(' and ')} match`);
      } else {
        for (const term of t) {
          if (!/^(0|[1-9]\d{0,4})$/.test(term) || Number(term) > 65535) {
            warn('PORT_TERM_NEVER_MATCHES', `Ports value ${JSON.stringify(port)} contains ${JSON.stringify(term)}, which is not a port number as the data writes it (no leading zeros, 0-65535), so it never matches`);
          }
        }
      }
    }
    (['Protocol', 'Direction', 'Action'] as const).forEach((c, k) => {
      for (const v of new Set(lists[k + 2])) {
        if (v !== '*' && tokenize(v).terms.length === 0) {
          warn('CELL_NOT_WILDCARD', `${c} value ${JSON.stringify(v)} is not the wildcard "*" (exact, no spaces) and contains no term, so it matches no non-empty ${c === 'Action' ? 'DvcAction' : `Network${c}`}`);
        }
      }
    });
    // §b.4 Cartesian product in the order Ports, App, Protocol, Direction, Action.
    for (const Ports of lists[0]!)
      for (const App of lists[1]!)
        for (const Protocol of lists[2]!)
          for (const Direction of lists[3]!)
            for (const Action of lists[4]!)
              rules.push({
                Ports,
                App,
                Protocol,
                Direction,
                Action,
                Type: row.Type,
                ThresholdType: row.ThresholdType,
                Threshold: threshold,
                Severity: row.Severity,
                Tactic: row.Tactic,
                Name: row.Name,
                Description: row.Description,
                line: row.line,
                row: row.row,
              });
  }
  if (rules.length === 0) {
    warnings.push({
      code: 'NO_RULES',
      source: sourceName,
      line: header.line,
      row: 0,
      message: `${sourceName}: no row has Type "Hunting", ThresholdType "Static" and a Severity other than "Disabled", so the query can never alert`,
    });
  }
  return { source: sourceName, rows, rules, warnings };
}
