import { kqlString, portNumber, type SessionKey } from './record.js';
import { parseInstantInto, type ParsedInstant } from './time.js';

/** The Log Analytics table the Network Session Essentials summaries land in (spec §e). */
export const SUMMARY_TABLE = 'NetworkCustomAnalytics_protocol_CL';

/** Stored columns of `NetworkCustomAnalytics_protocol_CL` (spec §e), in the order we write them. */
export const SUMMARY_COLUMNS = [
  'TimeGenerated',
  'EventTime_t',
  'NetworkProtocol_s',
  'DstPortNumber_d',
  'DstAppName_s',
  'NetworkDirection_s',
  'DvcAction_s',
  'count__d',
  'Type',
] as const;

/**
 * One `NetworkCustomAnalytics_protocol_CL` row as we write it. Datetimes are ISO-8601 UTC
 * strings. `DstPortNumber_d` is omitted when the port is null (the Data Collector API omits
 * null properties, K3).
 */
export interface SummaryRow {
  TimeGenerated: string;
  EventTime_t: string;
  NetworkProtocol_s: string;
  DstPortNumber_d?: number;
  DstAppName_s: string;
  NetworkDirection_s: string;
  DvcAction_s: string;
  count__d: number;
  Type: typeof SUMMARY_TABLE;
}

/** A summary row as read: the bucket, its key, its count and (if known) its ingestion time. */
export interface ParsedSummaryRow extends SessionKey {
  /** `EventTime_t`: bucket start, epoch ms. */
  eventTime: number;
  /** `TimeGenerated`: ingestion time, epoch ms; null when the row has none. */
  ingestedAt: number | null;
  /** `toint(count__d)`. */
  count: number;
}

/** A summary row that could not be used, with the reason. */
export interface SummaryRowReject {
  source: string;
  /** Where the row is: the position given by the caller (e.g. its line), else its 1-based index. */
  position: number;
  reason: string;
}

/**
 * Column aliases, first match wins: the Data Collector names (`_s`, `_d`, `_t` suffixes), the
 * same names with the ` [UTC]` suffix the Log Analytics portal puts on datetime columns of CSV
 * exports, and the unsuffixed names of the newer `NetworkSummary_Protocol_CL` (spec §e, D6).
 */
const ALIASES = {
  eventTime: ['EventTime_t', 'EventTime_t [UTC]', 'EventTime', 'EventTime [UTC]'],
  ingestedAt: ['TimeGenerated', 'TimeGenerated [UTC]'],
  proto: ['NetworkProtocol_s', 'NetworkProtocol'],
  port: ['DstPortNumber_d', 'DstPortNumber'],
  app: ['DstAppName_s', 'DstAppName'],
  dir: ['NetworkDirection_s', 'NetworkDirection'],
  action: ['DvcAction_s', 'DvcAction'],
  count: ['count__d', 'count_', 'Count'],
} as const;

function pick(row: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) {
    const v = row[n];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

const scratch: ParsedInstant = { ms: 0, subMs: false };

/**
 * Reads one summary row (plain column → value object; numbers may be strings, as from CSV).
 * Returns the reason when the row is unusable. Casts follow §e: Count and DstPortNumber are
 * `toint`-ed (truncated); an empty or non-numeric port is null.
 */
export function parseSummaryRow(row: Record<string, unknown>): ParsedSummaryRow | string {
  if (row === null || typeof row !== 'object') return 'not an object';
  const et = pick(row, ALIASES.eventTime);
  if (et === undefined || et === '') return 'EventTime_t is missing';
  if (!parseInstantInto(et, scratch)) return `EventTime_t ${JSON.stringify(et)} is not a date-time`;
  const eventTime = scratch.ms;
  let ingestedAt: number | null = null;
  const tg = pick(row, ALIASES.ingestedAt);
  if (tg !== undefined && tg !== '') {
    if (!parseInstantInto(tg, scratch)) return `TimeGenerated ${JSON.stringify(tg)} is not a date-time`;
    ingestedAt = scratch.ms;
  }
  const count = portNumber(pick(row, ALIASES.count));
  if (count === null) return `count__d ${JSON.stringify(pick(row, ALIASES.count) ?? null)} is missing or not a number`;
  return {
    eventTime,
    ingestedAt,
    count,
    NetworkProtocol: kqlString(pick(row, ALIASES.proto)),
    DstPortNumber: portNumber(pick(row, ALIASES.port)),
    DstAppName: kqlString(pick(row, ALIASES.app)),
    NetworkDirection: kqlString(pick(row, ALIASES.dir)),
    DvcAction: kqlString(pick(row, ALIASES.action)),
  };
}
