import { isIpAddress, RecordRejected, skip, tableString, type Skip, type TableRow } from '@asimkit/sdk';
import type { AnalyticsRow, Direction, NtaRow } from './row.js';
import { normalizeMac, tableInstant, tableWholeNumber } from './values.js';

/**
 * The table form: Traffic Analytics rows of `AzureNetworkAnalytics_CL` (NSG flow logs; what
 * Microsoft's ASIM parser reads) and `NTANetAnalytics` (VNet flow logs, its successor), as
 * exported from Log Analytics (CSV, JSON) — and msticpy's projection of the former, whose columns
 * drop the type suffixes (`FlowType`, `VMIPAddress`, `AllExtIPs`, ...).
 */

export const ANALYTICS_TABLE = 'AzureNetworkAnalytics_CL';
export const NTA_TABLE = 'NTANetAnalytics';

/** Each logical column: its `AzureNetworkAnalytics_CL` name, then msticpy's name for it. */
const TA = {
  subType: ['SubType_s'],
  flowType: ['FlowType_s', 'FlowType'],
  direction: ['FlowDirection_s', 'FlowDirection'],
  status: ['FlowStatus_s', 'FlowStatus'],
  l4: ['L4Protocol_s', 'L4Protocol'],
  l7: ['L7Protocol_s', 'L7Protocol'],
  srcIp: ['SrcIP_s', 'SrcIP'],
  dstIp: ['DestIP_s', 'DestIP'],
  srcPublicIps: ['SrcPublicIPs_s'],
  dstPublicIps: ['DestPublicIPs_s'],
  /** FASchemaVersion 1: the public side's IPs, with VMIP_s / VM_s the Azure side. */
  publicIps: ['PublicIPs_s', 'PublicIPs'],
  vmIp: ['VMIP_s', 'VMIPAddress'],
  vm: ['VM_s'],
  dstPort: ['DestPort_d', 'DestPort'],
  nsgList: ['NSGList_s'],
  nsgRule: ['NSGRule_s'],
  mac: ['MACAddress_s'],
  nic: ['NIC_s'],
  vm1: ['VM1_s'],
  vm2: ['VM2_s'],
  subscription: ['Subscription_g'],
  country: ['Country_s'],
  connectionName: ['ConnectionName_s'],
  flowStart: ['FlowStartTime_t', 'FlowStartTime'],
  flowEnd: ['FlowEndTime_t', 'FlowEndTime'],
  flowIntervalEnd: ['FlowIntervalEndTime_t', 'FlowIntervalEndTime'],
  allowedIn: ['AllowedInFlows_d', 'AllowedInFlows'],
  deniedIn: ['DeniedInFlows_d', 'DeniedInFlows'],
  allowedOut: ['AllowedOutFlows_d', 'AllowedOutFlows'],
  deniedOut: ['DeniedOutFlows_d', 'DeniedOutFlows'],
  inboundBytes: ['InboundBytes_d'],
  inboundPackets: ['InboundPackets_d'],
  outboundBytes: ['OutboundBytes_d'],
  outboundPackets: ['OutboundPackets_d'],
} as const;

/** Columns with no ASIM field, kept in AdditionalFields under their own names. */
const TA_ADDITIONAL = [
  'FASchemaVersion_s', 'NSGRuleType_s', 'ConnectionType_s', 'ConnectingVNets_s', 'Region_s', 'Region1_s', 'Region2_s',
  'AzureRegion_s', 'Subnet1_s', 'Subnet2_s', 'Subnet_s', 'Subscription1_g', 'Subscription2_g', 'NIC1_s', 'NIC2_s',
  'ApplicationGateway1_s', 'ApplicationGateway2_s', 'LoadBalancer1_s', 'LoadBalancer2_s', 'LocalNetworkGateway1_s',
  'LocalNetworkGateway2_s', 'ExpressRouteCircuit1_s', 'ExpressRouteCircuit2_s', 'ExpressRouteCircuitPeeringType_s',
  'IsFlowCapturedAtUDRHop_b', 'TimeProcessed_t', 'FlowIntervalStartTime_t', 'FlowIntervalEndTime_t', 'ConnectionName_s',
  // msticpy's projection
  'TenantId', 'VMRegion', 'RemoteRegion', 'FlowIntervalEndTime',
] as const;

const NTA_ADDITIONAL = [
  'FASchemaVersion', 'FlowLogResourceId', 'TargetResourceType', 'AclGroup', 'FlowEncryption', 'Region', 'SrcRegion', 'DestRegion',
  'SrcSubnet', 'DestSubnet', 'SrcLoadBalancer', 'DestLoadBalancer', 'SrcApplicationGateway', 'DestApplicationGateway',
  'ConnectionName', 'ConnectionType', 'IsFlowCapturedAtUdrHop', 'FlowIntervalStartTime', 'FlowIntervalEndTime',
  'AllowedInFlows', 'DeniedInFlows', 'AllowedOutFlows', 'DeniedOutFlows', 'SrcPorts',
] as const;

/** Keys that only a `NTANetAnalytics` row has (its IP columns end in `Ip`, not `IP`). */
const NTA_ONLY_KEYS = ['SrcIp', 'DestIp', 'AclRule', 'BytesSrcToDest', 'BytesDestToSrc', 'CompletedFlows', 'SrcVm', 'DestVm', 'TargetResourceId'];
/** Keys that only an `AzureNetworkAnalytics_CL` row (or msticpy's projection of one) has. */
const ANALYTICS_ONLY_KEYS = ['FlowType_s', 'FlowDirection_s', 'SubType_s', 'L4Protocol_s', 'DestPort_d', 'VMIPAddress', 'AllowedOutFlows', 'SrcIP', 'DestIP'];

/** Which Traffic Analytics table a row is from: its `Type`, else the columns it has. */
export function flowTableOf(row: TableRow): typeof ANALYTICS_TABLE | typeof NTA_TABLE | undefined {
  const type = tableString(row.Type);
  if (type === ANALYTICS_TABLE || type === NTA_TABLE) return type;
  if (type !== undefined) return undefined;
  if (NTA_ONLY_KEYS.some((k) => k in row)) return NTA_TABLE;
  if (ANALYTICS_ONLY_KEYS.some((k) => k in row)) return ANALYTICS_TABLE;
  return undefined;
}

/** AzureDiagnostics rows of the AzureNSG connector: rule events and counters, not flows. */
const NSG_DIAGNOSTIC_CATEGORIES = new Set(['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter']);

/** An exported row → the row the mapping reads, or a Skip (not a flow row). */
export function fromFlowTable(t: TableRow): AnalyticsRow | NtaRow | Skip {
  const table = flowTableOf(t);
  if (table === ANALYTICS_TABLE) return analyticsRow(t);
  if (table === NTA_TABLE) return ntaRow(t);
  const category = tableString(t.Category) ?? tableString(t.category);
  if (category !== undefined && NSG_DIAGNOSTIC_CATEGORIES.has(category)) return skip(`NSG rule event (${category}): no flow, no source address`);
  const type = tableString(t.Type);
  throw new RecordRejected(
    'not-a-flow-row',
    type === undefined ? 'neither an AzureNetworkAnalytics_CL nor an NTANetAnalytics row (no Type column, no Traffic Analytics columns)' : `a ${type} row, not AzureNetworkAnalytics_CL or NTANetAnalytics`,
  );
}

function first(t: TableRow, names: readonly string[]): unknown {
  for (const n of names) {
    const v = t[n];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function text(t: TableRow, names: readonly string[]): string | undefined {
  return tableString(first(t, names))?.trim() || undefined;
}

function whole(t: TableRow, names: readonly string[]): number | undefined {
  const v = first(t, names);
  const n = tableWholeNumber(v);
  if (Number.isNaN(n)) throw new RecordRejected('bad-value', `${names[0]} "${String(v)}" is not a whole number`);
  return n;
}

function instant(t: TableRow, names: readonly string[]): string | undefined {
  const v = first(t, names);
  const ms = tableInstant(v);
  // beyond ±8.64e15 ms a Date is invalid (an epoch number too large): a bad time, not a parser error
  if (Number.isNaN(ms) || (ms !== undefined && Math.abs(ms) > 8.64e15)) throw new RecordRejected('bad-time', `${names[0]} "${String(v)}" is not a datetime`);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/**
 * The IP addresses of a public-IP list: Traffic Analytics writes space-separated entries
 * `IP|flowsStarted|flowsEnded|outPackets|inPackets|outBytes|inBytes`; msticpy a Python list
 * `['13.71.172.130', '13.71.172.128']`. Entries that are not IP addresses are left out.
 */
export function publicIpList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ips: string[] = [];
  for (const token of value.split(/[\s,[\]'"]+/)) {
    const ip = token.split('|', 1)[0]!;
    if (isIpAddress(ip)) ips.push(ip);
  }
  return ips;
}

function keep(t: TableRow, names: readonly string[], into: Record<string, unknown>): void {
  for (const n of names) {
    const v = t[n];
    if (v !== undefined && v !== null && v !== '') into[n] = v;
  }
}

function directionOf(token: string | undefined): Direction | undefined {
  if (token === 'I' || token === 'Inbound') return 'Inbound';
  if (token === 'O' || token === 'Outbound') return 'Outbound';
  return undefined;
}

function analyticsRow(t: TableRow): AnalyticsRow | Skip {
  const flowType = text(t, TA.flowType);
  if (flowType === undefined) return skip(`not a flow row (no FlowType_s; SubType_s ${text(t, TA.subType) ?? 'empty'})`);
  const directionToken = text(t, TA.direction);
  const direction = directionOf(directionToken);
  // Microsoft's parser has one branch per direction and drops every other row
  if (directionToken !== 'I' && directionToken !== 'O') return skip(`FlowDirection_s "${directionToken ?? ''}" is neither I nor O`);

  const allowedIn = whole(t, TA.allowedIn) ?? 0;
  const deniedIn = whole(t, TA.deniedIn) ?? 0;
  const allowedOut = whole(t, TA.allowedOut) ?? 0;
  const deniedOut = whole(t, TA.deniedOut) ?? 0;
  const additional: Record<string, unknown> = {};
  keep(t, TA_ADDITIONAL, additional);

  let srcIp: string | undefined = text(t, TA.srcIp);
  let dstIp: string | undefined = text(t, TA.dstIp);
  let srcPublicIps = publicIpList(text(t, TA.srcPublicIps));
  let dstPublicIps = publicIpList(text(t, TA.dstPublicIps));
  let srcVm = text(t, TA.vm1);
  let dstVm = text(t, TA.vm2);
  // FASchemaVersion 1 (and msticpy): the Azure VM's side is VMIP_s / VM_s, the other side PublicIPs_s
  const vmIp = text(t, TA.vmIp);
  const vm = text(t, TA.vm) ?? msticpyVm(t);
  const publicIps = publicIpList(text(t, TA.publicIps));
  // msticpy expands each aggregate into one row per public IP (AllExtIPs): that row's peer
  const expandedIp = text(t, ['AllExtIPs']);
  const peer = isIpAddress(expandedIp) ? expandedIp : publicIps[0];
  if (direction === 'Outbound') {
    if (srcIp === undefined) srcIp = vmIp;
    if (srcVm === undefined) srcVm = vm;
    if (dstIp === undefined && dstPublicIps.length === 0) [dstIp, dstPublicIps] = [peer, publicIps];
  } else {
    if (dstIp === undefined) dstIp = vmIp;
    if (dstVm === undefined) dstVm = vm;
    if (srcIp === undefined && srcPublicIps.length === 0) [srcIp, srcPublicIps] = [peer, publicIps];
  }
  srcIp ??= srcPublicIps[0];
  dstIp ??= dstPublicIps[0];

  const macText = text(t, TA.mac);
  const mac = macText === undefined ? undefined : normalizeMac(macText);
  return {
    kind: 'analytics',
    timeGenerated: instant(t, ['TimeGenerated']),
    flowStart: instant(t, TA.flowStart),
    flowEnd: instant(t, TA.flowEnd),
    flowIntervalEnd: instant(t, TA.flowIntervalEnd),
    flowType,
    direction: direction!,
    status: text(t, TA.status),
    statusFromCounts: statusFromCounts(allowedIn + allowedOut, deniedIn + deniedOut),
    l4Protocol: text(t, TA.l4),
    l7Protocol: text(t, TA.l7),
    srcIp,
    dstIp,
    srcPublicIps,
    dstPublicIps,
    dstPort: whole(t, TA.dstPort),
    nsgList: text(t, TA.nsgList),
    nsgRule: text(t, TA.nsgRule),
    mac,
    badMac: mac === undefined ? macText : undefined,
    nic: text(t, TA.nic),
    srcVm,
    dstVm,
    subscription: text(t, TA.subscription),
    country: text(t, TA.country),
    connectionName: text(t, TA.connectionName),
    allowedInFlows: allowedIn,
    deniedInFlows: deniedIn,
    allowedOutFlows: allowedOut,
    deniedOutFlows: deniedOut,
    inboundBytes: whole(t, TA.inboundBytes),
    inboundPackets: whole(t, TA.inboundPackets),
    outboundBytes: whole(t, TA.outboundBytes),
    outboundPackets: whole(t, TA.outboundPackets),
    additional,
    resourceId: text(t, ['_ResourceId']),
  };
}

/** msticpy splits VM_s into ResourceGroup and VMName. */
function msticpyVm(t: TableRow): string | undefined {
  const name = text(t, ['VMName']);
  if (name === undefined) return undefined;
  return `${text(t, ['ResourceGroup']) ?? ''}/${name}`;
}

/**
 * A row's decision when the export lacks FlowStatus_s (msticpy's): Traffic Analytics aggregates
 * per NSG rule, so a row's flows are all allowed or all denied, and the counts say which.
 */
function statusFromCounts(allowed: number, denied: number): string | undefined {
  if (allowed > 0 && denied === 0) return 'A';
  if (denied > 0 && allowed === 0) return 'D';
  return undefined;
}

function ntaRow(t: TableRow): NtaRow | Skip {
  const subType = text(t, ['SubType']);
  if (subType !== undefined && subType !== 'FlowLog') return skip(`SubType "${subType}" is not FlowLog`);
  const additional: Record<string, unknown> = {};
  keep(t, NTA_ADDITIONAL, additional);
  const srcPorts = text(t, ['SrcPorts']);
  const firstSrcPort = srcPorts === undefined ? undefined : tableWholeNumber(srcPorts.split('|', 1)[0]);
  const macText = text(t, ['MacAddress']);
  const mac = macText === undefined ? undefined : normalizeMac(macText);
  const directionToken = text(t, ['FlowDirection']);
  return {
    kind: 'nta',
    timeGenerated: instant(t, ['TimeGenerated']),
    flowStart: instant(t, ['FlowStartTime']),
    flowEnd: instant(t, ['FlowEndTime']),
    flowType: text(t, ['FlowType']),
    direction: directionOf(directionToken),
    directionToken,
    status: text(t, ['FlowStatus']),
    l4Protocol: text(t, ['L4Protocol']),
    l7Protocol: text(t, ['L7Protocol']),
    srcIp: text(t, ['SrcIp']),
    dstIp: text(t, ['DestIp']),
    srcPublicIps: publicIpList(text(t, ['SrcPublicIps'])),
    dstPublicIps: publicIpList(text(t, ['DestPublicIps'])),
    srcPort: firstSrcPort !== undefined && Number.isInteger(firstSrcPort) ? firstSrcPort : undefined,
    srcPorts,
    dstPort: whole(t, ['DestPort']),
    srcVm: text(t, ['SrcVm']),
    dstVm: text(t, ['DestVm']),
    srcSubscription: text(t, ['SrcSubscription']),
    dstSubscription: text(t, ['DestSubscription']),
    srcNic: text(t, ['SrcNic']),
    dstNic: text(t, ['DestNic']),
    aclRule: text(t, ['AclRule']),
    country: text(t, ['Country']),
    completedFlows: whole(t, ['CompletedFlows']),
    bytesSrcToDest: whole(t, ['BytesSrcToDest']),
    bytesDestToSrc: whole(t, ['BytesDestToSrc']),
    packetsSrcToDest: whole(t, ['PacketsSrcToDest']),
    packetsDestToSrc: whole(t, ['PacketsDestToSrc']),
    targetResourceId: text(t, ['TargetResourceId']),
    mac,
    badMac: mac === undefined ? macText : undefined,
    itemId: text(t, ['_ItemId']),
    additional,
    resourceId: text(t, ['_ResourceId']),
  };
}
