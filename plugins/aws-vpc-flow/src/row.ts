/**
 * One flow record in the shape of Sentinel's `AWSVPCFlow` table: what both the raw decoder and the
 * table-form reader produce, and what the mapping reads. `-` tokens become absent values.
 */
export interface AwsVpcFlowRow {
  /** ISO-8601: the flow's `start` (Sentinel's connector sets TimeGenerated from it). */
  TimeGenerated?: string;
  Version?: number;
  AccountId?: string;
  InterfaceId?: string;
  SrcAddr?: string;
  DstAddr?: string;
  SrcPort?: number;
  DstPort?: number;
  Protocol?: number;
  Packets?: number;
  Bytes?: number;
  /** ISO-8601: the flow's `end`. */
  End?: string;
  Action?: string;
  LogStatus?: string;
  VpcId?: string;
  SubnetId?: string;
  InstanceId?: string;
  TcpFlags?: number;
  TrafficType?: string;
  PktSrcAddr?: string;
  PktDstAddr?: string;
  Region?: string;
  AzId?: string;
  SublocationType?: string;
  SublocationId?: string;
  PktSrcAwsService?: string;
  PktDstAwsService?: string;
  FlowDirection?: string;
  TrafficPath?: string;
  EcsClusterArn?: string;
  EcsClusterName?: string;
  EcsContainerInstanceArn?: string;
  EcsContainerInstanceId?: string;
  EcsContainerId?: string;
  EcsSecondContainerId?: string;
  EcsServiceName?: string;
  EcsTaskDefinitionArn?: string;
  EcsTaskArn?: string;
  EcsTaskId?: string;
  /** v8 `reject-reason`; no AWSVPCFlow column. */
  RejectReason?: string;
  /** v6 Transit Gateway fields under their AWS names; no AWSVPCFlow columns. */
  [tgwField: `tgw-${string}` | `packets-lost-${string}`]: string | undefined;
  'resource-type'?: string;
  /** Table form only: the table the row came from. */
  Type?: string;
  /** Table form only. */
  _ResourceId?: string;
}

export const ACTIONS = ['ACCEPT', 'REJECT'] as const;
export const LOG_STATUSES = ['OK', 'NODATA', 'SKIPDATA'] as const;
export const TRAFFIC_TYPES = ['IPv4', 'IPv6', 'EFA'] as const;
export const FLOW_DIRECTIONS = ['ingress', 'egress'] as const;

/** The values each enumerated field kind may take. */
export const VPC_ENUMS: Readonly<Record<'action' | 'log-status' | 'traffic-type' | 'flow-direction', readonly string[]>> = {
  action: ACTIONS,
  'log-status': LOG_STATUSES,
  'traffic-type': TRAFFIC_TYPES,
  'flow-direction': FLOW_DIRECTIONS,
};
