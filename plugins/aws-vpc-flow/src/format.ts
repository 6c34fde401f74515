/**
 * VPC flow log record formats: which fields a line holds, in which order. The field names are
 * AWS's (`log-status`); underscores (`log_status`, as in Parquet and many tools) are accepted too.
 */

/** How a field's token is read. */
export type FieldKind = 'int' | 'long' | 'epoch' | 'ip' | 'string' | 'action' | 'log-status' | 'traffic-type' | 'flow-direction';

export interface FormatField {
  /** AWS name, hyphenated. */
  readonly name: string;
  /** The AWSVPCFlow column it fills, or an AdditionalFields key for fields the table lacks. */
  readonly column: string;
  readonly kind: FieldKind;
  /** The flow-log format version that introduced the field. */
  readonly version: number;
}

const f = (name: string, column: string, kind: FieldKind, version: number): FormatField => ({ name, column, kind, version });

/** Every documented field, versions 2 to 8. */
export const FORMAT_FIELDS: readonly FormatField[] = [
  f('version', 'Version', 'int', 2),
  f('account-id', 'AccountId', 'string', 2),
  f('interface-id', 'InterfaceId', 'string', 2),
  f('srcaddr', 'SrcAddr', 'ip', 2),
  f('dstaddr', 'DstAddr', 'ip', 2),
  f('srcport', 'SrcPort', 'int', 2),
  f('dstport', 'DstPort', 'int', 2),
  f('protocol', 'Protocol', 'int', 2),
  f('packets', 'Packets', 'long', 2),
  f('bytes', 'Bytes', 'long', 2),
  f('start', 'TimeGenerated', 'epoch', 2),
  f('end', 'End', 'epoch', 2),
  f('action', 'Action', 'action', 2),
  f('log-status', 'LogStatus', 'log-status', 2),
  f('vpc-id', 'VpcId', 'string', 3),
  f('subnet-id', 'SubnetId', 'string', 3),
  f('instance-id', 'InstanceId', 'string', 3),
  f('tcp-flags', 'TcpFlags', 'int', 3),
  f('type', 'TrafficType', 'traffic-type', 3),
  f('pkt-srcaddr', 'PktSrcAddr', 'ip', 3),
  f('pkt-dstaddr', 'PktDstAddr', 'ip', 3),
  f('region', 'Region', 'string', 4),
  f('az-id', 'AzId', 'string', 4),
  f('sublocation-type', 'SublocationType', 'string', 4),
  f('sublocation-id', 'SublocationId', 'string', 4),
  f('pkt-src-aws-service', 'PktSrcAwsService', 'string', 5),
  f('pkt-dst-aws-service', 'PktDstAwsService', 'string', 5),
  f('flow-direction', 'FlowDirection', 'flow-direction', 5),
  f('traffic-path', 'TrafficPath', 'string', 5),
  // Version 6: Transit Gateway fields. The AWSVPCFlow table has no columns for them; they are
  // kept in AdditionalFields under their AWS names.
  ...[
    'resource-type', 'tgw-id', 'tgw-attachment-id', 'tgw-src-vpc-account-id', 'tgw-dst-vpc-account-id',
    'tgw-src-vpc-id', 'tgw-dst-vpc-id', 'tgw-src-subnet-id', 'tgw-dst-subnet-id', 'tgw-src-eni', 'tgw-dst-eni',
    'tgw-src-az-id', 'tgw-dst-az-id', 'tgw-pair-attachment-id', 'packets-lost-no-route', 'packets-lost-blackhole',
    'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired',
  ].map((name) => f(name, name, 'string', 6)),
  f('ecs-cluster-arn', 'EcsClusterArn', 'string', 7),
  f('ecs-cluster-name', 'EcsClusterName', 'string', 7),
  f('ecs-container-instance-arn', 'EcsContainerInstanceArn', 'string', 7),
  f('ecs-container-instance-id', 'EcsContainerInstanceId', 'string', 7),
  f('ecs-container-id', 'EcsContainerId', 'string', 7),
  f('ecs-second-container-id', 'EcsSecondContainerId', 'string', 7),
  f('ecs-service-name', 'EcsServiceName', 'string', 7),
  f('ecs-task-definition-arn', 'EcsTaskDefinitionArn', 'string', 7),
  f('ecs-task-arn', 'EcsTaskArn', 'string', 7),
  f('ecs-task-id', 'EcsTaskId', 'string', 7),
  // Version 8. Not an AWSVPCFlow column: Sentinel's path loses it; we keep it in AdditionalFields.
  f('reject-reason', 'RejectReason', 'string', 8),
];

const BY_NAME = new Map(FORMAT_FIELDS.map((field) => [field.name, field]));

/** The default format (version 2), used when a stream has neither a header line nor a `format` option. */
export const DEFAULT_FORMAT = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

/** A field by AWS name, hyphenated or underscored; undefined if unknown. */
export function formatField(name: string): FormatField | undefined {
  return BY_NAME.get(name.includes('_') ? name.replace(/_/g, '-') : name);
}

/**
 * Parses a format: AWS's `${version} ${account-id} ...` syntax, or a plain list separated by
 * spaces or commas. Throws an Error naming the first unknown field.
 */
export function parseFormat(format: string): FormatField[] {
  const names = format
    .replace(/\$\{([^}]*)\}/g, ' $1 ')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (names.length === 0) throw new Error('the format lists no fields');
  return names.map((name) => {
    const field = formatField(name);
    if (!field) throw new Error(`unknown VPC flow log field "${name}"`);
    return field;
  });
}

/** A record's format version is the highest version among its fields. */
export function formatVersion(fields: readonly FormatField[]): number {
  return fields.reduce((v, field) => Math.max(v, field.version), 2);
}

/** The raw fields each ASIM field's value comes from (see mapping.ts). */
const RAW_SOURCES: Readonly<Record<string, readonly string[]>> = {
  TimeGenerated: ['start', 'end'],
  EventStartTime: ['start', 'end'],
  EventEndTime: ['start', 'end'],
  EventResult: ['action'],
  EventSeverity: ['action'],
  DvcAction: ['action'],
  DvcOriginalAction: ['action'],
  EventOriginalResultDetails: ['log-status'],
  EventProductVersion: ['version'],
  NetworkProtocol: ['protocol'],
  DstPortNumber: ['dstport'],
  SrcPortNumber: ['srcport'],
  SrcIpAddr: ['srcaddr'],
  DstIpAddr: ['dstaddr'],
  NetworkDirection: ['flow-direction'],
  DstAppName: ['pkt-dst-aws-service'],
  SrcAppName: ['pkt-src-aws-service'],
};

/** Fields whose value is a constant of the mapping. */
const CONSTANT = new Set(['EventVendor', 'EventProduct', 'EventSchema', 'EventSchemaVersion', 'EventType', 'EventCount', 'Type']);

/**
 * The raw fields to decode when a consumer needs only `asimFields`, or undefined (decode
 * everything) when one of them is not in the table above. `log-status` is always read: it
 * decides which records are sessions.
 */
export function rawFieldsFor(asimFields: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (asimFields === undefined) return undefined;
  const raw = new Set(['log-status', 'version']);
  for (const f of asimFields) {
    if (CONSTANT.has(f)) continue;
    const sources = RAW_SOURCES[f];
    if (sources === undefined) return undefined;
    for (const s of sources) raw.add(s);
  }
  return raw;
}
