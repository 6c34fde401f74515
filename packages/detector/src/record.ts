/**
 * The part of an ASIM NetworkSession 0.2.4 record the detector reads. Any object with these
 * fields works (a full ASIM record, a row of an ASIM JSONL file). Absent or null strings behave
 * as the KQL empty string (spec §d: KQL strings cannot be null); DstPortNumber may be null.
 */
export interface DetectorRecord {
  /** ISO-8601 date-time; no zone means UTC. A `Date` or epoch milliseconds also work. */
  TimeGenerated: string | Date | number;
  NetworkProtocol?: string | null;
  DstPortNumber?: number | string | null;
  DstAppName?: string | null;
  NetworkDirection?: string | null;
  DvcAction?: string | null;
}

export { DETECTOR_FIELDS } from '@asimkit/schema';

/** The grouping key of the count (spec §d.6), without the time bucket. */
export interface SessionKey {
  NetworkProtocol: string;
  DstPortNumber: number | null;
  DstAppName: string;
  NetworkDirection: string;
  DvcAction: string;
}

/** KQL string semantics: null/absent → "". */
export function kqlString(v: unknown): string {
  return typeof v === 'string' ? v : v == null ? '' : String(v);
}

/**
 * KQL `toint()` of a port value: numbers are truncated, numeric strings parsed, anything else
 * (null, "", "abc", NaN) is null.
 */
export function portNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) || 0 : null;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    const n = Number(s);
    return Number.isFinite(n) ? Math.trunc(n) || 0 : null;
  }
  return null;
}

/** Length-prefixed composite key: collision-free whatever the strings contain. */
export function keyOf(port: number | null, proto: string, app: string, dir: string, action: string): string {
  return `${port === null ? 'n' : port}|${proto.length}:${proto}${app.length}:${app}${dir.length}:${dir}${action}`;
}
