import { RecordRejected } from '../errors.js';
import type { JsonObject, TableRow } from '../parser.js';
import { wallClockFor, type WallClock } from './syslog.js';
import { frameXmlText, looksLikeXmlEvents } from './xml-framer.js';
import { parseXml, XmlSyntaxError, xmlChild, type XmlElement } from './xml.js';

/**
 * One model for a Windows (or Sysmon) event, whatever envelope it came in: `<Event>` XML (wevtutil,
 * Get-WinEvent, forwarded events with RenderingInfo, Sysmon for Linux inside a syslog line), a
 * SecurityEvent row (EventData XML column, or flattened columns), a WindowsEvent row (EventData a
 * JSON property bag), an Event row (the legacy agent's `<DataItem>` XML), NXLog JSON from a Windows
 * Event Collector (flat fields), Winlogbeat (`winlog.event_data`), and flat JSON events (OTRF). The
 * plugins map from this model only.
 */
export interface HostEvent {
  /** `EventID` (the low 16 bits as rendered; Qualifiers are not part of it). Undefined when absent. */
  readonly eventId: number | undefined;
  /** Provider name (`Microsoft-Windows-Security-Auditing`, `Microsoft-Windows-Sysmon`, `Linux-Sysmon`). */
  readonly provider?: string;
  /** Channel (`Security`, `Microsoft-Windows-Sysmon/Operational`, `Linux-Sysmon/Operational`). */
  readonly channel?: string;
  /** The host that logged the event (`<Computer>`; for forwarded events the source host, not the collector). */
  readonly computer?: string;
  /** When the event was created (`TimeCreated/@SystemTime`, or the envelope's UTC event time), epoch ms. */
  readonly timeMs?: number;
  /** Where `timeMs` came from (`SystemTime`, `TimeGenerated`, `EventTime`, `@timestamp`). */
  readonly timeSource?: string;
  /** Set when `timeMs` is not the event's own creation time (NXLog's shipper time): mappings put it in AdditionalFields.TimeGeneratedSource. */
  readonly timeNote?: string;
  /** `EventRecordID` as text. */
  readonly recordId?: string;
  /** `Keywords` as written (`0x8020000000000000`, or NXLog's signed decimal). */
  readonly keywords?: string;
  /** `Version` and `Task` as written. */
  readonly version?: string;
  readonly task?: string;
  /** The `<Data Name=...>` values by name (case as written), `UserData` leaves likewise. */
  readonly data: EventData;
  /** Which envelope it came in. */
  readonly envelope: HostEventEnvelope;
  /** `RenderingInfo/@Culture` when the XML carried rendering info (forwarded events in RenderedText format). */
  readonly renderingCulture?: string;
  /** The rendered message, when the envelope carried one (RenderingInfo, NXLog `Message`). */
  readonly message?: string;
  /** Envelope extras: NXLog's collector host (`collector`), a table row's `_ResourceId`. */
  readonly extra?: Readonly<Record<string, string>>;
}

export type HostEventEnvelope = 'xml' | 'SecurityEvent' | 'WindowsEvent' | 'Event' | 'nxlog' | 'winlogbeat' | 'flat';

/** `<Data Name=...>` values. Look values up with `eventDataValue` (exact name, then any case). */
export type EventData = Readonly<Record<string, string>>;

/**
 * The value of data field `name`, matched exactly, else case-insensitively (5156's `ProcessID` is
 * `ProcessId` elsewhere, and collectors rename). Undefined when absent.
 */
export function eventDataValue(data: EventData, name: string): string | undefined {
  const exact = data[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const k in data) if (k.length === name.length && k.toLowerCase() === lower) return data[k];
  return undefined;
}

// ---- time -------------------------------------------------------------------------------------

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An event timestamp → epoch ms: ISO-8601 with up to 9 fractional digits (`SystemTime`
 * `2015-09-22T05:24:22.622090200Z`, Sysmon `UtcTime` `2021-10-24 17:05:46.834`, the WindowsEvent
 * table's `2022-05-13T08:54:05.1230000Z`). A zone-less value is read on `zoneless` (default UTC:
 * Sysmon's UtcTime and Windows' SystemTime are UTC by definition). Fractions below a millisecond
 * are truncated. NaN when it is not a valid timestamp.
 */
export function eventTimestampMs(text: string, zoneless: WallClock = wallClockFor(undefined)): number {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (new Date(wall).getUTCDate() !== day) return Number.NaN;
  if (zone === undefined) return zoneless.toEpoch(Number(y), month - 1, day, hour, minute, second, ms);
  if (zone === 'Z') return wall;
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function requiredTime(text: string, what: string): number {
  const ms = eventTimestampMs(text);
  if (Number.isNaN(ms)) throw new RecordRejected('bad-time', `${what} "${text}" is not a valid timestamp`);
  return ms;
}

// ---- XML ----------------------------------------------------------------------------------------

/** Parses XML, turning a syntax error into a rejection (`xml`). */
export function parseEventXml(xml: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new RecordRejected('xml', `malformed event XML: ${err.message}`);
    throw err;
  }
}

/**
 * One `<Event>` document → HostEvent. Rejects (`xml`) what is not well-formed, (`not-an-event`) a
 * root other than `Event`, (`bad-time`) a `SystemTime` that is present but not a time.
 */
export function hostEventFromXml(xml: string): HostEvent {
  const root = parseEventXml(xml);
  if (root.name !== 'Event') throw new RecordRejected('not-an-event', `the XML root is <${root.name}>, not <Event>`);
  return hostEventFromElement(root);
}

/** An `<Event>` element → HostEvent. */
export function hostEventFromElement(root: XmlElement): HostEvent {
  const system = xmlChild(root, 'System');
  const data: Record<string, string> = {};
  let renderingCulture: string | undefined;
  let message: string | undefined;
  for (const part of root.children) {
    if (part.name === 'EventData') readEventData(part, data);
    else if (part.name === 'UserData') for (const c of part.children) readLeaves(c, data);
    else if (part.name === 'RenderingInfo') {
      renderingCulture = part.attrs?.Culture ?? '';
      const m = xmlChild(part, 'Message');
      if (m !== undefined && m.text !== '') message = m.text;
    }
  }
  const ev: Mutable<HostEvent> = { eventId: undefined, data, envelope: 'xml' };
  if (system !== undefined) readSystem(system, ev);
  if (renderingCulture !== undefined) ev.renderingCulture = renderingCulture;
  if (message !== undefined) ev.message = message;
  return ev;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function readSystem(system: XmlElement, ev: Mutable<HostEvent>): void {
  for (const c of system.children) {
    switch (c.name) {
      case 'Provider':
        if (c.attrs?.Name !== undefined) ev.provider = c.attrs.Name;
        else if (c.attrs?.EventSourceName !== undefined) ev.provider = c.attrs.EventSourceName;
        break;
      case 'EventID':
        ev.eventId = eventIdOf(c.text.trim());
        break;
      case 'Version':
        ev.version = c.text.trim();
        break;
      case 'Task':
        ev.task = c.text.trim();
        break;
      case 'Keywords':
        ev.keywords = c.text.trim();
        break;
      case 'TimeCreated': {
        const t = c.attrs?.SystemTime;
        if (t !== undefined && t !== '') {
          ev.timeMs = requiredTime(t, 'TimeCreated/@SystemTime');
          ev.timeSource = 'SystemTime';
        }
        break;
      }
      case 'EventRecordID':
        ev.recordId = c.text.trim();
        break;
      case 'Channel':
        ev.channel = c.text.trim();
        break;
      case 'Computer':
        ev.computer = c.text.trim();
        break;
    }
  }
}

function eventIdOf(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new RecordRejected('bad-value', `EventID "${text}" is not an event id`);
  return Number(text);
}

function readEventData(el: XmlElement, data: Record<string, string>): void {
  let unnamed = 0;
  for (const d of el.children) {
    if (d.name !== 'Data') continue;
    const name = d.attrs?.Name;
    if (name !== undefined && name !== '') data[name] = d.text;
    else data[`Data${++unnamed}`] = d.text;
  }
}

/** UserData: `<UserData><X xmlns=...><A>1</A><B>2</B></X></UserData>` → A, B. */
function readLeaves(el: XmlElement, data: Record<string, string>): void {
  for (const c of el.children) {
    if (c.children.length === 0) data[c.name] = c.text;
    else readLeaves(c, data);
  }
}

/**
 * An `EventData` column's XML → the data: SecurityEvent's `<EventData xmlns=...><Data Name=...>`,
 * the Event table's `<DataItem ...><EventData>...</EventData></DataItem>`, or a whole `<Event>`.
 */
export function eventDataFromXml(xml: string): Record<string, string> {
  const root = parseEventXml(xml);
  if (root.name === 'Event') return { ...hostEventFromElement(root).data };
  const data: Record<string, string> = {};
  if (root.name === 'DataItem') {
    // the Event table (legacy agent): <DataItem type="System.XmlData" ...><EventData ...>...</EventData></DataItem>
    const inner = xmlChild(root, 'EventData') ?? xmlChild(root, 'UserData');
    if (inner?.name === 'EventData') readEventData(inner, data);
    else if (inner !== undefined) for (const c of inner.children) readLeaves(c, data);
    return data;
  }
  if (root.name === 'EventData') readEventData(root, data);
  else if (root.name === 'UserData') for (const c of root.children) readLeaves(c, data);
  else throw new RecordRejected('xml', `the EventData column holds <${root.name}>, not <EventData>`);
  return data;
}

// ---- table rows -----------------------------------------------------------------------------------

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  return s === '' ? undefined : s;
}

function rowEventId(v: unknown): number | undefined {
  const s = str(v)?.trim();
  return s === undefined ? undefined : eventIdOf(s);
}

/** Columns that are a Sentinel table's own, never event data (so flattened rows do not mistake them for it). */
const SECURITY_EVENT_SYSTEM_COLUMNS = new Set([
  'TenantId', 'TimeGenerated', 'SourceSystem', 'Computer', 'EventSourceName', 'Channel', 'Task', 'Level', 'EventData', 'EventID',
  'Activity', 'SourceComputerId', 'EventOriginId', 'MG', 'TimeCollected', 'ManagementGroupName', 'Type', '_ResourceId',
  '_SubscriptionId', '_ItemId', 'Keywords', 'EventRecordId', 'EventRecordID', 'Version', 'Opcode',
]);

/**
 * A SecurityEvent row (Log Analytics export; CSV cells are strings) → HostEvent. The data come from
 * the `EventData` XML column when it is set, else from the row's other columns (exports that flatten
 * EventData). Time: the row's `TimeGenerated` (the event's creation time, UTC).
 */
export function hostEventFromSecurityEventRow(row: TableRow): HostEvent {
  const xml = str(row.EventData);
  let data: Record<string, string>;
  if (xml !== undefined && xml.trimStart().startsWith('<')) data = eventDataFromXml(xml);
  else {
    data = {};
    for (const k in row) if (!SECURITY_EVENT_SYSTEM_COLUMNS.has(k)) setData(data, k, row[k]);
  }
  return withRowSystem({ eventId: rowEventId(row.EventID), data, envelope: 'SecurityEvent' }, row, str(row.EventSourceName) ?? str(row.Provider));
}

function setData(data: Record<string, string>, k: string, v: unknown): void {
  const s = str(v);
  if (s !== undefined) data[k] = s;
}

function withRowSystem(ev: Mutable<HostEvent>, row: TableRow, provider: string | undefined): HostEvent {
  if (provider !== undefined) ev.provider = provider;
  const channel = str(row.Channel);
  if (channel !== undefined) ev.channel = channel;
  const computer = str(row.Computer);
  if (computer !== undefined) ev.computer = computer;
  const time = str(row.TimeGenerated);
  if (time !== undefined) {
    ev.timeMs = requiredTime(time, 'TimeGenerated');
    ev.timeSource = 'TimeGenerated';
  }
  const recordId = str(row.EventRecordId) ?? str(row.EventRecordID);
  if (recordId !== undefined) ev.recordId = recordId;
  const keywords = str(row.Keywords);
  if (keywords !== undefined) ev.keywords = keywords;
  const task = str(row.Task);
  if (task !== undefined) ev.task = task;
  const resource = str(row._ResourceId);
  if (resource !== undefined) ev.extra = { _ResourceId: resource };
  return ev;
}

/**
 * A row of the legacy agent's `Event` table → HostEvent: `Source` (the provider), `EventLog` (the
 * channel), `EventID`, `Computer`, `TimeGenerated`, and `EventData` as `<DataItem>` XML.
 */
export function hostEventFromEventTableRow(row: TableRow): HostEvent {
  const xml = str(row.EventData);
  const data = xml !== undefined && xml.trimStart().startsWith('<') ? eventDataFromXml(xml.trim()) : {};
  const ev = withRowSystem({ eventId: rowEventId(row.EventID), data, envelope: 'Event' }, row, str(row.Source));
  const channel = str(row.EventLog);
  return channel !== undefined ? { ...ev, channel } : ev;
}

/**
 * A WindowsEvent row → HostEvent. `EventData` is a property bag (a JSON object, or its JSON text in
 * exports); when it is null the agent kept the XML in `RawEventData`, which is parsed instead.
 */
export function hostEventFromWindowsEventRow(row: TableRow): HostEvent {
  let data: Record<string, string> = {};
  const bag = row.EventData;
  if (typeof bag === 'object' && bag !== null && !Array.isArray(bag)) flatten(bag as JsonObject, data);
  else if (typeof bag === 'string' && bag.trim() !== '') {
    const text = bag.trim();
    if (text.startsWith('<')) data = eventDataFromXml(text);
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new RecordRejected('bad-value', 'WindowsEvent column EventData is neither a JSON object nor XML');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RecordRejected('bad-value', 'WindowsEvent column EventData is not a JSON object');
      flatten(parsed as JsonObject, data);
    }
  } else {
    const raw = str(row.RawEventData);
    if (raw !== undefined && raw.trimStart().startsWith('<')) {
      const ev = hostEventFromXml(raw.trim());
      data = { ...ev.data };
    }
  }
  return withRowSystem({ eventId: rowEventId(row.EventID), data, envelope: 'WindowsEvent' }, row, str(row.Provider));
}

/** A property bag's values as strings; nested objects (rare) flattened by their leaf names. */
function flatten(bag: JsonObject, data: Record<string, string>): void {
  for (const k in bag) {
    const v = bag[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatten(v as JsonObject, data);
    else setData(data, k, v);
  }
}

// ---- raw JSON records -----------------------------------------------------------------------------

/** NXLog im_msvistalog's own fields: the event's System part and the collector's, not event data. */
const NXLOG_SYSTEM_FIELDS = new Set([
  'EventTime', 'EventReceivedTime', 'Hostname', 'Keywords', 'EventType', 'SeverityValue', 'Severity', 'EventID', 'SourceName',
  'ProviderGuid', 'Version', 'TaskValue', 'OpcodeValue', 'RecordNumber', 'ExecutionProcessID', 'ExecutionThreadID', 'ThreadID',
  'Channel', 'Category', 'Opcode', 'Message', 'SourceModuleName', 'SourceModuleType', 'Task', 'EventIdx', 'EventCountTotal',
  '@timestamp', '@version', 'tags', 'host', 'port', 'EventTypeOrignal', 'ActivityID', 'RelatedActivityID', 'Domain',
  'AccountName', 'UserID', 'AccountType',
]);

/** Whether a JSON record is NXLog's im_msvistalog output (flat fields, `SourceName`, `Hostname`, `EventTime`). */
export function isNxlogEventRecord(r: JsonObject): boolean {
  return r.EventID !== undefined && (r.SourceModuleType === 'im_msvistalog' || (r.SourceName !== undefined && r.Hostname !== undefined && r.EventTime !== undefined));
}

/** Whether a JSON record is Winlogbeat / Elastic Agent output (`winlog.event_id`, `winlog.event_data`). */
export function isWinlogbeatRecord(r: JsonObject): boolean {
  const w = r.winlog;
  return typeof w === 'object' && w !== null && (w as JsonObject).event_id !== undefined;
}

/** Options for records whose only event time is a collector's zone-less local time (NXLog `EventTime`). */
export interface FlatRecordTime {
  /** The collector's zone, when the user gave it (a `timezone` option): zone-less EventTime is then read on it. */
  readonly zoneless?: WallClock;
}

/**
 * NXLog JSON (a Windows Event Collector read by im_msvistalog) → HostEvent. Every field that is not
 * one of NXLog's own is event data. Time: NXLog's `EventTime` is the collector's local time without
 * a zone, so it is used only when it carries a zone or the user gave the zone; otherwise a UTC
 * `@timestamp` (the shipper's time, seconds later) stands in, and `timeSource` says so. Sysmon's
 * `UtcTime` data field is used by the Sysmon mapping itself.
 */
export function hostEventFromNxlogRecord(r: JsonObject, time: FlatRecordTime = {}): HostEvent {
  const data: Record<string, string> = {};
  for (const k in r) if (!NXLOG_SYSTEM_FIELDS.has(k)) setData(data, k, r[k]);
  const ev: Mutable<HostEvent> = { eventId: rowEventId(r.EventID), data, envelope: 'nxlog' };
  const provider = str(r.SourceName) ?? str(r.ProviderName);
  if (provider !== undefined) ev.provider = provider;
  const channel = str(r.Channel);
  if (channel !== undefined) ev.channel = channel;
  const computer = str(r.Hostname);
  if (computer !== undefined) ev.computer = computer;
  const recordId = str(r.RecordNumber);
  if (recordId !== undefined) ev.recordId = recordId;
  const keywords = str(r.Keywords);
  if (keywords !== undefined) ev.keywords = keywords;
  const version = str(r.Version);
  if (version !== undefined) ev.version = version;
  const task = str(r.Task);
  if (task !== undefined) ev.task = task;
  const message = str(r.Message);
  if (message !== undefined) ev.message = message;
  const collector = str(r.host);
  if (collector !== undefined) ev.extra = { collector };
  const eventTime = str(r.EventTime);
  const zoned = eventTime !== undefined && /(Z|[+-]\d{2}:?\d{2})$/.test(eventTime.trim());
  if (eventTime !== undefined && (zoned || time.zoneless !== undefined)) {
    ev.timeMs = eventTimestampMs(eventTime, time.zoneless);
    if (Number.isNaN(ev.timeMs)) throw new RecordRejected('bad-time', `EventTime "${eventTime}" is not a valid timestamp`);
    ev.timeSource = 'EventTime';
  } else {
    const shipped = str(r['@timestamp']);
    if (shipped !== undefined) {
      ev.timeMs = requiredTime(shipped, '@timestamp');
      ev.timeSource = '@timestamp';
      if (eventTime !== undefined) ev.timeNote = "@timestamp (the shipper's time): EventTime has no zone; set the timezone option to use it";
    }
  }
  return ev;
}

/**
 * Winlogbeat / Elastic Agent JSON → HostEvent: `winlog.event_id`, `winlog.provider_name`,
 * `winlog.channel`, `winlog.computer_name`, `winlog.record_id`, `winlog.event_data` (and
 * `winlog.user_data`). Time: `@timestamp`, which Winlogbeat sets to the event's creation time (UTC).
 */
export function hostEventFromWinlogbeatRecord(r: JsonObject): HostEvent {
  const w = r.winlog as JsonObject;
  const data: Record<string, string> = {};
  for (const part of [w.event_data, w.user_data]) if (typeof part === 'object' && part !== null && !Array.isArray(part)) flatten(part as JsonObject, data);
  const ev: Mutable<HostEvent> = { eventId: rowEventId(w.event_id), data, envelope: 'winlogbeat' };
  const provider = str(w.provider_name);
  if (provider !== undefined) ev.provider = provider;
  const channel = str(w.channel);
  if (channel !== undefined) ev.channel = channel;
  const computer = str(w.computer_name);
  if (computer !== undefined) ev.computer = computer;
  const recordId = str(w.record_id);
  if (recordId !== undefined) ev.recordId = recordId;
  const keywords = Array.isArray(w.keywords) ? w.keywords.join(',') : str(w.keywords);
  if (keywords !== undefined) ev.keywords = keywords;
  const version = str(w.version);
  if (version !== undefined) ev.version = version;
  const message = str(r.message);
  if (message !== undefined) ev.message = message;
  const t = str(r['@timestamp']);
  if (t !== undefined) {
    ev.timeMs = requiredTime(t, '@timestamp');
    ev.timeSource = '@timestamp';
  }
  return ev;
}

/** The system fields of a flat event record (OTRF/Mordor-style exports): not event data. */
const FLAT_SYSTEM_FIELDS = new Set([
  'EventID', 'Hostname', 'Computer', 'ComputerName', 'TimeCreated', 'TimeGenerated', '@timestamp', 'Channel', 'SourceName', 'ProviderName',
  'Provider', 'ProviderGuid', 'RecordNumber', 'EventRecordID', 'EventRecordId', 'Keywords', 'Version', 'Task', 'Level', 'Opcode', 'Message',
  'ExecutionProcessID', 'ExecutionThreadID', 'ThreadID', 'Type', '@version', 'tags', 'host', 'port',
]);

/**
 * A flat JSON event (the data fields at the top level beside the system ones, as OTRF/Mordor
 * datasets and many shippers export them): `EventID`, `Hostname`/`Computer`, `SourceName`/
 * `ProviderName`, `Channel`, `RecordNumber`/`EventRecordID`, and a UTC time with a zone —
 * `TimeCreated`, else `TimeGenerated`, else `@timestamp`.
 */
export function hostEventFromFlatRecord(r: JsonObject): HostEvent {
  const data: Record<string, string> = {};
  for (const k in r) if (!FLAT_SYSTEM_FIELDS.has(k)) setData(data, k, r[k]);
  const ev: Mutable<HostEvent> = { eventId: rowEventId(r.EventID), data, envelope: 'flat' };
  const provider = str(r.SourceName) ?? str(r.ProviderName) ?? str(r.Provider);
  if (provider !== undefined) ev.provider = provider;
  const channel = str(r.Channel);
  if (channel !== undefined) ev.channel = channel;
  const computer = str(r.Hostname) ?? str(r.Computer) ?? str(r.ComputerName);
  if (computer !== undefined) ev.computer = computer;
  const recordId = str(r.RecordNumber) ?? str(r.EventRecordID) ?? str(r.EventRecordId);
  if (recordId !== undefined) ev.recordId = recordId;
  for (const field of ['TimeCreated', 'TimeGenerated', '@timestamp'] as const) {
    const t = str(r[field]);
    if (t === undefined) continue;
    ev.timeMs = requiredTime(t, field);
    ev.timeSource = field;
    break;
  }
  return ev;
}

/**
 * A raw JSON record of any supported shape → HostEvent (Winlogbeat, NXLog, a Sentinel row shape —
 * WindowsEvent with a bag, SecurityEvent with XML —, or a flat event). Rejects (`unknown-record`)
 * what is none of them.
 */
export function hostEventFromJsonRecord(r: JsonObject, time: FlatRecordTime = {}): HostEvent {
  if (isWinlogbeatRecord(r)) return hostEventFromWinlogbeatRecord(r);
  if (isNxlogEventRecord(r)) return hostEventFromNxlogRecord(r, time);
  if (r.Type === 'WindowsEvent' || (typeof r.EventData === 'object' && r.EventData !== null)) return hostEventFromWindowsEventRow(r);
  if (r.Type === 'SecurityEvent' || typeof r.EventData === 'string') return hostEventFromSecurityEventRow(r);
  if (r.EventID !== undefined) return hostEventFromFlatRecord(r);
  throw new RecordRejected('unknown-record', 'a JSON record with neither winlog.event_id (Winlogbeat) nor EventID (NXLog, Sentinel rows)');
}

// ---- Sysmon for Linux in syslog ---------------------------------------------------------------------

/**
 * The `<Event>...</Event>` document inside a syslog message (Sysmon for Linux writes it after the
 * header: `... sysmon: <Event>...</Event>`), or undefined when the message holds none. A message
 * cut short by a relay (no `</Event>`) is rejected (`truncated`).
 */
export function eventXmlInMessage(message: string): string | undefined {
  const start = message.indexOf('<Event');
  if (start < 0) return undefined;
  const c = message.charCodeAt(start + 6);
  if (c !== 62 && c !== 32 && c !== 47 && c !== 9 && c !== 10 && c !== 13) return undefined;
  const end = message.lastIndexOf('</Event>');
  if (end < start) {
    if (message.endsWith('/>')) return message.slice(start).trimEnd();
    throw new RecordRejected('truncated', 'the Sysmon event XML has no </Event>: the message was cut short');
  }
  return message.slice(start, end + 8);
}

// ---- the raw decoder ------------------------------------------------------------------------------

/**
 * The raw decoder of the event plugins: one event's XML (a line, or a record of `XmlEventFramer`),
 * or a JSON record (NXLog, Winlogbeat, a Sentinel row shape) → one HostEvent. A JSON line given as
 * text is parsed here; anything else is rejected (`not-an-event`).
 */
export class HostEventDecoder {
  constructor(private readonly time: FlatRecordTime = {}) {}

  decode(text: string, out: { row(ev: HostEvent): void }): void {
    const t = text.trimStart();
    if (t.charCodeAt(0) === 60 /* < */) return out.row(hostEventFromXml(t));
    if (t.charCodeAt(0) === 123 /* { */) {
      let record: unknown;
      try {
        record = JSON.parse(t);
      } catch {
        throw new RecordRejected('invalid-json', 'a line starting with "{" that is not JSON');
      }
      if (typeof record === 'object' && record !== null && !Array.isArray(record)) return out.row(hostEventFromJsonRecord(record as JsonObject, this.time));
    }
    throw new RecordRejected('not-an-event', 'neither event XML nor a JSON event record');
  }

  decodeRecord(record: JsonObject, out: { row(ev: HostEvent): void }): void {
    out.row(hostEventFromJsonRecord(record, this.time));
  }
}

/** The `FlatRecordTime` of a stream from a plugin's `timezone` option (undefined: NXLog's zone-less EventTime is not trusted). */
export function flatRecordTime(options: unknown): FlatRecordTime {
  const tz = options !== null && typeof options === 'object' ? (options as Record<string, unknown>).timezone : undefined;
  return typeof tz === 'string' && tz !== '' ? { zoneless: wallClockFor(tz) } : {};
}

/** What a sample looks like, for the event plugins' sniffs: the envelope and providers of the events it holds. */
export interface HostEventSample {
  readonly total: number;
  /** The envelope most of the sample's events came in (undefined when it holds none). */
  readonly envelope: HostEventEnvelope | undefined;
  /** Events by provider (exact names). */
  readonly providers: ReadonlyMap<string, number>;
  /** XML events that carry RenderingInfo (forwarded in RenderedText format). */
  readonly rendered: number;
  /** Events by id. */
  readonly eventIds: ReadonlyMap<number, number>;
}

const PROVIDER_IN_XML = /<(?:\w+:)?Provider\s[^>]*?Name\s*=\s*["']([^"']+)["']/;
const EVENT_ID_IN_XML = /<(?:\w+:)?EventID(?:\s[^>]*)?>\s*(\d+)\s*</;
const EVENT_START = /<(?:\w+:)?Event[\s>/]/;

/**
 * Summarises a sniff sample (raw lines holding event XML — one event per line, or an XML input's
 * first lines, framed here —, raw JSON records, or table rows) without parsing XML fully: cheap
 * enough for every plugin's sniff.
 */
export function summarizeHostEvents(sample: { readonly lines?: readonly string[]; readonly records?: readonly JsonObject[]; readonly rows?: readonly TableRow[] }): HostEventSample {
  const providers = new Map<string, number>();
  const envelopes = new Map<HostEventEnvelope, number>();
  const eventIds = new Map<number, number>();
  let total = 0;
  let rendered = 0;
  const count = <K>(m: Map<K, number>, k: K | undefined): void => {
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  };
  const add = (provider: string | undefined, envelope: HostEventEnvelope, id: unknown): void => {
    total++;
    count(providers, provider);
    count(envelopes, envelope);
    const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined;
    count(eventIds, n);
  };
  const addXml = (xml: string): void => {
    add(PROVIDER_IN_XML.exec(xml)?.[1], 'xml', EVENT_ID_IN_XML.exec(xml)?.[1]);
    if (xml.includes('<RenderingInfo')) rendered++;
  };
  const lines = sample.lines ?? [];
  if (lines.length > 0 && looksLikeXmlEvents(lines.slice(0, 5).join('\n'))) for (const f of frameXmlText(lines.join('\n')).records) addXml(f.text);
  else for (const line of lines) if (EVENT_START.test(line)) addXml(line);
  for (const r of sample.records ?? []) {
    if (isWinlogbeatRecord(r)) {
      const w = r.winlog as JsonObject;
      add(str(w.provider_name), 'winlogbeat', w.event_id);
    } else if (isNxlogEventRecord(r)) add(str(r.SourceName), 'nxlog', r.EventID);
    else if (r.EventID !== undefined && r.Type === undefined && r.EventData === undefined && (r.Hostname !== undefined || r.Computer !== undefined)) {
      add(str(r.SourceName) ?? str(r.ProviderName) ?? str(r.Provider) ?? providerOfChannel(str(r.Channel)), 'flat', r.EventID);
    }
  }
  for (const r of sample.rows ?? []) {
    if (r.EventID === undefined) continue;
    if (r.Type === 'SecurityEvent' || (r.Type === undefined && r.EventSourceName !== undefined && typeof r.EventData === 'string')) add(str(r.EventSourceName) ?? SECURITY_AUDITING_PROVIDER, 'SecurityEvent', r.EventID);
    else if (r.Type === 'WindowsEvent' || (r.Type === undefined && r.Provider !== undefined && r.EventData !== undefined)) add(str(r.Provider), 'WindowsEvent', r.EventID);
    else if (r.Type === 'Event' || (r.Type === undefined && r.Source !== undefined && r.EventLog !== undefined)) add(str(r.Source), 'Event', r.EventID);
  }
  let envelope: HostEventEnvelope | undefined;
  let most = 0;
  for (const [e, n] of envelopes) if (n > most) [envelope, most] = [e, n];
  return { total, envelope, providers, rendered, eventIds };
}

/** The provider a channel implies, for flat records that name only the channel. */
function providerOfChannel(channel: string | undefined): string | undefined {
  if (channel === 'Security') return SECURITY_AUDITING_PROVIDER;
  if (channel === 'Microsoft-Windows-Sysmon/Operational') return SYSMON_PROVIDER;
  return undefined;
}

export const SECURITY_AUDITING_PROVIDER = 'Microsoft-Windows-Security-Auditing';
export const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon';
export const LINUX_SYSMON_PROVIDER = 'Linux-Sysmon';
