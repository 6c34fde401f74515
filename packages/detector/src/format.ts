import { toCsv } from './csv.js';
import { ALERT_COLUMNS, type Alert } from './evaluate.js';
import { SUMMARY_COLUMNS, type SummaryRow } from './summary-rows.js';

/** One JSON object per line, keys in `ALERT_COLUMNS` order; empty string for no alerts. */
export function alertsToJsonl(alerts: readonly Alert[]): string {
  let out = '';
  for (const a of alerts) {
    const o: Record<string, unknown> = {};
    for (const k of ALERT_COLUMNS) o[k] = a[k];
    out += JSON.stringify(o) + '\n';
  }
  return out;
}

/**
 * RFC 4180 CSV with a header (always written). Array columns are JSON text, as Log Analytics
 * exports dynamic columns (`["TCP","UDP"]`).
 */
export function alertsToCsv(alerts: readonly Alert[]): string {
  return toCsv(
    ALERT_COLUMNS,
    alerts.map((a) => ALERT_COLUMNS.map((k) => cell(a[k]))),
  );
}

function cell(v: unknown): string {
  return Array.isArray(v) ? JSON.stringify(v) : String(v);
}

export interface TableOptions {
  /** Longest Description shown before it is cut with "…" (default 60). */
  maxDescription?: number;
}

/**
 * A fixed-width text table for a terminal. Lists are comma-joined; the (constant) Techniques
 * column is left out; the window is shown as `BinStart → BinEnd`.
 */
export function alertsToTable(alerts: readonly Alert[], options: TableOptions = {}): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const maxDesc = options.maxDescription ?? 60;
  const short = (iso: string) => iso.replace(/\.000Z$/, 'Z');
  const header = ['Window', 'Name', 'Severity', 'Tactic', 'Port', 'Protocols', 'Directions', 'Actions', 'Sum', 'Threshold', 'Description'];
  const rows = alerts.map((a) => [
    `${short(a.BinStart)} → ${short(a.BinEnd)}`,
    a.Name,
    a.Severity,
    a.Tactic,
    String(a.DstPortNumber),
    a.NetworkProtocols.join(','),
    a.NetworkDirections.join(','),
    a.DvcActions.join(','),
    String(a.Sum),
    String(a.Threshold),
    truncate(a.Description.trim(), maxDesc),
  ]);
  const numeric = new Set([4, 8, 9]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? v : numeric.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w, i) => (i === widths.length - 1 ? '-'.repeat(Math.min(w, maxDesc)) : '-'.repeat(w))).join('  '), ...rows.map(line)].join('\n') + '\n';
}

function truncate(s: string, max: number): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  return flat.length <= max ? flat : flat.slice(0, max - 1) + '…';
}

/** Summary rows as JSONL (null ports omitted, as the Data Collector API does). */
export function summaryRowsToJsonl(rows: readonly SummaryRow[]): string {
  let out = '';
  for (const r of rows) out += JSON.stringify(r) + '\n';
  return out;
}

/**
 * Summary rows as CSV with the `NetworkCustomAnalytics_protocol_CL` columns; a null port is an empty
 * cell. `header: false` for the batches after the first of a streamed file.
 */
export function summaryRowsToCsv(rows: readonly SummaryRow[], options: { header?: boolean } = {}): string {
  const text = toCsv(
    SUMMARY_COLUMNS,
    rows.map((r) => SUMMARY_COLUMNS.map((k) => (r[k] === undefined ? '' : String(r[k])))),
  );
  return options.header === false ? text.slice(text.indexOf('\n') + 1) : text;
}
