import { RecordRejected } from '../errors.js';
import { rejectPart, Skip, type RawDecoder, type RowCodec, type RowOutput, type SourceParser, type StreamContext, type TableRow } from '../parser.js';
import { scanIsoTimestamp, wallClockFor, WallClock, type SyslogEnvelope, type SyslogTimeOptions } from './syslog.js';
import { portalDateToIso } from './table-export.js';
import { canonicalIsoMillis, cellText } from '../values.js';

/**
 * The CommonSecurityLog table (Sentinel), as the CEF codec produces it from a raw line and as
 * `cslRowFromTable` produces it from an exported row. One row shape for both forms, so every CEF
 * plugin has one mapping. Spec: ../shared/spec/sources/_cef-and-commonsecuritylog.md §3–§5.
 *
 * Conventions:
 * - Columns are optional: absent means "not in the record". String columns keep `''` when the
 *   record had an empty value (`suser=`); use `isEmptyValue` for KQL `isempty()` semantics.
 * - int/long/real columns are numbers. A wire value that is not an integer leaves the column absent
 *   and stays in `AdditionalExtensionsKV` under its CEF key (spec §4).
 * - datetime columns (`TimeGenerated`, `StartTime`, `EndTime`) are ISO-8601 UTC strings.
 *   `ReceiptTime`, `DeviceCustomDate1/2`, `FlexDate1`, `FileCreateTime`... are string columns in
 *   Sentinel and keep the raw text; `cefTimestampToIso` (cef.ts) reads them.
 */
export type CommonSecurityLogRow = {
  // §3.5 columns set by the pipeline / Log Analytics (present in exports)
  /**
   * Sentinel: collection time. The CEF codec sets it from the syslog header timestamp (absent when
   * the line has no header); mappings prefer the record's own event time (rt/start/end).
   */
  TimeGenerated?: string;
  Type?: string;
  TenantId?: string;
  SourceSystem?: string;
  _ResourceId?: string;
  _ItemId?: string;
  CollectorHostName?: string;
  MG?: string;
  SimplifiedDeviceAction?: string;
  RemoteIP?: string;
  RemotePort?: string;
  MaliciousIP?: string;
  MaliciousIPCountry?: string;
  MaliciousIPLatitude?: number;
  MaliciousIPLongitude?: number;
  ThreatSeverity?: number;
  ThreatConfidence?: string;
  ThreatDescription?: string;
  IndicatorThreatType?: string;
  ReportReferenceLink?: string;

  // §3.1 header
  DeviceVendor?: string;
  DeviceProduct?: string;
  DeviceVersion?: string;
  DeviceEventClassID?: string;
  Activity?: string;
  LogSeverity?: string;
  OriginalLogSeverity?: string;
  /** The syslog host token (MS: "Host, from Syslog"). */
  Computer?: string;

  // §3.2 extension keys with dedicated columns
  DeviceAction?: string;
  ApplicationProtocol?: string;
  DeviceEventCategory?: string;
  EventCount?: number;
  DestinationDnsDomain?: string;
  DestinationServiceName?: string;
  DestinationTranslatedAddress?: string;
  DestinationTranslatedPort?: number;
  /** `0` inbound, `1` outbound (the digit, as stored). */
  CommunicationDirection?: string;
  DeviceDnsDomain?: string;
  DeviceExternalID?: string;
  DeviceFacility?: string;
  DeviceInboundInterface?: string;
  DeviceNtDomain?: string;
  DeviceOutboundInterface?: string;
  DevicePayloadId?: string;
  ProcessName?: string;
  DeviceTranslatedAddress?: string;
  DestinationHostName?: string;
  DestinationMACAddress?: string;
  DestinationNTDomain?: string;
  DestinationProcessId?: number;
  DestinationUserPrivileges?: string;
  DestinationProcessName?: string;
  DestinationPort?: number;
  DestinationIP?: string;
  DeviceTimeZone?: string;
  DestinationUserID?: string;
  DestinationUserName?: string;
  DeviceAddress?: string;
  DeviceName?: string;
  DeviceMacAddress?: string;
  ProcessID?: number;
  EndTime?: string;
  ExtID?: string;
  /** Legacy int column (before 2023-02-28); `externalId` fills it when the value is an integer. */
  ExternalID?: number;
  FileCreateTime?: string;
  FileHash?: string;
  FileID?: string;
  FileModificationTime?: string;
  FilePath?: string;
  FilePermission?: string;
  FileType?: string;
  FileName?: string;
  FileSize?: number;
  /** CEF `in`. Direction differs per vendor (spec §5): each plugin says which way it counts. */
  ReceivedBytes?: number;
  Message?: string;
  OldFileCreateTime?: string;
  OldFileHash?: string;
  OldFileID?: string;
  OldFileModificationTime?: string;
  OldFileName?: string;
  OldFilePath?: string;
  OldFilePermission?: string;
  OldFileSize?: number;
  OldFileType?: string;
  /** CEF `out`. Direction differs per vendor (spec §5). */
  SentBytes?: number;
  EventOutcome?: string;
  /** Text (`tcp`) or IANA number (`6`), as the vendor sends it. */
  Protocol?: string;
  Reason?: string;
  RequestURL?: string;
  RequestClientApplication?: string;
  RequestContext?: string;
  RequestCookies?: string;
  RequestMethod?: string;
  /** CEF `rt`, raw text (epoch ms/s or a date); `cefTimestampToIso` reads it. */
  ReceiptTime?: string;
  SourceHostName?: string;
  SourceMACAddress?: string;
  SourceNTDomain?: string;
  SourceDnsDomain?: string;
  SourceServiceName?: string;
  SourceTranslatedAddress?: string;
  SourceTranslatedPort?: number;
  SourceProcessId?: number;
  SourceUserPrivileges?: string;
  SourceProcessName?: string;
  SourcePort?: number;
  SourceIP?: string;
  StartTime?: string;
  SourceUserID?: string;
  SourceUserName?: string;
  /** CEF `type`: 0 base, 1 aggregated, 2 correlation, 3 action. */
  EventType?: number;

  // §3.3 custom / flex
  DeviceCustomString1?: string;
  DeviceCustomString1Label?: string;
  DeviceCustomString2?: string;
  DeviceCustomString2Label?: string;
  DeviceCustomString3?: string;
  DeviceCustomString3Label?: string;
  DeviceCustomString4?: string;
  DeviceCustomString4Label?: string;
  DeviceCustomString5?: string;
  DeviceCustomString5Label?: string;
  DeviceCustomString6?: string;
  DeviceCustomString6Label?: string;
  FieldDeviceCustomNumber1?: number;
  FieldDeviceCustomNumber2?: number;
  FieldDeviceCustomNumber3?: number;
  DeviceCustomNumber1?: number;
  DeviceCustomNumber1Label?: string;
  DeviceCustomNumber2?: number;
  DeviceCustomNumber2Label?: string;
  DeviceCustomNumber3?: number;
  DeviceCustomNumber3Label?: string;
  DeviceCustomIPv6Address1?: string;
  DeviceCustomIPv6Address1Label?: string;
  DeviceCustomIPv6Address2?: string;
  DeviceCustomIPv6Address2Label?: string;
  DeviceCustomIPv6Address3?: string;
  DeviceCustomIPv6Address3Label?: string;
  DeviceCustomIPv6Address4?: string;
  DeviceCustomIPv6Address4Label?: string;
  DeviceCustomFloatingPoint1?: number;
  DeviceCustomFloatingPoint1Label?: string;
  DeviceCustomFloatingPoint2?: number;
  DeviceCustomFloatingPoint2Label?: string;
  DeviceCustomFloatingPoint3?: number;
  DeviceCustomFloatingPoint3Label?: string;
  DeviceCustomFloatingPoint4?: number;
  DeviceCustomFloatingPoint4Label?: string;
  DeviceCustomDate1?: string;
  DeviceCustomDate1Label?: string;
  DeviceCustomDate2?: string;
  DeviceCustomDate2Label?: string;
  FlexString1?: string;
  FlexString1Label?: string;
  FlexString2?: string;
  FlexString2Label?: string;
  FlexNumber1?: number;
  FlexNumber1Label?: string;
  FlexNumber2?: number;
  FlexNumber2Label?: string;
  FlexDate1?: string;
  FlexDate1Label?: string;

  // §3.4 catch-all
  /** Every key without a column, `key=value` joined by `;`, wire order, values unescaped (as MS stores it). */
  AdditionalExtensions?: string;

  // Ours (not Sentinel columns)
  /** `AdditionalExtensions` as ordered pairs (duplicates preserved), so plugins never re-split. */
  AdditionalExtensionsKV?: [string, string][];
  /** Keys with a column that occurred more than once in the extension (the last occurrence fills the column). */
  DuplicateKeys?: string[];
  /**
   * The earlier occurrences those repeats overwrote, `[key, value]` in wire order (Zscaler's firewall
   * template sends `cs5`/`cs5Label` twice: threat category, then IP category). Raw form only.
   */
  ShadowedValues?: [string, string][];
  /** The syslog envelope, when the row was decoded from a raw line that had one. */
  __syslog?: SyslogEnvelopeInfo;
  /**
   * The zone the decoder read zone-less times in (its `timezone` option), when not UTC. Mappings
   * read the row's other zone-less times (`rt`...) the same way: see `cslTimeOptions`.
   */
  __timezone?: string;
};

/** What the syslog envelope in front of a CEF payload said (RFC 3164 / 5424): see `SyslogEnvelope`. */
export type SyslogEnvelopeInfo = Pick<SyslogEnvelope, 'pri' | 'facility' | 'severity' | 'timestamp' | 'host' | 'app'>;

/** The `__syslog` of a row a plugin's own decoder builds from a parsed envelope (PRI, time, host, app). */
export function syslogEnvelopeInfo(envelope: SyslogEnvelope): SyslogEnvelopeInfo {
  return {
    pri: envelope.pri,
    facility: envelope.facility,
    severity: envelope.severity,
    timestamp: envelope.timestamp,
    host: envelope.host,
    app: envelope.app,
  };
}

/**
 * Sets `AdditionalExtensionsKV` to the pairs (wire order) and `AdditionalExtensions` to them joined
 * as `key=value;...`, as the CEF decoder stores keys without a column; nothing when there are none.
 * For decoders of a vendor's native format that build the CEF row themselves.
 */
export function setAdditionalExtensions(row: CommonSecurityLogRow, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  row.AdditionalExtensionsKV = pairs;
  row.AdditionalExtensions = pairs.map(([k, v]) => `${k}=${v}`).join(';');
}

/** A CommonSecurityLog column name (Sentinel columns only, not our extras). */
export type CommonSecurityLogColumn = Exclude<
  keyof CommonSecurityLogRow,
  'AdditionalExtensionsKV' | 'DuplicateKeys' | 'ShadowedValues' | '__syslog' | '__timezone'
>;

/** How the table types a column. */
export type CslColumnType = 'string' | 'int' | 'long' | 'real' | 'datetime';

const NUM: Partial<Record<CommonSecurityLogColumn, CslColumnType>> = {
  EventCount: 'int',
  DestinationTranslatedPort: 'int',
  DestinationProcessId: 'int',
  DestinationPort: 'int',
  ProcessID: 'int',
  ExternalID: 'int',
  FileSize: 'int',
  OldFileSize: 'int',
  SourceTranslatedPort: 'int',
  SourceProcessId: 'int',
  SourcePort: 'int',
  EventType: 'int',
  ThreatSeverity: 'int',
  FlexNumber1: 'int',
  FlexNumber2: 'int',
  DeviceCustomNumber1: 'int',
  DeviceCustomNumber2: 'int',
  DeviceCustomNumber3: 'int',
  ReceivedBytes: 'long',
  SentBytes: 'long',
  FieldDeviceCustomNumber1: 'long',
  FieldDeviceCustomNumber2: 'long',
  FieldDeviceCustomNumber3: 'long',
  DeviceCustomFloatingPoint1: 'real',
  DeviceCustomFloatingPoint2: 'real',
  DeviceCustomFloatingPoint3: 'real',
  DeviceCustomFloatingPoint4: 'real',
  MaliciousIPLatitude: 'real',
  MaliciousIPLongitude: 'real',
  TimeGenerated: 'datetime',
  StartTime: 'datetime',
  EndTime: 'datetime',
};

/** The table type of a column; `string` for every column not listed as numeric or datetime. */
export function cslColumnType(column: string): CslColumnType {
  return NUM[column as CommonSecurityLogColumn] ?? 'string';
}

/** A CEF extension key that has a CommonSecurityLog column. */
export interface CefKeyColumn {
  readonly column: CommonSecurityLogColumn;
  readonly type: CslColumnType;
  /** A second column the key also fills (`cnN` → legacy `DeviceCustomNumberN`, `externalId` → `ExternalID`). */
  readonly also?: CommonSecurityLogColumn;
}

/** Spec §3.2: short CEF keys with a dedicated column (case-sensitive). */
const DEDICATED: Readonly<Record<string, CommonSecurityLogColumn>> = {
  act: 'DeviceAction',
  app: 'ApplicationProtocol',
  cat: 'DeviceEventCategory',
  cnt: 'EventCount',
  destinationDnsDomain: 'DestinationDnsDomain',
  destinationServiceName: 'DestinationServiceName',
  destinationTranslatedAddress: 'DestinationTranslatedAddress',
  destinationTranslatedPort: 'DestinationTranslatedPort',
  deviceDirection: 'CommunicationDirection',
  deviceDnsDomain: 'DeviceDnsDomain',
  deviceExternalId: 'DeviceExternalID',
  deviceFacility: 'DeviceFacility',
  deviceInboundInterface: 'DeviceInboundInterface',
  deviceNtDomain: 'DeviceNtDomain',
  deviceOutboundInterface: 'DeviceOutboundInterface',
  devicePayloadId: 'DevicePayloadId',
  deviceProcessName: 'ProcessName',
  deviceTranslatedAddress: 'DeviceTranslatedAddress',
  dhost: 'DestinationHostName',
  dmac: 'DestinationMACAddress',
  dntdom: 'DestinationNTDomain',
  dpid: 'DestinationProcessId',
  dpriv: 'DestinationUserPrivileges',
  dproc: 'DestinationProcessName',
  dpt: 'DestinationPort',
  dst: 'DestinationIP',
  dtz: 'DeviceTimeZone',
  duid: 'DestinationUserID',
  duser: 'DestinationUserName',
  dvc: 'DeviceAddress',
  dvchost: 'DeviceName',
  dvcmac: 'DeviceMacAddress',
  dvcpid: 'ProcessID',
  end: 'EndTime',
  externalId: 'ExtID',
  fileCreateTime: 'FileCreateTime',
  fileHash: 'FileHash',
  fileId: 'FileID',
  fileModificationTime: 'FileModificationTime',
  filePath: 'FilePath',
  filePermission: 'FilePermission',
  fileType: 'FileType',
  fname: 'FileName',
  fsize: 'FileSize',
  in: 'ReceivedBytes',
  msg: 'Message',
  oldFileCreateTime: 'OldFileCreateTime',
  oldFileHash: 'OldFileHash',
  oldFileId: 'OldFileID',
  oldFileModificationTime: 'OldFileModificationTime',
  oldFileName: 'OldFileName',
  oldFilePath: 'OldFilePath',
  oldFilePermission: 'OldFilePermission',
  oldFileSize: 'OldFileSize',
  oldFileType: 'OldFileType',
  out: 'SentBytes',
  outcome: 'EventOutcome',
  proto: 'Protocol',
  reason: 'Reason',
  request: 'RequestURL',
  requestClientApplication: 'RequestClientApplication',
  requestContext: 'RequestContext',
  requestCookies: 'RequestCookies',
  requestMethod: 'RequestMethod',
  rt: 'ReceiptTime',
  shost: 'SourceHostName',
  smac: 'SourceMACAddress',
  sntdom: 'SourceNTDomain',
  sourceDnsDomain: 'SourceDnsDomain',
  sourceServiceName: 'SourceServiceName',
  sourceTranslatedAddress: 'SourceTranslatedAddress',
  sourceTranslatedPort: 'SourceTranslatedPort',
  spid: 'SourceProcessId',
  spriv: 'SourceUserPrivileges',
  sproc: 'SourceProcessName',
  spt: 'SourcePort',
  src: 'SourceIP',
  start: 'StartTime',
  suid: 'SourceUserID',
  suser: 'SourceUserName',
  type: 'EventType',
};

/** Spec §3.3: custom/flex value keys and their label keys. */
function customKeys(): [string, CommonSecurityLogColumn, CommonSecurityLogColumn?][] {
  const out: [string, CommonSecurityLogColumn, CommonSecurityLogColumn?][] = [];
  const pair = (key: string, column: string, also?: string) => {
    out.push([key, column as CommonSecurityLogColumn, also as CommonSecurityLogColumn | undefined]);
  };
  for (let i = 1; i <= 6; i++) {
    pair(`cs${i}`, `DeviceCustomString${i}`);
    pair(`cs${i}Label`, `DeviceCustomString${i}Label`);
  }
  for (let i = 1; i <= 3; i++) {
    pair(`cn${i}`, `FieldDeviceCustomNumber${i}`, `DeviceCustomNumber${i}`);
    pair(`cn${i}Label`, `DeviceCustomNumber${i}Label`);
  }
  for (let i = 1; i <= 4; i++) {
    pair(`c6a${i}`, `DeviceCustomIPv6Address${i}`);
    pair(`c6a${i}Label`, `DeviceCustomIPv6Address${i}Label`);
    pair(`cfp${i}`, `DeviceCustomFloatingPoint${i}`);
    pair(`cfp${i}Label`, `DeviceCustomFloatingPoint${i}Label`);
  }
  for (let i = 1; i <= 2; i++) {
    pair(`deviceCustomDate${i}`, `DeviceCustomDate${i}`);
    pair(`deviceCustomDate${i}Label`, `DeviceCustomDate${i}Label`);
    pair(`flexString${i}`, `FlexString${i}`);
    pair(`flexString${i}Label`, `FlexString${i}Label`);
    pair(`flexNumber${i}`, `FlexNumber${i}`);
    pair(`flexNumber${i}Label`, `FlexNumber${i}Label`);
  }
  pair('flexDate1', 'FlexDate1');
  pair('flexDate1Label', 'FlexDate1Label');
  return out;
}

/**
 * The exact CEF key → CommonSecurityLog column mapping (spec §3.2, §3.3), case-sensitive. A key
 * not in this map goes to `AdditionalExtensions` (§3.4).
 */
export const CEF_KEY_COLUMNS: ReadonlyMap<string, CefKeyColumn> = (() => {
  const m = new Map<string, CefKeyColumn>();
  for (const key in DEDICATED) {
    const column = DEDICATED[key]!;
    m.set(key, key === 'externalId' ? { column, type: 'string', also: 'ExternalID' } : { column, type: cslColumnType(column) });
  }
  for (const [key, column, also] of customKeys()) {
    m.set(key, also ? { column, type: cslColumnType(column), also } : { column, type: cslColumnType(column) });
  }
  return m;
})();

/** The column a CEF key fills, or undefined when it belongs in AdditionalExtensions. */
export function cefKeyColumn(key: string): CefKeyColumn | undefined {
  return CEF_KEY_COLUMNS.get(key);
}

// ---------------------------------------------------------------------------------------------
// Table form

/**
 * Splits an exported `AdditionalExtensions` string into ordered pairs (spec §3.4): pair delimiter
 * `;`, key/value split at the first `=`, one leading space trimmed from keys. A segment without
 * `=` is kept as a key with an empty value.
 */
export function parseAdditionalExtensions(text: string): [string, string][] {
  const out: [string, string][] = [];
  if (text === '') return out;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf(';', start);
    if (end < 0) end = n;
    if (end > start) {
      let ks = start;
      if (text.charCodeAt(ks) === 32) ks++;
      const eq = text.indexOf('=', ks);
      if (eq < 0 || eq > end) {
        if (end > ks) out.push([text.slice(ks, end), '']);
      } else out.push([text.slice(ks, eq), text.slice(eq + 1, end)]);
    }
    start = end + 1;
  }
  return out;
}

/** First value of `key` in the row's AdditionalExtensions pairs (KQL `parse-kv` semantics: first wins). */
export function additionalExtension(row: CommonSecurityLogRow, key: string): string | undefined {
  const kv = row.AdditionalExtensionsKV;
  if (kv === undefined) return undefined;
  for (let i = 0; i < kv.length; i++) if (kv[i]![0] === key) return kv[i]![1];
  return undefined;
}

/**
 * The class of rows our decoders build (`CefRowDecoder`): they are typed already, so
 * `cslRowFromTable` passes them through instead of copying them. Plain objects otherwise.
 */
export class DecodedCslRow {}

/**
 * An exported CommonSecurityLog row (CSV cells are strings; JSON exports carry numbers) → typed
 * row. Idempotent: a row the CEF codec produced passes through unchanged in value. Unknown export
 * columns (Log Analytics adds some over time) are kept as strings. Empty cells are left absent: an
 * export cannot tell `''` from null (KQL strings are never null), and `isEmptyValue` treats both
 * alike.
 *
 * Throws `RecordRejected('bad-value')` when a numeric or datetime cell is not one.
 */
export function cslRowFromTable(row: TableRow): CommonSecurityLogRow {
  if (row instanceof DecodedCslRow) return row as CommonSecurityLogRow;
  const out: Record<string, unknown> = {};
  for (const column in row) {
    const v = row[column];
    if (v === undefined || v === null || v === '') continue;
    if (column === 'AdditionalExtensionsKV' || column === 'DuplicateKeys' || column === 'ShadowedValues' || column === '__syslog' || column === '__timezone') {
      out[column] = v;
      continue;
    }
    const type = NUM[column as CommonSecurityLogColumn];
    if (type === undefined) {
      out[column] = cellText(v);
    } else if (type === 'datetime') {
      out[column] = tableDate(column, v);
    } else {
      out[column] = tableNumber(column, v, type);
    }
  }
  const typed = out as CommonSecurityLogRow;
  if (typed.AdditionalExtensionsKV === undefined && typed.AdditionalExtensions !== undefined) {
    typed.AdditionalExtensionsKV = parseAdditionalExtensions(typed.AdditionalExtensions);
  }
  return typed;
}

function tableNumber(column: string, v: unknown, type: CslColumnType): number {
  if (typeof v === 'number') {
    if (type !== 'real' && !Number.isSafeInteger(v)) throw badTableValue(column, String(v), type);
    return v;
  }
  const s = cellText(v).trim();
  const n = typeof v === 'object' ? NaN : type === 'real' ? Number(s.replace(/,/g, '')) : intValue(s.replace(/,/g, ''));
  if (s === '' || !Number.isFinite(n)) throw badTableValue(column, s, type);
  return n;
}

const UTC = new WallClock(undefined);
const isoOut = { t: 0 };

/** Export datetimes: ISO (zone-less = UTC, as Log Analytics writes them), portal `3/30/2022, 10:52:35.857 AM`, epoch ms. */
function tableDate(column: string, v: unknown): string {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else {
    const s = portalDateToIso(cellText(v).trim());
    ms = scanIsoTimestamp(s, 0, UTC, isoOut) === s.length ? isoOut.t : Date.parse(s);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw badTableValue(column, cellText(v), 'datetime');
  return new Date(ms).toISOString();
}

function badTableValue(column: string, value: string, type: CslColumnType): RecordRejected {
  return new RecordRejected('bad-value', `CommonSecurityLog column ${column} "${value}" is not a valid ${type}`);
}

/** Decimal integer text → number (NaN when not one, or beyond 2^53). No regex, no allocation. */
export function intValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > 20) return Number.NaN;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    neg = c0 === 45;
    i = 1;
    if (n === 1) return Number.NaN;
  }
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  if (!Number.isSafeInteger(v)) return Number.NaN;
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// Claims and descriptions (shared table routing)

/** KQL-style string test: a string is `==` (case-sensitive), a list is "any of", a function is custom. */
export type CslStringTest = string | readonly string[] | ((value: string) => boolean);

/** KQL `=~`: case-insensitive equality. */
export const equalsIgnoreCase =
  (expected: string) =>
  (value: string): boolean =>
    value.length === expected.length && value.toLowerCase() === expected.toLowerCase();

/** KQL `startswith`: case-insensitive prefix. */
export const startsWithIgnoreCase =
  (prefix: string) =>
  (value: string): boolean =>
    value.length >= prefix.length && value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();

function testString(test: CslStringTest, value: string): boolean {
  if (typeof test === 'string') return value === test;
  if (typeof test === 'function') return test(value);
  return test.includes(value);
}

/**
 * A `claimsRow` for a CommonSecurityLog source, by the `DeviceVendor` / `DeviceProduct` filter
 * its ASIM parser uses, e.g. `claimsByVendorProduct('Zscaler', 'NSSFWlog')` or
 * `claimsByVendorProduct('Fortinet', startsWithIgnoreCase('FortiGate'))`. Works on raw-codec rows
 * and exported rows alike (both carry the two columns as strings).
 */
export function claimsByVendorProduct(vendor: CslStringTest, product?: CslStringTest): (row: TableRow) => boolean {
  return (row) => {
    const v = row.DeviceVendor;
    if (typeof v !== 'string' || !testString(vendor, v)) return false;
    if (product === undefined) return true;
    const p = row.DeviceProduct;
    return typeof p === 'string' && testString(product, p);
  };
}

/** `DeviceVendor/DeviceProduct Acme/Box`: how the pipeline names a row no enabled plugin claims. */
export function describeCslRow(row: TableRow): string {
  const v = row.DeviceVendor;
  const p = row.DeviceProduct;
  return `DeviceVendor/DeviceProduct ${cellText(v) || '(none)'}/${cellText(p) || '(none)'}`;
}

/** KQL `isempty()`: absent, null or `''`. */
export function isEmptyValue(v: unknown): v is undefined | null | '' {
  return v === undefined || v === null || v === '';
}

// ---------------------------------------------------------------------------------------------
// Raw form through the shared codec, and time options (value helpers: csl-values.ts)

/**
 * The raw-form decoder of a plugin that reads its lines through a shared codec (e.g. `cef-syslog`):
 * line → codec row → the plugin's `claimsRow` (rows it does not claim are skipped as
 * `not a <id> row`, as the pipeline does with `--source`) → `fromTableRow`. Lets such a plugin offer
 * `createDecoder` (for `--source` and golden tests) with exactly the codec path's behaviour.
 */
export class DecoderViaCodec<Row, Options> implements RawDecoder<Row>, RowOutput<TableRow> {
  private readonly inner: RawDecoder<TableRow>;
  private readonly notClaimed: string;
  private out: RowOutput<Row> | undefined;

  constructor(
    codec: RowCodec<Options>,
    private readonly parser: Pick<SourceParser<Row, Options>, 'id' | 'claimsRow' | 'fromTableRow'>,
    private readonly ctx: StreamContext<Options>,
  ) {
    this.inner = codec.createDecoder(ctx);
    this.notClaimed = `not a ${parser.id} row`;
  }

  decode(text: string, out: RowOutput<Row>): void {
    this.out = out;
    this.inner.decode(text, this);
  }

  /** @internal a codec row */
  row(row: TableRow): void {
    const out = this.out!;
    if (this.parser.claimsRow !== undefined && !this.parser.claimsRow(row)) return out.skip(this.notClaimed);
    const r = this.parser.fromTableRow!(row, this.ctx);
    if (r instanceof Skip) out.skip(r.reason);
    else out.row(r);
  }

  /** @internal */
  skip(reason: string): void {
    this.out!.skip(reason);
  }

  /** @internal */
  reject(reason: string, detail: string): void {
    rejectPart(this.out!, reason, detail);
  }
}

/**
 * How to read a row's zone-less, year-less times (`rt=Jul 16 10:32:04`, `Mar 16 2023 20:15:40`):
 * the zone is the plugin's `timezone` option, else the one the decoder used (`__timezone`, e.g.
 * `--opt cef-syslog.timezone=...` when the codec routed the row), else UTC; the year comes from
 * the row's own TimeGenerated (syslog header or collection time), else the stream's receive time.
 */
export function cslTimeOptions(row: CommonSecurityLogRow, ctx: { readonly options: unknown; readonly receivedAt: string }): SyslogTimeOptions {
  const t = row.TimeGenerated;
  // a syslog header's time is toISOString's text: read by arithmetic, not Date.parse (~0.5 µs a row)
  return cslTimeOptionsAt(t === undefined ? Number.NaN : (canonicalIsoMillis(t) ?? Date.parse(t)), row.__timezone, ctx);
}

/** `cslTimeOptions` of a row whose TimeGenerated is `timeGeneratedMs` in epoch ms (NaN: none or unparseable) and whose `__timezone` is `rowZone`. */
export function cslTimeOptionsAt(timeGeneratedMs: number, rowZone: string | undefined, ctx: { readonly options: unknown; readonly receivedAt: string }): SyslogTimeOptions {
  const opts = ctx.options as { timezone?: unknown } | undefined;
  const zone = typeof opts?.timezone === 'string' && opts.timezone !== '' ? opts.timezone : rowZone;
  let ref = timeGeneratedMs;
  if (Number.isNaN(ref)) ref = Date.parse(ctx.receivedAt);
  return { clock: wallClockFor(zone), referenceMs: Number.isNaN(ref) ? Date.now() : ref };
}
