import {
  eventResultFor,
  eventSeverityFor,
  ianaProtocolName,
  type NetworkSession,
} from '@asimkit/schema';
import { finishSession, IsoMillisCache, skip, type Skip } from '@asimkit/sdk';
import type { AwsVpcFlowRow } from './row.js';

export const DVC_ACTION = { ACCEPT: 'Allow', REJECT: 'Deny' } as const;
export const NETWORK_DIRECTION = { ingress: 'Inbound', egress: 'Outbound' } as const;
export const SKIP_REASON: Record<string, string> = {
  NODATA: 'log-status NODATA (no traffic in the interval)',
  SKIPDATA: 'log-status SKIPDATA (AWS skipped records; flows were lost)',
};

/** Row fields with no ASIM field of their own, kept in AdditionalFields under their AWS names. */
const ADDITIONAL = new Map<string, string>([
  ['Region', 'region'],
  ['AzId', 'az-id'],
  ['SubnetId', 'subnet-id'],
  ['InstanceId', 'instance-id'],
  ['SublocationType', 'sublocation-type'],
  ['SublocationId', 'sublocation-id'],
  ['TrafficPath', 'traffic-path'],
  ['EcsClusterArn', 'ecs-cluster-arn'],
  ['EcsClusterName', 'ecs-cluster-name'],
  ['EcsContainerInstanceArn', 'ecs-container-instance-arn'],
  ['EcsContainerInstanceId', 'ecs-container-instance-id'],
  ['EcsContainerId', 'ecs-container-id'],
  ['EcsSecondContainerId', 'ecs-second-container-id'],
  ['EcsServiceName', 'ecs-service-name'],
  ['EcsTaskDefinitionArn', 'ecs-task-definition-arn'],
  ['EcsTaskArn', 'ecs-task-arn'],
  ['EcsTaskId', 'ecs-task-id'],
  ['RejectReason', 'reject-reason'],
]);

/** v6 Transit Gateway fields, kept under their own names. */
const isTgwField = (key: string): boolean => key.startsWith('tgw-') || key.startsWith('packets-lost-') || key === 'resource-type';

/** Each row column's AdditionalFields key (null: none), as found the first time: rows have the same few columns. */
const ADDITIONAL_KEY = new Map<string, string | null>();

function additionalKey(column: string): string | null {
  let key = ADDITIONAL_KEY.get(column);
  if (key === undefined) {
    key = ADDITIONAL.get(column) ?? (isTgwField(column) ? column : null);
    if (ADDITIONAL_KEY.size < 4096) ADDITIONAL_KEY.set(column, key);
  }
  return key;
}

/** The columns of the last row mapped, by place, and their AdditionalFields keys. */
const lastColumns: string[] = [];
const lastKeys: (string | null)[] = [];

const instants = new IsoMillisCache();
const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

/** The columns of a row of the default (v2) format, in its order: the raw decoder's rows of most streams. */
const V2_COLUMNS = ['Version', 'AccountId', 'InterfaceId', 'SrcAddr', 'DstAddr', 'SrcPort', 'DstPort', 'Protocol', 'Packets', 'Bytes', 'TimeGenerated', 'End', 'Action', 'LogStatus'];

/** Maps one AWSVPCFlow row to ASIM. See the plugin README for every decision and deviation. */
export function mapFlow(row: AwsVpcFlowRow, receivedAt: string): NetworkSession | Skip {
  return mapDefaultFlow(row) ?? mapFlowByField(row, receivedAt);
}

/**
 * What `mapFlowByField` makes of a complete row of the default format (every column there, an OK
 * status, an action, an interface and both addresses, a duration ASIM holds), as one object
 * literal with its keys in that function's order: the record is allocated once, in V8's fast
 * layout, instead of growing by 24 stores, and its aliases are set as `applyAliases` would set
 * them. Undefined for any other row. The tests hold the two to the same records; the JSON-lines
 * fast path (json-lines.ts) writes its records from a template read off this function's.
 */
export function mapDefaultFlow(row: AwsVpcFlowRow): NetworkSession | undefined {
  let i = 0;
  for (const column in row) if (column !== V2_COLUMNS[i++]) return undefined;
  if (i !== V2_COLUMNS.length || row.LogStatus !== 'OK') return undefined;
  const { InterfaceId: iface, SrcAddr: src, DstAddr: dst, TimeGenerated: time, End: end } = row;
  // the values applyAliases copies must be present (not '' or null), the others only defined
  if (typeof iface !== 'string' || iface === '' || typeof src !== 'string' || src === '' || typeof dst !== 'string' || dst === '') return undefined;
  if (time === undefined || end === undefined || row.Version === undefined || row.AccountId === undefined || row.Protocol === undefined) return undefined;
  if (row.SrcPort === undefined || row.DstPort === undefined || row.Packets === undefined || row.Bytes === undefined) return undefined;
  const action = row.Action === 'ACCEPT' ? 'Allow' : row.Action === 'REJECT' ? 'Deny' : undefined;
  if (action === undefined) return undefined;
  const duration = instants.millis(end) - instants.millis(time);
  if (!(duration >= 0 && duration <= 2147483647)) return undefined;
  return {
    TimeGenerated: time,
    Type: 'AWSVPCFlow',
    EventVendor: 'AWS',
    EventProduct: 'VPC',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: end,
    EventResult: eventResultFor(action),
    EventSeverity: eventSeverityFor(action),
    Dvc: iface,
    EventProductVersion: String(row.Version),
    EventOriginalResultDetails: 'OK',
    DvcAction: action,
    DvcOriginalAction: row.Action,
    DvcId: iface,
    DvcIdType: 'Other',
    DvcSubscriptionId: row.AccountId,
    DvcInboundInterface: iface,
    SrcIpAddr: src,
    DstIpAddr: dst,
    SrcPortNumber: row.SrcPort,
    DstPortNumber: row.DstPort,
    NetworkProtocol: networkProtocol(row.Protocol),
    NetworkProtocolVersion: src.includes(':') ? 'IPv6' : 'IPv4',
    NetworkBytes: row.Bytes,
    SrcBytes: row.Bytes,
    NetworkPackets: row.Packets,
    SrcPackets: row.Packets,
    NetworkDuration: duration,
    Src: src,
    Dst: dst,
    Duration: duration,
    DvcInterface: iface,
    IpAddr: src,
  } as NetworkSession;
}

/** @internal Maps any row field by field (mapFlow's path for all but the default format's complete rows). */
export function mapFlowByField(row: AwsVpcFlowRow, receivedAt: string): NetworkSession | Skip {
  const status = row.LogStatus;
  if (status !== undefined && status !== 'OK') return skip(SKIP_REASON[status] ?? `log-status ${status}`);

  // most rows have no additional field: the object is made for the first
  let additional: Record<string, unknown> | undefined;
  let time = row.TimeGenerated ?? row.End;
  if (time === undefined) {
    time = receivedAt;
    additional = { TimeGeneratedSource: 'receive time (the record has no start or end)' };
  }
  const action = row.Action === undefined ? undefined : DVC_ACTION[row.Action as keyof typeof DVC_ACTION];
  const dvcId = row.VpcId ?? row.InterfaceId ?? row['tgw-id'];

  const rec: NetworkSession = {
    TimeGenerated: time,
    Type: row.Type ?? 'AWSVPCFlow',
    EventVendor: 'AWS',
    EventProduct: 'VPC',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: row.End ?? time,
    EventResult: eventResultFor(action),
    EventSeverity: eventSeverityFor(action),
    Dvc: dvcId ?? 'VPC',
  } as NetworkSession;

  if (row.Version !== undefined) rec.EventProductVersion = String(row.Version);
  if (status !== undefined) rec.EventOriginalResultDetails = status;
  if (action !== undefined) rec.DvcAction = action;
  if (row.Action !== undefined) rec.DvcOriginalAction = row.Action;
  if (dvcId !== undefined) {
    rec.DvcId = dvcId;
    rec.DvcIdType = row.VpcId !== undefined ? 'AwsVpcId' : 'Other';
  }
  if (row.AccountId !== undefined) rec.DvcSubscriptionId = row.AccountId;
  if (row.InterfaceId !== undefined) rec.DvcInboundInterface = row.InterfaceId;

  if (row.SrcAddr !== undefined) rec.SrcIpAddr = row.SrcAddr;
  if (row.DstAddr !== undefined) rec.DstIpAddr = row.DstAddr;
  if (row.SrcPort !== undefined) rec.SrcPortNumber = row.SrcPort;
  if (row.DstPort !== undefined) rec.DstPortNumber = row.DstPort;
  if (row.PktSrcAddr !== undefined && row.PktSrcAddr !== row.SrcAddr) rec.SrcNatIpAddr = row.PktSrcAddr;
  if (row.PktDstAddr !== undefined && row.PktDstAddr !== row.DstAddr) rec.DstNatIpAddr = row.PktDstAddr;

  if (row.Protocol !== undefined) rec.NetworkProtocol = networkProtocol(row.Protocol);
  const ipVersion = ipVersionOf(row);
  if (ipVersion !== undefined) rec.NetworkProtocolVersion = ipVersion;
  if (row.TrafficType === 'EFA') (additional ??= {}).type = 'EFA';
  const direction = row.FlowDirection === undefined ? undefined : NETWORK_DIRECTION[row.FlowDirection as keyof typeof NETWORK_DIRECTION];
  if (direction !== undefined) rec.NetworkDirection = direction;

  if (row.Bytes !== undefined) rec.SrcBytes = rec.NetworkBytes = row.Bytes;
  if (row.Packets !== undefined) rec.SrcPackets = rec.NetworkPackets = row.Packets;
  if (row.TimeGenerated !== undefined && row.End !== undefined) {
    // an end before the start (clock skew, a damaged record) is no duration; ASIM's is a 32-bit count of ms
    const duration = instants.millis(row.End) - instants.millis(row.TimeGenerated);
    if (duration >= 0 && duration <= 2147483647) rec.NetworkDuration = duration;
  }
  const flags = row.TcpFlags;
  if (flags !== undefined) {
    // AWS's tcp-flags bits, OR-ed over the aggregation interval; ECE, CWR and NS are never reported.
    // Named stores: setting them by a computed name would turn the record into a slow dictionary.
    rec.TcpFlagsFin = (flags & 1) !== 0;
    rec.TcpFlagsSyn = (flags & 2) !== 0;
    rec.TcpFlagsRst = (flags & 4) !== 0;
    rec.TcpFlagsPsh = (flags & 8) !== 0;
    rec.TcpFlagsAck = (flags & 16) !== 0;
    rec.TcpFlagsUrg = (flags & 32) !== 0;
  }

  if (row.PktSrcAwsService !== undefined) {
    rec.SrcAppName = row.PktSrcAwsService;
    rec.SrcAppType = 'Other';
  }
  if (row.PktDstAwsService !== undefined) {
    rec.DstAppName = row.PktDstAwsService;
    rec.DstAppType = 'Other';
  }

  // one pass over the row's own keys: cheaper than probing 18 mostly absent columns by name; a
  // column's key is found by its place when the row is keyed as the last one (rows of a stream are)
  let i = 0;
  for (const column in row) {
    let key: string | null | undefined;
    if (lastColumns[i] === column) key = lastKeys[i];
    else {
      key = additionalKey(column);
      lastColumns[i] = column;
      lastKeys[i] = key;
    }
    i++;
    if (key === null) continue;
    const value = (row as Record<string, unknown>)[column];
    if (value !== undefined) (additional ??= {})[key!] = value;
  }
  if (row._ResourceId !== undefined) rec._ResourceId = row._ResourceId;
  return finishSession(rec, additional ?? NONE);
}

/** The IANA keyword of a protocol number; numbers without one are `Unassigned`. */
export function networkProtocol(protocol: number): string {
  return ianaProtocolName(protocol) ?? 'Unassigned';
}

/** From the `type` field when it says IPv4/IPv6, else from the address text. */
function ipVersionOf(row: AwsVpcFlowRow): 'IPv4' | 'IPv6' | undefined {
  if (row.TrafficType === 'IPv4' || row.TrafficType === 'IPv6') return row.TrafficType;
  const addr = row.SrcAddr ?? row.DstAddr;
  if (addr === undefined) return undefined;
  return addr.includes(':') ? 'IPv6' : 'IPv4';
}
