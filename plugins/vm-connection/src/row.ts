import { intField, isoTimeField, isoTimeMs, jsonField, numberField, stringField, type TableRow } from '@asimkit/sdk';

/** One VMConnection row (spec §3), typed. Counters are per reporting window, from the reporting machine's side. */
export interface VmConnectionRow {
  /** Start of the reporting window (epoch ms); undefined when the row has none. */
  timeMs?: number;
  Direction?: string;
  Computer?: string;
  Machine?: string;
  Process?: string;
  ProcessName?: string;
  SourceIp?: string;
  DestinationIp?: string;
  DestinationPort?: number;
  Protocol?: string;
  ConnectionId?: string;
  RemoteIp?: string;
  /** First name of RemoteDnsCanonicalNames, else of RemoteDnsQuestions. */
  remoteName?: string;
  RemoteCountry?: string;
  RemoteLatitude?: number;
  RemoteLongitude?: number;
  BytesSent?: number;
  BytesReceived?: number;
  LinksEstablished?: number;
  LinksTerminated?: number;
  LinksLive?: number;
  LinksFailed?: number;
  MaliciousIp?: string;
  IndicatorThreatType?: string;
  Severity?: number;
  Confidence?: number;
  IsActive?: boolean;
  FirstReportedMs?: number;
  LastReportedMs?: number;
  ReportReferenceLink?: string;
  _ResourceId?: string;
  Type?: string;
  /** Columns with no ASIM field, kept in AdditionalFields under their VMConnection names. */
  extra: Record<string, unknown>;
}

const COUNTERS = ['BytesSent', 'BytesReceived', 'LinksEstablished', 'LinksTerminated', 'LinksLive', 'LinksFailed'] as const;
const STRINGS = [
  'Direction', 'Computer', 'Machine', 'Process', 'ProcessName', 'SourceIp', 'DestinationIp', 'Protocol', 'ConnectionId', 'RemoteIp',
  'RemoteCountry', 'MaliciousIp', 'IndicatorThreatType', 'ReportReferenceLink', '_ResourceId', 'Type',
] as const;
/** The response-time heuristic (count, and milliseconds), kept in AdditionalFields as numbers. */
const RESPONSES = ['Responses', 'ResponseTimeSum', 'ResponseTimeMin', 'ResponseTimeMax'] as const;
/** Kept as they are in AdditionalFields: threat-intel text. */
const EXTRA = [
  'Description', 'TLPLevel', 'AdditionalInformation',
  'RemoteClassification',
] as const;

/** An exported VMConnection row (CSV cells are strings, JSON values typed) → VmConnectionRow. */
export function rowFromTable(t: TableRow): VmConnectionRow {
  const row: VmConnectionRow = { extra: {} };
  const r = row as unknown as Record<string, unknown>;
  for (const c of STRINGS) {
    const v = stringField(t, c);
    if (v !== undefined) r[c] = v;
  }
  for (const c of COUNTERS) {
    const v = intField(t, c, 0);
    if (v !== undefined) r[c] = v;
  }
  row.DestinationPort = intField(t, 'DestinationPort', 0, 65535);
  // a coordinate off the globe is no place: ASIM's Latitude and Longitude types hold -90..90 and -180..180
  row.RemoteLatitude = numberField(t, 'RemoteLatitude', -90, 90);
  row.RemoteLongitude = numberField(t, 'RemoteLongitude', -180, 180);
  row.timeMs = isoTimeField(t, 'TimeGenerated');
  row.remoteName = firstName(t, 'RemoteDnsCanonicalNames', row) ?? firstName(t, 'RemoteDnsQuestions', row);
  threatFields(t, row);
  for (const c of RESPONSES) {
    const v = intField(t, c, 0);
    if (v !== undefined) row.extra[c] = v;
  }
  for (const c of EXTRA) {
    const v = t[c];
    if (v !== undefined && v !== null && v !== '') row.extra[c] = v;
  }
  return row;
}

/**
 * The first name of a JSON-array column (`["a.example.com"]`), keeping the array in
 * AdditionalFields; text that is not a JSON array is kept there as it is.
 */
function firstName(t: TableRow, column: string, row: VmConnectionRow): string | undefined {
  const v = jsonField(t, column);
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length > 0) row.extra[column] = v;
    const first = v.find((n): n is string => typeof n === 'string' && n.trim() !== '');
    return first?.trim();
  }
  row.extra[column] = v;
  return undefined;
}

/**
 * Threat-intel enrichment (only on rows whose remote IP is known-malicious). `Confidence` is a
 * string column and the dates are text: a value that does not parse stays in AdditionalFields
 * rather than rejecting a session that is otherwise fine.
 */
function threatFields(t: TableRow, row: VmConnectionRow): void {
  row.Severity = intField(t, 'Severity', 0, 5);
  const confidence = stringField(t, 'Confidence');
  if (confidence !== undefined) {
    const n = /^\s*\d+\s*$/.test(confidence) ? Number(confidence) : Number.NaN;
    if (n >= 0 && n <= 100) row.Confidence = n;
    else row.extra.Confidence = confidence;
  }
  const active = stringField(t, 'IsActive');
  if (active !== undefined) {
    if (/^(true|false)$/i.test(active)) row.IsActive = active.toLowerCase() === 'true';
    else row.extra.IsActive = active;
  }
  for (const [column, key] of [['FirstReportedDateTime', 'FirstReportedMs'], ['LastReportedDateTime', 'LastReportedMs']] as const) {
    const text = stringField(t, column);
    if (text === undefined) continue;
    const ms = isoTimeMs(text);
    if (ms !== undefined) row[key] = ms;
    else row.extra[column] = text;
  }
}

