import { eventResultFor, eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import { finishSession, isIpAddress, RecordRejected, scanIsoTimestamp, sessionTime, setIf, skip, wallClockFor, type JsonObject, type Skip } from '@asimkit/sdk';
import { endpoint, macAddress, networkProtocol, valueMap } from './values.js';

/**
 * The REST security events of the native poller (spec §2.3, `GET .../appliance/security/events`):
 * one JSON object per event. Only `IDS Alert` events are network sessions; `File Scanned` (AMP)
 * events are skipped, as the syslog file-scan events are.
 */
export const REST_TABLE = 'CiscoMerakiNativePoller_CL';

/** Snort priorities, the scale the syslog IDS lines use too (spec §8.8 [DECIDE]). */
const SEVERITY = valueMap<NonNullable<NetworkSession['EventSeverity']>>({ '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Informational' });

/** Whether a JSON object is a Meraki REST security event. */
export function isRestSecurityEvent(o: JsonObject): boolean {
  return typeof o.eventType === 'string' && typeof o.ts === 'string' && ('srcIp' in o || 'destIp' in o || 'deviceMac' in o || 'clientMac' in o);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** One REST security event → ASIM, or a skip for events that are not sessions. */
export function mapRestEvent(e: JsonObject, receivedAt: string): NetworkSession | Skip {
  const eventType = str(e.eventType);
  if (eventType !== 'IDS Alert') return skip(`REST security event ${eventType ?? '(no eventType)'}: not a network session`);
  const additional: Record<string, unknown> = {};
  const ts = str(e.ts);
  const ms = ts === undefined ? undefined : isoMillis(ts);
  if (ms === null) throw new RecordRejected('bad-time', `ts "${ts!}" is not an ISO-8601 datetime`);
  const time = sessionTime(ms, undefined, receivedAt, additional).iso;
  const rec = {
    TimeGenerated: time,
    Type: REST_TABLE,
    EventVendor: 'Cisco',
    EventProduct: 'Meraki',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventOriginalType: eventType,
  } as NetworkSession;

  const blocked = e.blocked;
  if (blocked === true || blocked === 'true') rec.DvcAction = 'Deny';
  else if (blocked === false || blocked === 'false') rec.DvcAction = 'Allow';
  rec.EventResult = eventResultFor(rec.DvcAction);
  const priority = str(e.priority);
  setIf(rec, 'EventOriginalSeverity', priority);
  rec.EventSeverity = (priority === undefined ? undefined : SEVERITY[priority]) ?? eventSeverityFor(rec.DvcAction);

  const deviceMac = macAddress(str(e.deviceMac));
  if (typeof deviceMac === 'string') {
    rec.DvcMacAddr = deviceMac;
    rec.DvcId = deviceMac;
    rec.DvcIdType = 'Other';
  }
  setEndpoint(rec, 'Src', str(e.srcIp), 'srcIp', additional);
  setEndpoint(rec, 'Dst', str(e.destIp), 'destIp', additional);
  const clientIp = str(e.clientIp);
  if (rec.SrcIpAddr === undefined && clientIp !== undefined && isIpAddress(clientIp)) rec.SrcIpAddr = clientIp;
  if (rec.DstPortNumber === undefined && typeof e.destinationPort === 'number' && Number.isInteger(e.destinationPort) && e.destinationPort >= 0 && e.destinationPort <= 65535) {
    rec.DstPortNumber = e.destinationPort;
  }
  // the client is the LAN host of the alert: the destination of an inbound attack, else the source
  const clientSide = clientIp !== undefined && clientIp === rec.DstIpAddr && clientIp !== rec.SrcIpAddr ? 'Dst' : 'Src';
  const clientMac = macAddress(str(e.clientMac));
  if (typeof clientMac === 'string') rec[`${clientSide}MacAddr`] = clientMac;
  const clientName = str(e.clientName);
  if (clientName !== undefined && (clientSide === 'Dst' ? rec.DstIpAddr : rec.SrcIpAddr) !== undefined) rec[`${clientSide}Hostname`] = clientName;
  else if (clientName !== undefined) additional.clientName = clientName;

  const protocol = str(e.protocol);
  const keyword = networkProtocol(protocol);
  if (keyword !== undefined) rec.NetworkProtocol = keyword;
  else if (protocol !== undefined) additional.protocol = protocol;
  const address = rec.DstIpAddr ?? rec.SrcIpAddr;
  if (address !== undefined) rec.NetworkProtocolVersion = address.includes(':') ? 'IPv6' : 'IPv4';
  setIf(rec, 'EventMessage', str(e.message));
  setIf(rec, 'NetworkRuleName', str(e.ruleId));
  for (const key of ['signature', 'classification', 'sigSource', 'clientIp'] as const) {
    const v = str(e[key]);
    if (v !== undefined) additional[key] = v;
  }
  return finishSession(rec, additional);
}

function setEndpoint(rec: NetworkSession, side: 'Src' | 'Dst', value: string | undefined, key: string, additional: Record<string, unknown>): void {
  if (value === undefined) return;
  const e = endpoint(value);
  if (e.ip !== undefined) rec[`${side}IpAddr`] = e.ip;
  if (e.port !== undefined) rec[`${side}PortNumber`] = e.port;
  if (e.dropped !== undefined) ((additional.Dropped ??= {}) as Record<string, string>)[key] = e.dropped;
}

const isoOut = { t: 0 };

/** `ts` (ISO-8601, the API's microseconds included; zone-less is UTC) → epoch ms, null when it is not one. */
function isoMillis(text: string): number | null {
  return scanIsoTimestamp(text, 0, wallClockFor(undefined), isoOut) === text.length ? isoOut.t : null;
}
