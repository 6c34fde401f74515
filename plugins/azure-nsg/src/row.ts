/**
 * The rows the mapping reads. A raw flow-log record yields one `FlowTupleRow` per flow tuple (and,
 * when some tuples are malformed, one `BadTuplesRow` after the good ones); a Traffic Analytics
 * table row yields one `AnalyticsRow` or `NtaRow`.
 */
export type AzureNsgRow = FlowTupleRow | BadTuplesRow | AnalyticsRow | NtaRow;

/** Which flow log a tuple comes from: NSG flow logs (v1, v2) or VNet flow logs (v4). */
export type FlowLogKind = 'nsg' | 'vnet';

/**
 * What every tuple of one rule × NIC group of a blob record shares, computed once per group: the
 * tuples point at it instead of copying it.
 */
export interface FlowGroup {
  readonly log: FlowLogKind;
  /** `properties.Version` (NSG) or `flowLogVersion` (VNet). */
  readonly version: number | undefined;
  /** NSG: the NSG's `resourceId`; VNet: `targetResourceID` (VNet, subnet or NIC). */
  readonly resourceId: string | undefined;
  /** Last segment of `resourceId`: the NSG (or VNet/subnet/NIC) name. */
  readonly resourceName: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly rule: string | undefined;
  /** The NIC's MAC, colon-separated upper case; undefined when absent or not a MAC. */
  readonly mac: string | undefined;
  /** Raw MAC text when it could not be read as one. */
  readonly badMac: string | undefined;
  /** What goes to AdditionalFields of every tuple of the group (systemId, aclID, flowLogGUID, ...). */
  readonly additional: Readonly<Record<string, unknown>>;
}

/** One flow tuple, decoded and checked. */
export interface FlowTupleRow {
  readonly kind: 'tuple';
  readonly group: FlowGroup;
  /** Epoch milliseconds (NSG tuples carry seconds, VNet tuples milliseconds). */
  readonly timeMs: number;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number | undefined;
  readonly dstPort: number | undefined;
  /** ASIM NetworkProtocol (`TCP`, `UDP`, an IANA keyword, `Unassigned`), or undefined for an unknown NSG letter. */
  readonly protocol: string | undefined;
  /** The protocol token as logged. */
  readonly protocolToken: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly action: 'Allow' | 'Deny';
  /** NSG v1/v2: the decision letter `A`/`D`; VNet tuples have none. */
  readonly decision: string | undefined;
  /** v2 / VNet flow state: `B`, `C`, `E` (and `D` for a denied VNet flow); v1 has none. */
  readonly state: string | undefined;
  /** VNet only: encryption status (`X`, `NX`, `NX_HW_NOT_SUPPORTED`, ...). */
  readonly encryption: string | undefined;
  readonly srcPackets: number | undefined;
  readonly srcBytes: number | undefined;
  readonly dstPackets: number | undefined;
  readonly dstBytes: number | undefined;
}

/** The malformed tuples of one record, listed after its good tuples (see the README, "Accounting"). */
export interface BadTuplesRow {
  readonly kind: 'bad-tuples';
  readonly bad: number;
  readonly total: number;
  /** The first few problems, each naming the tuple's position and text. */
  readonly details: readonly string[];
}

/** Directions as both Traffic Analytics tables spell them, once read. */
export type Direction = 'Inbound' | 'Outbound';

/**
 * One `AzureNetworkAnalytics_CL` flow row, read from the table's own columns (`FlowType_s`, ...)
 * or from msticpy's projection of them (`FlowType`, `VMIPAddress`, `AllExtIPs`, ...).
 */
export interface AnalyticsRow {
  readonly kind: 'analytics';
  readonly timeGenerated: string | undefined;
  readonly flowStart: string | undefined;
  readonly flowEnd: string | undefined;
  readonly flowIntervalEnd: string | undefined;
  readonly flowType: string;
  readonly direction: Direction;
  /** `FlowStatus_s`: `A` / `D`. */
  readonly status: string | undefined;
  /** Without a FlowStatus column (msticpy's export): `A` / `D` as the flow counts say. */
  readonly statusFromCounts: string | undefined;
  readonly l4Protocol: string | undefined;
  readonly l7Protocol: string | undefined;
  /** The source / destination address: the private IP column, else the public IP of the row. */
  readonly srcIp: string | undefined;
  readonly dstIp: string | undefined;
  /** Every public IP of the row's source / destination side, in Traffic Analytics' order. */
  readonly srcPublicIps: readonly string[];
  readonly dstPublicIps: readonly string[];
  readonly dstPort: number | undefined;
  readonly nsgList: string | undefined;
  readonly nsgRule: string | undefined;
  readonly mac: string | undefined;
  readonly badMac: string | undefined;
  readonly nic: string | undefined;
  /** `<rg>/<vm>` of the source and destination VMs, when known. */
  readonly srcVm: string | undefined;
  readonly dstVm: string | undefined;
  readonly subscription: string | undefined;
  readonly country: string | undefined;
  readonly connectionName: string | undefined;
  readonly allowedInFlows: number;
  readonly deniedInFlows: number;
  readonly allowedOutFlows: number;
  readonly deniedOutFlows: number;
  readonly inboundBytes: number | undefined;
  readonly inboundPackets: number | undefined;
  readonly outboundBytes: number | undefined;
  readonly outboundPackets: number | undefined;
  readonly additional: Readonly<Record<string, unknown>>;
  readonly resourceId: string | undefined;
}

/** One `NTANetAnalytics` flow row. */
export interface NtaRow {
  readonly kind: 'nta';
  readonly timeGenerated: string | undefined;
  readonly flowStart: string | undefined;
  readonly flowEnd: string | undefined;
  readonly flowType: string | undefined;
  readonly direction: Direction | undefined;
  readonly directionToken: string | undefined;
  readonly status: string | undefined;
  readonly l4Protocol: string | undefined;
  readonly l7Protocol: string | undefined;
  readonly srcIp: string | undefined;
  readonly dstIp: string | undefined;
  readonly srcPublicIps: readonly string[];
  readonly dstPublicIps: readonly string[];
  readonly srcPort: number | undefined;
  readonly srcPorts: string | undefined;
  readonly dstPort: number | undefined;
  readonly srcVm: string | undefined;
  readonly dstVm: string | undefined;
  readonly srcSubscription: string | undefined;
  readonly dstSubscription: string | undefined;
  readonly srcNic: string | undefined;
  readonly dstNic: string | undefined;
  readonly aclRule: string | undefined;
  readonly country: string | undefined;
  readonly completedFlows: number | undefined;
  readonly bytesSrcToDest: number | undefined;
  readonly bytesDestToSrc: number | undefined;
  readonly packetsSrcToDest: number | undefined;
  readonly packetsDestToSrc: number | undefined;
  readonly targetResourceId: string | undefined;
  readonly mac: string | undefined;
  readonly badMac: string | undefined;
  readonly itemId: string | undefined;
  readonly additional: Readonly<Record<string, unknown>>;
  readonly resourceId: string | undefined;
}
