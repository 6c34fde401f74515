import { eventResultFor, eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import { cslProtocolKeyword, finishSession, ipVersion, isIpAddress, RecordRejected, sessionTime, setIf } from '@asimkit/sdk';
import type { AnalyticsRow, BadTuplesRow, Direction, FlowTupleRow, NtaRow } from './row.js';
import { ANALYTICS_TABLE, NTA_TABLE } from './tables.js';
import { isPort } from './values.js';

export const VENDOR = 'Microsoft';
/** Microsoft's product names: `NSGFlow` (ASimNetworkSessionAzureNSG), `Azure NSG flows` (its NTANetAnalytics successor). */
export const NSG_PRODUCT = 'NSGFlow';
export const VNET_PRODUCT = 'Azure NSG flows';

/** Traffic Analytics `FlowStatus_s` / `FlowStatus`. */
export const FLOW_STATUS_ACTION = { A: 'Allow', D: 'Deny', Allowed: 'Allow', Denied: 'Deny' } as const;
/** `L4Protocol_s` / `L4Protocol`; other values go through the IANA keyword table. */
export const L4_PROTOCOL = { T: 'TCP', U: 'UDP' } as const;
/** NTANetAnalytics `FlowType` → SrcZone (Microsoft's NTA parser). */
export const NTA_ZONE: Readonly<Record<string, string>> = {
  IntraVNet: 'Internal',
  InterVNet: 'Internal',
  ExternalPublic: 'Internet',
  AzurePublic: 'Azure',
  S2S: 'S2S',
  P2S: 'P2S',
};
/** NTANetAnalytics `FlowType` → EventOriginalResultDetails (Microsoft's NTA parser). */
export const NTA_RESULT_DETAILS: Readonly<Record<string, string>> = {
  Malicious: 'Malicious',
  MaliciousFlow: 'Malicious',
  Unknown: 'Unknown',
  'Unknown Private': 'Unknown',
};

/**
 * ISO text of epoch-ms instants, memoised in a direct-mapped table: a blob's tuples share a few
 * hundred instants, and epoch ms are too large for V8's small integers, which makes a Map slow.
 */
const ISO_SLOTS = 4093;
const isoKeys = new Float64Array(ISO_SLOTS).fill(Number.NaN);
const isoValues: string[] = new Array<string>(ISO_SLOTS).fill('');
function isoOf(ms: number): string {
  const slot = ms % ISO_SLOTS;
  if (isoKeys[slot] === ms) return isoValues[slot]!;
  const iso = new Date(ms).toISOString();
  isoKeys[slot] = ms;
  isoValues[slot] = iso;
  return iso;
}

function base(time: string, product: string, action: 'Allow' | 'Deny' | undefined): NetworkSession {
  return {
    TimeGenerated: time,
    EventVendor: VENDOR,
    EventProduct: product,
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventResult: eventResultFor(action),
    EventSeverity: eventSeverityFor(action),
  } as NetworkSession;
}

/**
 * One raw NSG / VNet flow tuple → one record. Written as one object literal plus assignments in a
 * fixed order (not `setIf`): records of one blob then share a few hidden classes, which keeps
 * mapping and the JSONL sink's JSON.stringify fast (measured: 3x on `nsg-v2`).
 */
export function mapTuple(row: FlowTupleRow): NetworkSession {
  const g = row.group;
  const time = isoOf(row.timeMs);
  const action = row.action;
  const rec = {
    TimeGenerated: time,
    EventVendor: VENDOR,
    EventProduct: g.log === 'vnet' ? VNET_PRODUCT : NSG_PRODUCT,
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventResult: eventResultFor(action),
    EventSeverity: eventSeverityFor(action),
    DvcAction: action,
    SrcIpAddr: row.srcIp,
    DstIpAddr: row.dstIp,
    NetworkDirection: row.direction,
  } as NetworkSession;
  const additional: Record<string, unknown> = { ...g.additional };
  if (g.version !== undefined) rec.EventProductVersion = String(g.version);
  if (row.state !== undefined) rec.EventOriginalSubType = row.state;
  if (row.decision !== undefined) rec.DvcOriginalAction = row.decision;
  if (g.resourceId !== undefined) {
    rec.DvcId = g.resourceId;
    rec.DvcIdType = 'AzureResourceId';
    if (g.resourceName !== undefined) rec.DvcHostname = rec.Dvc = g.resourceName;
    if (g.subscriptionId !== undefined) rec.DvcSubscriptionId = g.subscriptionId;
  }
  if (row.srcPort !== undefined) rec.SrcPortNumber = row.srcPort;
  if (row.dstPort !== undefined) rec.DstPortNumber = row.dstPort;
  if (row.protocol !== undefined) rec.NetworkProtocol = row.protocol;
  else additional.protocol = row.protocolToken;
  rec.NetworkProtocolVersion = ipVersion(row.srcIp)!;
  if (g.rule !== undefined) rec.NetworkRuleName = g.rule;
  if (g.mac !== undefined) {
    if (row.direction === 'Inbound') rec.DstMacAddr = g.mac;
    else rec.SrcMacAddr = g.mac;
  } else if (g.badMac !== undefined) additional.macAddress = g.badMac;
  if (row.srcPackets !== undefined || row.dstPackets !== undefined || row.srcBytes !== undefined || row.dstBytes !== undefined) {
    setCounters(rec, row.srcPackets, row.srcBytes, row.dstPackets, row.dstBytes);
  }
  if (row.encryption !== undefined) additional.encryption = row.encryption;
  return finishSession(rec, additional);
}

/** The fields `mapTupleLean` fills: the mandatory ones, and what flow counting reads. */
export const LEAN_TUPLE_FIELDS: ReadonlySet<string> = new Set([
  'TimeGenerated', 'EventVendor', 'EventProduct', 'EventSchema', 'EventSchemaVersion', 'EventType', 'EventCount',
  'EventStartTime', 'EventEndTime', 'EventResult', 'EventSeverity', 'Dvc', 'DvcHostname', 'DvcAction', 'SrcIpAddr', 'DstIpAddr',
  'SrcPortNumber', 'DstPortNumber', 'NetworkProtocol', 'NetworkDirection', 'NetworkRuleName', 'DstAppName',
]);

/**
 * A tuple's record when the consumer needs only `LEAN_TUPLE_FIELDS` (`asim detect`'s projection,
 * StreamContext.fields): the same values as `mapTuple` for those fields, without the rest. A third
 * of the allocation, which is most of what `detect` spends on this source.
 */
export function mapTupleLean(row: FlowTupleRow): NetworkSession {
  const g = row.group;
  const time = isoOf(row.timeMs);
  const rec = {
    TimeGenerated: time,
    EventVendor: VENDOR,
    EventProduct: g.log === 'vnet' ? VNET_PRODUCT : NSG_PRODUCT,
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventResult: eventResultFor(row.action),
    EventSeverity: eventSeverityFor(row.action),
    Dvc: g.resourceName ?? (g.log === 'vnet' ? VNET_PRODUCT : NSG_PRODUCT),
    DvcAction: row.action,
    SrcIpAddr: row.srcIp,
    DstIpAddr: row.dstIp,
    NetworkDirection: row.direction,
  } as NetworkSession;
  if (g.resourceName !== undefined) rec.DvcHostname = g.resourceName;
  if (row.srcPort !== undefined) rec.SrcPortNumber = row.srcPort;
  if (row.dstPort !== undefined) rec.DstPortNumber = row.dstPort;
  if (row.protocol !== undefined) rec.NetworkProtocol = row.protocol;
  if (g.rule !== undefined) rec.NetworkRuleName = g.rule;
  return rec;
}

/** The malformed tuples of a record: the record is rejected after its good tuples were emitted. */
export function rejectBadTuples(row: BadTuplesRow): never {
  const emitted = row.total - row.bad;
  throw new RecordRejected(
    'bad-flow-tuple',
    `${row.bad} of ${row.total} flow tuples malformed (the other ${emitted} were emitted): ${row.details.join('; ')}${row.bad > row.details.length ? '; ...' : ''}`,
  );
}

/** Src/Dst packets and bytes, with the totals when both sides are known (R16). */
function setCounters(rec: NetworkSession, srcPackets?: number, srcBytes?: number, dstPackets?: number, dstBytes?: number): void {
  if (srcPackets !== undefined) rec.SrcPackets = srcPackets;
  if (srcBytes !== undefined) rec.SrcBytes = srcBytes;
  if (dstPackets !== undefined) rec.DstPackets = dstPackets;
  if (dstBytes !== undefined) rec.DstBytes = dstBytes;
  if (srcPackets !== undefined || dstPackets !== undefined) rec.NetworkPackets = (srcPackets ?? 0) + (dstPackets ?? 0);
  if (srcBytes !== undefined || dstBytes !== undefined) rec.NetworkBytes = (srcBytes ?? 0) + (dstBytes ?? 0);
}

function tableTime(timeGenerated: string | undefined, fallback: string | undefined, receivedAt: string, additional: Record<string, unknown>): string {
  return sessionTime(undefined, timeGenerated ?? fallback, receivedAt, additional).iso;
}

function protocolOf(l4: string | undefined, additional: Record<string, unknown>): string | undefined {
  if (l4 === undefined) return undefined;
  const name = L4_PROTOCOL[l4 as keyof typeof L4_PROTOCOL] ?? cslProtocolKeyword(l4);
  if (name === undefined) additional.L4Protocol = l4;
  return name;
}

/** `https` → `HTTPS`; Traffic Analytics' `Unknown` is no protocol. */
function applicationProtocol(l7: string | undefined): string | undefined {
  return l7 === undefined || /^unknown$/i.test(l7) ? undefined : l7.toUpperCase();
}

/** An address for `field`, or, when the text is not an IP address, a note in AdditionalFields. */
function setAddress(rec: NetworkSession, field: 'SrcIpAddr' | 'DstIpAddr', ip: string | undefined, additional: Record<string, unknown>): void {
  if (ip === undefined) return;
  if (isIpAddress(ip)) rec[field] = ip;
  else additional[`${field}Original`] = ip;
}

function durationMs(start: string | undefined, end: string | undefined): number | undefined {
  return start === undefined || end === undefined ? undefined : Date.parse(end) - Date.parse(start);
}

/** `<rg>/<vm>` → hostname and resource group, on the side whose address is known (R12). */
function setVm(rec: NetworkSession, side: 'Src' | 'Dst', vm: string | undefined, additional: Record<string, unknown>): void {
  if (vm === undefined) return;
  const slash = vm.lastIndexOf('/');
  const name = vm.slice(slash + 1);
  const group = slash > 0 ? vm.slice(0, slash) : undefined;
  if (name !== '' && rec[`${side}IpAddr`] !== undefined) rec[`${side}Hostname`] = name;
  else if (name !== '') additional[`${side}Vm`] = vm;
  if (group !== undefined) additional[`${side}ResourceGroup`] = group;
}

/** Last `/`-segment (`rg/nic` → `nic`). */
function lastSegment(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const v = s.slice(s.lastIndexOf('/') + 1);
  return v === '' ? undefined : v;
}

function checkedPort(port: number | undefined, column: string): number | undefined {
  if (port !== undefined && !isPort(port)) throw new RecordRejected('bad-value', `${column} ${port} is not a port number`);
  return port;
}

/** Side of the row the capturing NIC (MAC, interface) is on: the destination of inbound flows. */
const NIC_SIDE: Readonly<Record<Direction, 'Src' | 'Dst'>> = { Inbound: 'Dst', Outbound: 'Src' };
/** Side of the public peer (country) for flows crossing the boundary. */
const REMOTE_SIDE: Readonly<Record<Direction, 'Src' | 'Dst'>> = { Inbound: 'Src', Outbound: 'Dst' };

/** One `AzureNetworkAnalytics_CL` aggregate → one Flow record (ASimNetworkSessionAzureNSG, with fixes). */
export function mapAnalytics(row: AnalyticsRow, receivedAt: string): NetworkSession {
  const additional: Record<string, unknown> = { ...row.additional };
  const time = tableTime(row.timeGenerated, row.flowIntervalEnd ?? row.flowEnd, receivedAt, additional);
  const status = row.status ?? row.statusFromCounts;
  const action = status === undefined ? undefined : FLOW_STATUS_ACTION[status as keyof typeof FLOW_STATUS_ACTION];
  const rec = base(time, NSG_PRODUCT, action);
  rec.Type = ANALYTICS_TABLE;
  const flows = row.allowedInFlows + row.deniedInFlows + row.allowedOutFlows + row.deniedOutFlows;
  rec.EventCount = flows > 0 ? flows : 1;
  setIf(rec, 'EventStartTime', row.flowStart);
  setIf(rec, 'EventEndTime', row.flowEnd);
  rec.EventOriginalSubType = row.flowType;
  setIf(rec, 'DvcAction', action);
  setIf(rec, 'DvcOriginalAction', row.status);
  // NSGList_s is `<subscription>/<rg>/<nsg>`: the NSG is the device (Microsoft: Dvc = NSGList_s)
  const nsgName = lastSegment(row.nsgList);
  setIf(rec, 'DvcHostname', nsgName);
  setIf(rec, 'Dvc', nsgName);
  if (row.nsgList !== undefined) additional.NSGList_s = row.nsgList;
  setIf(rec, 'DvcSubscriptionId', row.subscription ?? nsgListSubscription(row.nsgList));

  setAddress(rec, 'SrcIpAddr', row.srcIp, additional);
  setAddress(rec, 'DstIpAddr', row.dstIp, additional);
  if (row.srcPublicIps.length > 1) additional.SrcIpAddresses = row.srcPublicIps;
  if (row.dstPublicIps.length > 1) additional.DstIpAddresses = row.dstPublicIps;
  setIf(rec, 'DstPortNumber', checkedPort(row.dstPort, 'DestPort_d'));
  setIf(rec, 'NetworkProtocol', protocolOf(row.l4Protocol, additional));
  setIf(rec, 'NetworkProtocolVersion', ipVersion(rec.SrcIpAddr ?? rec.DstIpAddr));
  setIf(rec, 'NetworkApplicationProtocol', applicationProtocol(row.l7Protocol));
  rec.NetworkDirection = row.direction;
  setIf(rec, 'NetworkRuleName', row.nsgRule);
  setIf(rec, 'NetworkDuration', durationMs(row.flowStart, row.flowEnd));
  // Traffic Analytics: Outbound* counts src→dst and Inbound* dst→src, whatever the direction
  setCounters(rec, row.outboundPackets, row.outboundBytes, row.inboundPackets, row.inboundBytes);

  const nicSide = NIC_SIDE[row.direction];
  if (row.mac !== undefined) rec[`${nicSide}MacAddr`] = row.mac;
  else if (row.badMac !== undefined) additional.MACAddress_s = row.badMac;
  setIf(rec, `${nicSide}InterfaceName`, lastSegment(row.nic));
  setIf(rec, `${REMOTE_SIDE[row.direction]}GeoCountry`, row.country?.toUpperCase());
  setVm(rec, 'Src', row.srcVm, additional);
  setVm(rec, 'Dst', row.dstVm, additional);
  setIf(rec, '_ResourceId', row.resourceId);
  return finishSession(rec, additional);
}

/** `NSGList_s` is `<subscription>/<rg>/<nsg>`. */
function nsgListSubscription(nsgList: string | undefined): string | undefined {
  if (nsgList === undefined) return undefined;
  const sub = nsgList.split('/', 1)[0]!;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub) ? sub : undefined;
}

/** One `NTANetAnalytics` aggregate → one Flow record (ASimNetworkSessionNTANetAnalytics, with fixes). */
export function mapNta(row: NtaRow, receivedAt: string): NetworkSession {
  const additional: Record<string, unknown> = { ...row.additional };
  const time = tableTime(row.timeGenerated, row.flowEnd, receivedAt, additional);
  const action = row.status === undefined ? undefined : FLOW_STATUS_ACTION[row.status as keyof typeof FLOW_STATUS_ACTION];
  const rec = base(time, VNET_PRODUCT, action);
  rec.Type = NTA_TABLE;
  rec.EventCount = row.completedFlows !== undefined && row.completedFlows > 0 ? row.completedFlows : 1;
  setIf(rec, 'EventStartTime', row.flowStart);
  setIf(rec, 'EventEndTime', row.flowEnd);
  setIf(rec, 'EventUid', row.itemId);
  if (row.flowType !== undefined) {
    rec.EventOriginalSubType = row.flowType;
    setIf(rec, 'EventOriginalResultDetails', NTA_RESULT_DETAILS[row.flowType]);
    rec.SrcZone = NTA_ZONE[row.flowType] ?? 'Unknown';
  }
  setIf(rec, 'DvcAction', action);
  setIf(rec, 'DvcOriginalAction', row.status);

  setAddress(rec, 'SrcIpAddr', row.srcIp ?? row.srcPublicIps[0], additional);
  setAddress(rec, 'DstIpAddr', row.dstIp ?? row.dstPublicIps[0], additional);
  if (row.srcPublicIps.length > 0) additional.SrcIpAddresses = row.srcPublicIps;
  if (row.dstPublicIps.length > 0) additional.DstIpAddresses = row.dstPublicIps;
  if (row.srcPort !== undefined && isPort(row.srcPort)) rec.SrcPortNumber = row.srcPort;
  setIf(rec, 'DstPortNumber', checkedPort(row.dstPort, 'DestPort'));
  setIf(rec, 'NetworkProtocol', protocolOf(row.l4Protocol === 'ICMP' ? 'ICMP' : row.l4Protocol, additional));
  setIf(rec, 'NetworkProtocolVersion', ipVersion(rec.SrcIpAddr ?? rec.DstIpAddr));
  setIf(rec, 'NetworkApplicationProtocol', applicationProtocol(row.l7Protocol));
  if (row.direction !== undefined) rec.NetworkDirection = row.direction;
  else if (row.directionToken !== undefined) additional.FlowDirection = row.directionToken;
  setIf(rec, 'NetworkRuleName', row.aclRule);
  setIf(rec, 'NetworkDuration', durationMs(row.flowStart, row.flowEnd));
  setCounters(rec, row.packetsSrcToDest, row.bytesSrcToDest, row.packetsDestToSrc, row.bytesDestToSrc);

  setIf(rec, 'SrcSubscriptionId', row.srcSubscription);
  setIf(rec, 'DstSubscriptionId', row.dstSubscription);
  setIf(rec, 'SrcInterfaceName', lastSegment(row.srcNic));
  setIf(rec, 'DstInterfaceName', lastSegment(row.dstNic));
  if (row.srcVm !== undefined) setVmName(rec, 'Src', row.srcVm, additional);
  if (row.dstVm !== undefined) setVmName(rec, 'Dst', row.dstVm, additional);
  if (row.direction !== undefined) {
    setIf(rec, `${REMOTE_SIDE[row.direction]}GeoCountry`, row.country?.toUpperCase());
    const nicSide = NIC_SIDE[row.direction];
    if (row.targetResourceId !== undefined) {
      rec[`${nicSide}DvcId`] = row.targetResourceId;
      rec[`${nicSide}DvcIdType`] = 'AzureResourceId';
    }
    if (row.mac !== undefined) rec[`${nicSide}MacAddr`] = row.mac;
  } else if (row.country !== undefined) additional.Country = row.country;
  if (row.mac === undefined && row.badMac !== undefined) additional.MacAddress = row.badMac;
  setIf(rec, '_ResourceId', row.resourceId);
  return finishSession(rec, additional);
}

/** NTANetAnalytics `SrcVm`/`DestVm` are `<subscription>/<rg>/<vm>`: the hostname is the last part. */
function setVmName(rec: NetworkSession, side: 'Src' | 'Dst', vm: string, additional: Record<string, unknown>): void {
  const name = lastSegment(vm);
  if (name !== undefined && rec[`${side}IpAddr`] !== undefined) rec[`${side}Hostname`] = name;
  else additional[`${side}Vm`] = vm;
}
