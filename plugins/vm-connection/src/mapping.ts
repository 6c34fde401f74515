import { isIP } from 'node:net';
import type { NetworkSession } from '@asimkit/schema';
import { cslProtocolKeyword, finishSession, ipVersion, sessionTime, skip, type Skip } from '@asimkit/sdk';
import type { VmConnectionRow } from './row.js';

/** `Direction` → which end the reporting machine is (spec §2: inbound = accepted on a listening socket). */
export const DIRECTION = {
  outbound: { NetworkDirection: 'Outbound', local: 'Src', remote: 'Dst' },
  inbound: { NetworkDirection: 'Inbound', local: 'Dst', remote: 'Src' },
} as const;

/** The field names of one end, built once: a computed `${end}IpAddr` per record costs a string build and lookup. */
function endFields(end: 'Src' | 'Dst' | 'Dvc') {
  return {
    AppId: `${end}AppId`,
    AppName: `${end}AppName`,
    AppType: `${end}AppType`,
    Domain: `${end}Domain`,
    DomainType: `${end}DomainType`,
    DvcId: `${end}DvcId`,
    DvcIdType: `${end}DvcIdType`,
    FQDN: `${end}FQDN`,
    GeoCountry: `${end}GeoCountry`,
    GeoLatitude: `${end}GeoLatitude`,
    GeoLongitude: `${end}GeoLongitude`,
    Hostname: `${end}Hostname`,
    ProcessName: `${end}ProcessName`,
  } as const;
}
type EndFields = ReturnType<typeof endFields>;
const END = { Src: endFields('Src'), Dst: endFields('Dst'), Dvc: endFields('Dvc') };

/** Threat-intel `Severity` (0–5, default 3) → EventSeverity. */
export const EVENT_SEVERITY = ['Informational', 'Low', 'Medium', 'High', 'High', 'High'] as const;

/** The Dependency Agent reports per one-minute window; TimeGenerated is the window's start. */
const WINDOW_MS = 60_000;

/** The fields a lean record has (with the full record's values): the mandatory ones and what the detector counts. */
export const LEAN_FIELDS: ReadonlySet<string> = new Set([
  'TimeGenerated', 'Type', 'EventVendor', 'EventProduct', 'EventSchema', 'EventSchemaVersion', 'EventType', 'EventCount',
  'EventStartTime', 'EventEndTime', 'EventResult', 'EventSeverity', 'EventOriginalSeverity', 'EventReportUrl', 'DvcAction',
  'NetworkDirection', 'NetworkProtocol', 'NetworkProtocolVersion', 'NetworkSessionId', 'SrcIpAddr', 'DstIpAddr', 'DstPortNumber',
  'Dvc', 'DvcHostname', 'DvcDomain', 'DvcDomainType', 'DvcFQDN', 'DvcIpAddr', 'DvcId', 'DvcIdType',
  'SrcAppName', 'SrcProcessName', 'SrcAppId', 'SrcAppType', 'DstAppName', 'DstProcessName', 'DstAppId', 'DstAppType',
]);

/**
 * Maps one VMConnection row to ASIM. See the plugin README for every decision and deviation.
 * `lean` (`asim detect`'s projection, StreamContext.fields within LEAN_FIELDS): the record stops
 * at LEAN_FIELDS, with the same values, without host names, geo, bytes, threat fields, aliases and
 * AdditionalFields.
 */
export function mapConnection(row: VmConnectionRow, receivedAt: string, lean = false): NetworkSession | Skip {
  const side = DIRECTION[row.Direction?.toLowerCase() as keyof typeof DIRECTION];
  if (side === undefined) return skip(row.Direction === undefined ? 'no Direction' : `Direction ${row.Direction} is neither inbound nor outbound`);
  const { local, remote } = side;
  const L = END[local];
  const R = END[remote];

  const additional: Record<string, unknown> = {};
  const time = sessionTime(row.timeMs, undefined, receivedAt, additional);
  const rec = {
    TimeGenerated: time.iso,
    Type: row.Type ?? 'VMConnection',
    EventVendor: 'Microsoft',
    EventProduct: 'VMConnection',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'EndpointNetworkSession',
    EventCount: Math.max(1, (row.LinksEstablished ?? 0) + (row.LinksFailed ?? 0)),
    EventStartTime: time.iso,
    EventEndTime: new Date(time.ms + WINDOW_MS).toISOString(),
    EventResult: eventResult(row),
    EventSeverity: row.Severity === undefined ? 'Informational' : EVENT_SEVERITY[row.Severity],
    NetworkDirection: side.NetworkDirection,
  } as NetworkSession;
  const r = rec as unknown as Record<string, unknown>;
  if (row.Severity !== undefined) rec.EventOriginalSeverity = String(row.Severity);
  if (row.ReportReferenceLink !== undefined) rec.EventReportUrl = row.ReportReferenceLink;

  const src = address(row.SourceIp, 'SourceIp', additional);
  const dst = address(row.DestinationIp, 'DestinationIp', additional);
  if (src !== undefined) rec.SrcIpAddr = src;
  if (dst !== undefined) rec.DstIpAddr = dst;
  if (row.DestinationPort !== undefined) rec.DstPortNumber = row.DestinationPort;
  const localIp = local === 'Src' ? src : dst;
  const version = ipVersion(src ?? dst);
  if (version !== undefined) rec.NetworkProtocolVersion = version;
  const protocol = cslProtocolKeyword(row.Protocol);
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else if (row.Protocol !== undefined) additional.Protocol = row.Protocol;
  if (row.ConnectionId !== undefined) rec.NetworkSessionId = row.ConnectionId;

  // the reporting machine and its process
  setHost(r, END.Dvc, row.Computer);
  if (localIp !== undefined) rec.DvcIpAddr = localIp;
  if (row.Machine !== undefined) {
    rec.DvcId = row.Machine;
    rec.DvcIdType = 'VMConnectionId';
  }
  rec.Dvc = rec.DvcFQDN ?? rec.DvcHostname ?? rec.DvcId ?? rec.DvcIpAddr ?? 'VMConnection';
  if (row.ProcessName !== undefined) r[L.AppName] = r[L.ProcessName] = row.ProcessName;
  if (row.Process !== undefined) r[L.AppId] = row.Process;
  if (row.ProcessName !== undefined || row.Process !== undefined) r[L.AppType] = 'Process';
  if (lean) return rec;

  if (localIp !== undefined) setHost(r, L, row.Computer);
  if (row.Machine !== undefined) {
    r[L.DvcId] = row.Machine;
    r[L.DvcIdType] = 'VMConnectionId';
  }
  if (row._ResourceId !== undefined) {
    rec._ResourceId = row._ResourceId;
    r.DvcAzureResourceId = row._ResourceId;
  }

  // the peer
  const remoteIp = remote === 'Src' ? src : dst;
  if (remoteIp !== undefined) setHost(r, R, row.remoteName);
  if (row.RemoteCountry !== undefined) r[R.GeoCountry] = row.RemoteCountry;
  if (row.RemoteLatitude !== undefined) r[R.GeoLatitude] = row.RemoteLatitude;
  if (row.RemoteLongitude !== undefined) r[R.GeoLongitude] = row.RemoteLongitude;
  if (row.RemoteIp !== undefined && row.RemoteIp !== remoteIp) additional.RemoteIp = row.RemoteIp;

  // BytesSent is what the reporting machine sent: the source's bytes only for outbound rows
  const localBytes = row.BytesSent;
  const remoteBytes = row.BytesReceived;
  const srcBytes = local === 'Src' ? localBytes : remoteBytes;
  const dstBytes = local === 'Src' ? remoteBytes : localBytes;
  if (srcBytes !== undefined) rec.SrcBytes = srcBytes;
  if (dstBytes !== undefined) rec.DstBytes = dstBytes;
  if (srcBytes !== undefined && dstBytes !== undefined) rec.NetworkBytes = srcBytes + dstBytes;

  // the leading identifiers are the addresses, as in Microsoft's parser (not the Machine id)
  if (src !== undefined) rec.Src = src;
  if (dst !== undefined) rec.Dst = dst;
  setThreat(rec, row, src, dst, additional);
  for (const c of ['LinksEstablished', 'LinksTerminated', 'LinksLive', 'LinksFailed'] as const) if (row[c] !== undefined) additional[c] = row[c];
  for (const key in row.extra) additional[key] = row.extra[key];
  return finishSession(rec, additional);
}

/** Failure when every attempt in the window failed, Partial when some did, else Success. */
function eventResult(row: VmConnectionRow): 'Success' | 'Partial' | 'Failure' {
  const failed = row.LinksFailed ?? 0;
  if (failed === 0) return 'Success';
  const opened = (row.LinksEstablished ?? 0) + (row.LinksLive ?? 0) + (row.LinksTerminated ?? 0);
  return opened === 0 ? 'Failure' : 'Partial';
}

/** An address column: an IP address, else dropped with a note (VMConnection holds no `-` placeholders). */
function address(value: string | undefined, column: string, additional: Record<string, unknown>): string | undefined {
  if (value === undefined) return undefined;
  if (isIP(value) !== 0) return value;
  additional[column] = value;
  additional[`${column}Dropped`] = 'not an IP address';
  return undefined;
}

/**
 * `<prefix>Hostname/Domain/DomainType/FQDN` from a name, split on its first dot like
 * ASIM_ResolveFQDN; an IP address names no host.
 */
function setHost(r: Record<string, unknown>, end: EndFields, name: string | undefined): void {
  if (name === undefined || isIP(name) !== 0) return;
  const host = name.replace(/\.$/, '');
  const dot = host.indexOf('.');
  if (dot <= 0) {
    r[end.Hostname] = host;
    return;
  }
  r[end.Hostname] = host.slice(0, dot);
  r[end.Domain] = host.slice(dot + 1);
  r[end.DomainType] = 'FQDN';
  r[end.FQDN] = host;
}

/** Threat-intel enrichment: the flagged address, the side it is on, what it is and how sure. */
function setThreat(rec: NetworkSession, row: VmConnectionRow, src: string | undefined, dst: string | undefined, additional: Record<string, unknown>): void {
  const ip = row.MaliciousIp;
  if (ip !== undefined) {
    const field = ip === src ? 'SrcIpAddr' : ip === dst ? 'DstIpAddr' : undefined;
    if (field !== undefined && isIP(ip) !== 0) {
      rec.ThreatIpAddr = ip;
      rec.ThreatField = field;
    } else additional.MaliciousIp = ip;
  }
  if (row.IndicatorThreatType !== undefined) rec.ThreatName = rec.ThreatCategory = row.IndicatorThreatType;
  if (row.Confidence !== undefined) {
    rec.ThreatConfidence = row.Confidence;
    rec.ThreatOriginalConfidence = String(row.Confidence);
  }
  if (row.IsActive !== undefined) rec.ThreatIsActive = row.IsActive;
  if (row.FirstReportedMs !== undefined) rec.ThreatFirstReportedTime = new Date(row.FirstReportedMs).toISOString();
  if (row.LastReportedMs !== undefined) rec.ThreatLastReportedTime = new Date(row.LastReportedMs).toISOString();
}
