import {
  CefRowDecoder,
  cslRowFromTable,
  RecordRejected,
  type CommonSecurityLogRow,
  type JsonObject,
  type SyslogTimeOptions,
  type TableRow,
} from '@asimkit/sdk';
import { PRODUCT, VENDOR } from './claims.js';

/**
 * Zscaler's NSS firewall feed in JSON (spec §2.4, §2.3) → the CommonSecurityLog row the CEF feed
 * gives for the same record, so JSON, CEF and table rows share one mapping.
 *
 * - **NSS JSON** (the feed template Zscaler publishes for Elastic, Splunk and other SIEMs): a
 *   `{"sourcetype": "zscalernss-fw", "event": {...}}` wrapper, or the event object alone, with NSS
 *   variable names (`csip`, `cdport`, `action`...) or the newer names SEKOIA's samples carry
 *   (`clt_sip`, `srv_dport`, `login`...). Each field becomes the key the CEF template gives it
 *   (`csip` → `src`, `inbytes` → `in`, `nwapp` → `cs3` labelled `nwApp`...), and the pairs go
 *   through the shared CEF → CommonSecurityLog mapping, as the Check Point and PAN-OS native
 *   formats do.
 * - **Cloud NSS JSON** (the records the Cloud NSS feed posts to Sentinel's `CloudNSSFWLogs_ccp`
 *   connector): CEF key names (`vendor`, `act`, `src`, `in_bytes`...); the row is built as that
 *   connector's DCR builds it (spec §2.3).
 */

/** What a JSON object is, for this plugin. */
export type ZscalerJsonKind = 'nss' | 'cloud-nss';

/** The NSS JSON wrapper's `sourcetype` of the firewall feed; web, DNS and tunnel feeds have others. */
export const FIREWALL_SOURCETYPE = 'zscalernss-fw';

/** Whether a JSON object is an NSS JSON record (wrapped or bare) or a Cloud NSS record; undefined if neither. */
export function zscalerJsonKind(record: JsonObject): ZscalerJsonKind | undefined {
  const sourcetype = record.sourcetype;
  if (typeof sourcetype === 'string' && sourcetype.startsWith('zscalernss-')) return 'nss';
  if (typeof record.vendor === 'string' && typeof record.product === 'string') return 'cloud-nss';
  const has = (names: readonly string[]) => names.some((n) => record[n] !== undefined);
  return has(['action']) && has(CLIENT_SOURCE_IP) && has(CLIENT_DESTINATION_IP) ? 'nss' : undefined;
}

/**
 * Whether a raw text line is a JSON record of a Zscaler feed (an NSS JSON record, wrapped or bare,
 * or a Cloud NSS firewall record), for per-line routing: a shipper's archive of the JSON feed, whose inner lines
 * are JSON text. Cheap: asked of every line that is not CEF.
 */
export function isZscalerJsonLine(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  if (line.charCodeAt(i) !== 123 /* { */) return false;
  if (line.includes('"zscalernss-')) return true; // the NSS JSON wrapper's sourcetype
  if (line.includes('"NSSFWlog"')) return line.includes('"vendor"'); // Cloud NSS
  return line.includes('"action"') && (line.includes('"csip"') || line.includes('"clt_sip"')); // a bare NSS event
}

/** Whether a JSON object is a ZIA firewall record this plugin maps (what `sniff` counts). */
export function isZiaFirewallJson(record: JsonObject): boolean {
  switch (zscalerJsonKind(record)) {
    case 'nss':
      return record.sourcetype === undefined || record.sourcetype === FIREWALL_SOURCETYPE;
    case 'cloud-nss':
      return record.vendor === VENDOR && record.product === PRODUCT;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// NSS JSON

/** How a field's value is read: as sent, or URL-decoded (Zscaler's `e…` variables: `elogin`, `erulelabel`...). */
type Text = 'plain' | 'url';

/** [NSS JSON names (older, then newer), CEF template key, text, label of a custom field]. */
type NssField = readonly [names: readonly string[], key: string, text: Text, label?: string];

const CLIENT_SOURCE_IP = ['csip', 'clt_sip'];
const CLIENT_DESTINATION_IP = ['cdip', 'clt_dip'];

/**
 * The firewall feed's fields, as the NSS JSON template names them, and the key of the Sentinel CEF
 * template (spec §2.1) for the same NSS variable. `datetime` and `rulelabel` also fill the CEF
 * header (`rt`, the Name); keys not listed go to AdditionalExtensions under their own name.
 */
const NSS_FIELDS: readonly NssField[] = [
  [['action'], 'act', 'plain'],
  [['user', 'login', 'elogin'], 'suser', 'url'],
  [['department', 'dept', 'edepartment'], 'cs1', 'url', 'dept'],
  [['locationname', 'location', 'elocation'], 'spriv', 'url'],
  [CLIENT_SOURCE_IP, 'src', 'plain'],
  [['csport', 'clt_sport'], 'spt', 'plain'],
  [CLIENT_DESTINATION_IP, 'dst', 'plain'],
  [['cdport', 'clt_dport'], 'dpt', 'plain'],
  [['ssip', 'srv_sip'], 'deviceTranslatedAddress', 'plain'],
  [['ssport', 'srv_sport'], 'deviceTranslatedPort', 'plain'],
  [['sdip', 'srv_dip'], 'destinationTranslatedAddress', 'plain'],
  [['sdport', 'srv_dport'], 'destinationTranslatedPort', 'plain'],
  [['tsip'], 'sourceTranslatedAddress', 'plain'],
  [['tunsport', 'tsport'], 'sourceTranslatedPort', 'plain'],
  [['tuntype', 'ttype'], 'tunnelType', 'plain'],
  [['dnat'], 'dnat', 'plain'],
  [['stateful'], 'stateful', 'plain'],
  [['proto', 'ipproto'], 'proto', 'plain'],
  [['rulelabel', 'erulelabel'], 'reason', 'url'],
  [['inbytes'], 'in', 'plain'],
  [['outbytes'], 'out', 'plain'],
  [['nwsvc'], 'cs2', 'plain', 'nwService'],
  [['nwapp'], 'cs3', 'plain', 'nwApp'],
  [['aggregate'], 'cs4', 'plain', 'aggregated'],
  [['ipcat'], 'cs5', 'url', 'ipCat'],
  [['threatname', 'ethreatname'], 'cs6', 'url', 'threatname'],
  [['threatcat'], 'cat', 'plain'], // variant 2 of the CEF template sends the threat category in `cat`
  [['durationms'], 'cn1', 'plain', 'durationms'],
  [['numsessions'], 'cn2', 'plain', 'numsessions'],
  [['destcountry'], 'destCountry', 'plain'],
  [['avgduration'], 'avgduration', 'plain'],
  [['devicehostname', 'edevicehostname'], 'shost', 'url'],
  [['ipsrulelabel', 'eipsrulelabel'], 'ipsrulelabel', 'url'],
  [['deviceowner', 'edeviceowner'], 'deviceowner', 'url'],
];

/** Every NSS name the table reads, and the wrapper's own keys, so the rest can go to AdditionalExtensions. */
const READ_NAMES: ReadonlySet<string> = new Set(['datetime', ...NSS_FIELDS.flatMap(([names]) => names)]);

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** NSS `%s{time}`: `Fri Dec 17 07:27:54 2021` (the weekday may be absent, the day space-padded). */
const NSS_TIME = /^(?:[A-Z][a-z]{2} +)?([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** NSS `%s{time}` in the feed's zone (the `timezone` option) → epoch ms; undefined when it is not one. */
export function nssTimeMs(text: string, time: SyslogTimeOptions): number | undefined {
  const m = NSS_TIME.exec(text.trim());
  if (m === null) return undefined;
  const month = MONTHS[m[1]!];
  const [day, h, mi, s, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (month === undefined || day < 1 || day > new Date(Date.UTC(year, month + 1, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return undefined;
  return time.clock.toEpoch(year, month, day, h, mi, s, 0);
}

/** Decodes the records of one stream: NSS JSON through the shared CEF row builder, Cloud NSS as its DCR does. */
export class ZscalerJsonDecoder {
  private readonly rows: CefRowDecoder;

  constructor(private readonly time: SyslogTimeOptions) {
    this.rows = new CefRowDecoder(time);
  }

  /**
   * One JSON record → its CommonSecurityLog row, or the `sourcetype` of an NSS feed that is not the
   * firewall's (web, DNS, tunnel). Throws RecordRejected for a record of neither kind or with an
   * unusable value.
   */
  decode(record: JsonObject): CommonSecurityLogRow | { otherFeed: string } {
    switch (zscalerJsonKind(record)) {
      case 'nss':
        return this.nss(record);
      case 'cloud-nss':
        return cloudNssRow(record);
      default:
        throw new RecordRejected(
          'not-zscaler-json',
          'neither a Zscaler NSS JSON record ({"sourcetype": "zscalernss-fw", "event": {...}}, or csip/cdip/action fields) nor a Cloud NSS record (vendor/product fields)',
        );
    }
  }

  private nss(record: JsonObject): CommonSecurityLogRow | { otherFeed: string } {
    const sourcetype = record.sourcetype;
    let event = record;
    if (sourcetype !== undefined) {
      if (sourcetype !== FIREWALL_SOURCETYPE) return { otherFeed: String(sourcetype) };
      const inner = record.event;
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
        throw new RecordRejected('nss-json', `a "${FIREWALL_SOURCETYPE}" record without an "event" object`);
      }
      event = inner as JsonObject;
    }
    const pairs: [string, string][] = [];
    const datetime = event.datetime;
    if (datetime !== undefined && datetime !== null && datetime !== '') {
      const ms = typeof datetime === 'string' ? nssTimeMs(datetime, this.time) : undefined;
      if (ms === undefined) throw new RecordRejected('bad-value', `datetime ${JSON.stringify(datetime).slice(0, 60)} is not an NSS time like "Fri Dec 17 07:27:54 2021"`);
      pairs.push(['rt', String(ms)]);
    }
    let action: string | undefined;
    let rule: string | undefined;
    for (const [names, key, text, label] of NSS_FIELDS) {
      const value = fieldValue(event, names, text);
      if (value === undefined) continue;
      if (label !== undefined) pairs.push([`${key}Label`, label]);
      pairs.push([key, value]);
      if (key === 'act') action = value;
      else if (key === 'reason') rule = value;
    }
    // the CEF template's literal `deviceDirection=1`: ZIA forwards its users' outbound traffic (README, D4)
    pairs.push(['deviceDirection', '1']);
    for (const key in event) {
      if (READ_NAMES.has(key)) continue;
      const value = scalarText(event[key]);
      if (value !== undefined) pairs.push([key, value]);
    }
    return this.rows.fromPairs({ deviceVendor: VENDOR, deviceProduct: PRODUCT, signatureId: action, name: rule }, pairs);
  }
}

/** The first of `names` the event has, as text (URL-decoded for Zscaler's encoded variables). */
function fieldValue(event: JsonObject, names: readonly string[], text: Text): string | undefined {
  for (const name of names) {
    const value = scalarText(event[name]);
    if (value === undefined) continue;
    return text === 'url' ? urlDecoded(value) : value;
  }
  return undefined;
}

/** A JSON value as a CEF value: strings as they are, numbers and booleans as text, objects as JSON; null/absent none. */
function scalarText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** `TestLoc%20DB` → `TestLoc DB`; a value that is not valid percent-encoding stays as it is. */
function urlDecoded(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Cloud NSS JSON

/** CloudNSSFWLogs_ccp DCR: stream keys → CommonSecurityLog columns (spec §2.3). */
const CLOUD_NSS_COLUMNS: Readonly<Record<string, string>> = {
  vendor: 'DeviceVendor',
  product: 'DeviceProduct',
  version: 'DeviceVersion',
  Severity: 'LogSeverity',
  name: 'Activity',
  deviceEventClassId: 'DeviceEventClassID',
  act: 'DeviceAction',
  suser: 'SourceUserName',
  src: 'SourceIP',
  spt: 'SourcePort',
  dst: 'DestinationIP',
  dpt: 'DestinationPort',
  deviceTranslatedAddress: 'DeviceTranslatedAddress',
  destinationTranslatedAddress: 'DestinationTranslatedAddress',
  destinationTranslatedPort: 'DestinationTranslatedPort',
  sourceTranslatedAddress: 'SourceTranslatedAddress',
  sourceTranslatedPort: 'SourceTranslatedPort',
  proto: 'Protocol',
  spriv: 'SourceUserPrivileges',
  reason: 'Reason',
  in_bytes: 'ReceivedBytes',
  out_bytes: 'SentBytes',
  deviceDirection: 'CommunicationDirection',
  cs1: 'DeviceCustomString1',
  cs2: 'DeviceCustomString2',
  cs3: 'DeviceCustomString3',
  cs4: 'DeviceCustomString4',
  cs5: 'DeviceCustomString5',
  cs6: 'DeviceCustomString6',
  cs1Label: 'DeviceCustomString1Label',
  cs2Label: 'DeviceCustomString2Label',
  cs3Label: 'DeviceCustomString3Label',
  cs4Label: 'DeviceCustomString4Label',
  cs5Label: 'DeviceCustomString5Label',
  // the DCR writes the legacy int columns, not FieldDeviceCustomNumber1..3
  cn1: 'DeviceCustomNumber1',
  cn2: 'DeviceCustomNumber2',
  cn3: 'DeviceCustomNumber3',
  cn1Label: 'DeviceCustomNumber1Label',
  cn2Label: 'DeviceCustomNumber2Label',
  cn3Label: 'DeviceCustomNumber3Label',
  flexString1: 'FlexString1',
  flexString1Label: 'FlexString1Label',
  flexString2: 'FlexString2',
  flexString2Label: 'FlexString2Label',
  shost: 'SourceHostName',
  deviceExternalId: 'DeviceExternalID',
};

/** The keys the DCR concatenates into AdditionalExtensions, in its order, empty ones included. */
const CLOUD_NSS_EXTENSIONS = [
  'deviceTranslatedPort', 'tunnelType', 'dnat', 'stateful', 'cs6label', 'destCountry', 'avgduration', 'epochtime', 'cdfqdn',
  'srcip_country', 'ipsrulelabel', 'ips_custom_signature', 'duration', 'dnatrulelabel', 'recordid', 'pcapid', 'eedone',
  'devicemodel', 'devicename', 'deviceostype', 'deviceosversion', 'deviceowner', 'deviceappversion', 'ztunnelversion',
  'bypassed_session', 'bypass_etime', 'flow_type', 'datacenter', 'datacentercity', 'datacentercountry', 'rdr_rulename',
  'zpa_app_seg_name',
] as const;

const CLOUD_NSS_KNOWN: ReadonlySet<string> = new Set([...Object.keys(CLOUD_NSS_COLUMNS), ...CLOUD_NSS_EXTENSIONS]);

/**
 * A Cloud NSS record → the CommonSecurityLog row the `CloudNSSFWLogs_ccp` DCR writes for it (spec
 * §2.3), typed like an exported row. Keys the stream does not declare, which the DCR would drop,
 * are appended to AdditionalExtensions instead, so nothing of the record is lost.
 */
export function cloudNssRow(record: JsonObject): CommonSecurityLogRow {
  const row: TableRow = { Type: 'CommonSecurityLog' };
  for (const key in CLOUD_NSS_COLUMNS) {
    const value = record[key];
    if (value !== undefined && value !== null) row[CLOUD_NSS_COLUMNS[key]!] = value;
  }
  let extensions = CLOUD_NSS_EXTENSIONS.map((key) => `${key}=${scalarText(record[key]) ?? ''}`).join(';');
  for (const key in record) {
    if (CLOUD_NSS_KNOWN.has(key)) continue;
    const value = scalarText(record[key]);
    if (value !== undefined) extensions += `;${key}=${value}`;
  }
  row.AdditionalExtensions = extensions;
  return cslRowFromTable(row);
}
