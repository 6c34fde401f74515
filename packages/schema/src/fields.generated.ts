// GENERATED FILE: do not edit by hand.
// Source: shared/spec/asim-network-session-fields.csv (169 rows).
// Regenerate: node packages/schema/scripts/generate-fields.mjs

export type FieldType = 'string' | 'int' | 'long' | 'real' | 'bool' | 'datetime' | 'dynamic';

export type FieldClass = 'Mandatory' | 'Recommended' | 'Optional' | 'Conditional' | 'Alias' | 'System' | 'Deprecated';

/** One row of the ASIM NetworkSession 0.2.4 field table. */
export interface FieldSpec {
  /** Field name. For pattern rows (`pattern: true`) a template such as `Local<Suffix>`, not a literal name. */
  readonly name: string;
  /**
   * KQL physical type. Pattern rows have the CSV type "(type of aliased field)"; their `type` is
   * 'string' as a placeholder, the real type being that of the Src/Dst field they alias.
   */
  readonly type: FieldType;
  /** ASIM logical type from the parentheses, e.g. `IP address` for `string(IP address)`. */
  readonly logicalType?: string;
  readonly class: FieldClass;
  /** The CSV's alias_of_or_condition text, verbatim. */
  readonly aliasOfOrCondition?: string;
  /** Closed list of allowed values. Absent for free-text fields and for open value sets. */
  readonly allowed?: readonly string[];
  /** Placeholder for an open value set, e.g. `<any IANA protocol keyword>` (NetworkProtocol). */
  readonly openValueSet?: string;
  /** The values listed next to `openValueSet`; examples, not a closed list. */
  readonly examples?: readonly string[];
  /** True for the `Local<Suffix>` / `Remote<Suffix>` pattern rows. */
  readonly pattern?: true;
}

/** Closed value lists by field name, in CSV order. */
export const ALLOWED_VALUES = {
  EventType: ['NetworkSession', 'EndpointNetworkSession', 'Flow'],
  EventSubType: ['Start', 'End'],
  EventResult: ['Success', 'Partial', 'Failure', 'NA'],
  EventResultDetails: ['Failover', 'Invalid TCP', 'Invalid Tunnel', 'Maximum Retry', 'Reset', 'Routing issue', 'Simulation', 'Terminated', 'Timeout', 'Unknown', 'NA'],
  EventSeverity: ['Informational', 'Low', 'Medium', 'High'],
  EventSchema: ['NetworkSession'],
  EventSchemaVersion: ['0.2.4'],
  DvcDomainType: ['FQDN', 'Windows'],
  DvcIdType: ['AzureResourceId', 'MDEid', 'MD4IoTid', 'VMConnectionId', 'AwsVpcId', 'VectraId', 'AppGateId', 'Other'],
  DvcAction: ['Allow', 'Deny', 'Drop', 'Drop ICMP', 'Reset', 'Reset Source', 'Reset Destination', 'Encrypt', 'Decrypt', 'VPNroute'],
  NetworkProtocolVersion: ['IPv4', 'IPv6'],
  NetworkDirection: ['Inbound', 'Outbound', 'Local', 'External', 'NA', 'Listen'],
  DstDomainType: ['FQDN', 'Windows'],
  DstDvcIdType: ['AzureResourceId', 'MDEid', 'MD4IoTid', 'VMConnectionId', 'AwsVpcId', 'VectraId', 'AppGateId', 'Other'],
  DstDeviceType: ['Computer', 'Mobile Device', 'IOT Device', 'Other'],
  DstUserIdType: ['SID', 'UID', 'AADID', 'OktaId', 'AWSId'],
  DstUsernameType: ['UPN', 'Windows', 'DN', 'Simple'],
  DstUserType: ['Regular', 'Machine', 'Admin', 'System', 'Application', 'Service Principal', 'Other'],
  DstAppType: ['Process', 'Service', 'Resource', 'URL', 'SaaS application', 'Other'],
  SrcDomainType: ['FQDN', 'Windows'],
  SrcDvcIdType: ['AzureResourceId', 'MDEid', 'MD4IoTid', 'VMConnectionId', 'AwsVpcId', 'VectraId', 'AppGateId', 'Other'],
  SrcDeviceType: ['Computer', 'Mobile Device', 'IOT Device', 'Other'],
  SrcUserIdType: ['SID', 'UID', 'AADID', 'OktaId', 'AWSId'],
  SrcUsernameType: ['UPN', 'Windows', 'DN', 'Simple'],
  SrcUserType: ['Regular', 'Machine', 'Admin', 'System', 'Application', 'Service Principal', 'Other'],
  SrcAppType: ['Process', 'Service', 'Resource', 'URL', 'SaaS application', 'Other'],
  ThreatField: ['SrcIpAddr', 'DstIpAddr'],
  ASimMatchingHostname: ['SrcHostname', 'DstHostname', 'Both', '-'],
  ASimMatchingIpAddr: ['SrcIpAddr', 'DstIpAddr', 'Both', '-'],
} as const;

/** Every CSV row, in CSV order. */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'TimeGenerated', type: 'datetime', class: 'System' },
  { name: 'Type', type: 'string', class: 'System' },
  { name: '_ResourceId', type: 'string', class: 'System' },
  { name: 'EventMessage', type: 'string', class: 'Optional' },
  { name: 'EventCount', type: 'int', class: 'Mandatory' },
  { name: 'EventStartTime', type: 'datetime', class: 'Mandatory' },
  { name: 'EventEndTime', type: 'datetime', class: 'Mandatory' },
  { name: 'EventType', type: 'string', logicalType: 'Enumerated', class: 'Mandatory', allowed: ALLOWED_VALUES.EventType },
  { name: 'EventSubType', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.EventSubType },
  { name: 'EventResult', type: 'string', logicalType: 'Enumerated', class: 'Mandatory', allowed: ALLOWED_VALUES.EventResult },
  { name: 'EventResultDetails', type: 'string', logicalType: 'Enumerated', class: 'Recommended', allowed: ALLOWED_VALUES.EventResultDetails },
  { name: 'EventOriginalResultDetails', type: 'string', class: 'Optional' },
  { name: 'EventSeverity', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.EventSeverity },
  { name: 'EventOriginalSeverity', type: 'string', class: 'Optional' },
  { name: 'EventUid', type: 'string', class: 'Recommended' },
  { name: 'EventOriginalUid', type: 'string', class: 'Optional' },
  { name: 'EventOriginalType', type: 'string', class: 'Optional' },
  { name: 'EventOriginalSubType', type: 'string', class: 'Optional' },
  { name: 'EventProduct', type: 'string', class: 'Mandatory' },
  { name: 'EventProductVersion', type: 'string', class: 'Optional' },
  { name: 'EventVendor', type: 'string', class: 'Mandatory' },
  { name: 'EventSchema', type: 'string', logicalType: 'Enumerated', class: 'Mandatory', allowed: ALLOWED_VALUES.EventSchema },
  { name: 'EventSchemaVersion', type: 'string', logicalType: 'SchemaVersion', class: 'Mandatory', allowed: ALLOWED_VALUES.EventSchemaVersion },
  { name: 'EventReportUrl', type: 'string', logicalType: 'URL', class: 'Optional' },
  { name: 'EventOwner', type: 'string', class: 'Optional' },
  { name: 'Dvc', type: 'string', class: 'Mandatory', aliasOfOrCondition: 'alias of one of DvcFQDN|DvcId|DvcHostname|DvcIpAddr' },
  { name: 'DvcIpAddr', type: 'string', logicalType: 'IP address', class: 'Recommended' },
  { name: 'DvcHostname', type: 'string', logicalType: 'Hostname', class: 'Recommended' },
  { name: 'DvcDomain', type: 'string', logicalType: 'Domain', class: 'Recommended' },
  { name: 'DvcDomainType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DvcDomain is populated', allowed: ALLOWED_VALUES.DvcDomainType },
  { name: 'DvcFQDN', type: 'string', logicalType: 'FQDN', class: 'Recommended' },
  { name: 'DvcDescription', type: 'string', class: 'Optional' },
  { name: 'DvcId', type: 'string', class: 'Recommended' },
  { name: 'DvcIdType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DvcId is populated', allowed: ALLOWED_VALUES.DvcIdType },
  { name: 'DvcMacAddr', type: 'string', logicalType: 'MAC address', class: 'Optional' },
  { name: 'DvcZone', type: 'string', class: 'Optional' },
  { name: 'DvcOs', type: 'string', class: 'Optional' },
  { name: 'DvcOsVersion', type: 'string', class: 'Optional' },
  { name: 'DvcAction', type: 'string', logicalType: 'Enumerated', class: 'Recommended', allowed: ALLOWED_VALUES.DvcAction },
  { name: 'DvcOriginalAction', type: 'string', class: 'Optional' },
  { name: 'DvcInterface', type: 'string', class: 'Optional', aliasOfOrCondition: 'alias of DvcInboundInterface or DvcOutboundInterface' },
  { name: 'DvcSubscriptionId', type: 'string', class: 'Optional' },
  { name: 'AdditionalFields', type: 'dynamic', class: 'Optional' },
  { name: 'NetworkApplicationProtocol', type: 'string', class: 'Optional' },
  { name: 'NetworkProtocol', type: 'string', logicalType: 'Enumerated', class: 'Optional', openValueSet: '<any IANA protocol keyword>', examples: ['TCP', 'UDP', 'ICMP'] },
  { name: 'NetworkProtocolVersion', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.NetworkProtocolVersion },
  { name: 'NetworkDirection', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.NetworkDirection },
  { name: 'NetworkDuration', type: 'int', class: 'Optional' },
  { name: 'Duration', type: 'int', class: 'Alias', aliasOfOrCondition: 'alias of NetworkDuration' },
  { name: 'NetworkIcmpType', type: 'string', class: 'Optional' },
  { name: 'NetworkIcmpCode', type: 'int', class: 'Optional' },
  { name: 'NetworkConnectionHistory', type: 'string', class: 'Optional' },
  { name: 'DstBytes', type: 'long', class: 'Recommended' },
  { name: 'SrcBytes', type: 'long', class: 'Recommended' },
  { name: 'NetworkBytes', type: 'long', class: 'Optional' },
  { name: 'DstPackets', type: 'long', class: 'Optional' },
  { name: 'SrcPackets', type: 'long', class: 'Optional' },
  { name: 'NetworkPackets', type: 'long', class: 'Optional' },
  { name: 'NetworkSessionId', type: 'string', class: 'Optional' },
  { name: 'SessionId', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of NetworkSessionId' },
  { name: 'TcpFlagsAck', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsFin', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsSyn', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsUrg', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsPsh', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsRst', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsEce', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsCwr', type: 'bool', class: 'Optional' },
  { name: 'TcpFlagsNs', type: 'bool', class: 'Optional' },
  { name: 'Dst', type: 'string', class: 'Recommended', aliasOfOrCondition: 'alias of one of DstDvcId|DstHostname|DstIpAddr' },
  { name: 'DstIpAddr', type: 'string', logicalType: 'IP address', class: 'Recommended', aliasOfOrCondition: 'must be populated when DstHostname is populated' },
  { name: 'DstPortNumber', type: 'int', class: 'Optional' },
  { name: 'DstHostname', type: 'string', logicalType: 'Hostname', class: 'Recommended' },
  { name: 'DstDomain', type: 'string', logicalType: 'Domain', class: 'Recommended' },
  { name: 'DstDomainType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DstDomain is populated', allowed: ALLOWED_VALUES.DstDomainType },
  { name: 'DstFQDN', type: 'string', logicalType: 'FQDN', class: 'Optional' },
  { name: 'DstDvcId', type: 'string', class: 'Optional' },
  { name: 'DstDvcIdType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DstDvcId is populated', allowed: ALLOWED_VALUES.DstDvcIdType },
  { name: 'DstDeviceType', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.DstDeviceType },
  { name: 'DstZone', type: 'string', class: 'Optional' },
  { name: 'DstInterfaceName', type: 'string', class: 'Optional' },
  { name: 'DstInterfaceGuid', type: 'string', logicalType: 'GUID', class: 'Optional' },
  { name: 'DstMacAddr', type: 'string', logicalType: 'MAC address', class: 'Optional' },
  { name: 'DstVlanId', type: 'string', class: 'Optional' },
  { name: 'OuterVlanId', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of DstVlanId' },
  { name: 'DstSubscriptionId', type: 'string', class: 'Optional' },
  { name: 'DstGeoCountry', type: 'string', logicalType: 'Country', class: 'Optional' },
  { name: 'DstGeoRegion', type: 'string', logicalType: 'Region', class: 'Optional' },
  { name: 'DstGeoCity', type: 'string', logicalType: 'City', class: 'Optional' },
  { name: 'DstGeoLatitude', type: 'real', logicalType: 'Latitude', class: 'Optional' },
  { name: 'DstGeoLongitude', type: 'real', logicalType: 'Longitude', class: 'Optional' },
  { name: 'DstUserId', type: 'string', class: 'Optional' },
  { name: 'DstUserIdType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DstUserId is populated', allowed: ALLOWED_VALUES.DstUserIdType },
  { name: 'DstUsername', type: 'string', logicalType: 'Username', class: 'Optional' },
  { name: 'User', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of DstUsername' },
  { name: 'DstUsernameType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DstUsername is populated', allowed: ALLOWED_VALUES.DstUsernameType },
  { name: 'DstUserType', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.DstUserType },
  { name: 'DstOriginalUserType', type: 'string', class: 'Optional' },
  { name: 'DstUserDomain', type: 'string', class: 'Deprecated' },
  { name: 'DstAppName', type: 'string', class: 'Optional' },
  { name: 'DstAppId', type: 'string', class: 'Optional' },
  { name: 'DstAppType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if DstAppName or DstAppId is populated', allowed: ALLOWED_VALUES.DstAppType },
  { name: 'DstProcessName', type: 'string', class: 'Optional' },
  { name: 'Process', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of DstProcessName' },
  { name: 'DstProcessId', type: 'string', class: 'Optional' },
  { name: 'DstProcessGuid', type: 'string', logicalType: 'GUID', class: 'Optional' },
  { name: 'Src', type: 'string', class: 'Recommended', aliasOfOrCondition: 'alias of one of SrcDvcId|SrcHostname|SrcIpAddr' },
  { name: 'SrcIpAddr', type: 'string', logicalType: 'IP address', class: 'Recommended', aliasOfOrCondition: 'must be populated when SrcHostname is populated' },
  { name: 'SrcPortNumber', type: 'int', class: 'Optional' },
  { name: 'SrcHostname', type: 'string', logicalType: 'Hostname', class: 'Recommended' },
  { name: 'SrcDomain', type: 'string', logicalType: 'Domain', class: 'Recommended' },
  { name: 'SrcDomainType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if SrcDomain is populated', allowed: ALLOWED_VALUES.SrcDomainType },
  { name: 'SrcFQDN', type: 'string', logicalType: 'FQDN', class: 'Optional' },
  { name: 'SrcDvcId', type: 'string', class: 'Optional' },
  { name: 'SrcDvcIdType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if SrcDvcId is populated', allowed: ALLOWED_VALUES.SrcDvcIdType },
  { name: 'SrcDeviceType', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.SrcDeviceType },
  { name: 'SrcZone', type: 'string', class: 'Optional' },
  { name: 'SrcInterfaceName', type: 'string', class: 'Optional' },
  { name: 'SrcInterfaceGuid', type: 'string', logicalType: 'GUID', class: 'Optional' },
  { name: 'SrcMacAddr', type: 'string', logicalType: 'MAC address', class: 'Optional' },
  { name: 'SrcVlanId', type: 'string', class: 'Optional' },
  { name: 'InnerVlanId', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of SrcVlanId' },
  { name: 'SrcSubscriptionId', type: 'string', class: 'Optional' },
  { name: 'SrcGeoCountry', type: 'string', logicalType: 'Country', class: 'Optional' },
  { name: 'SrcGeoRegion', type: 'string', logicalType: 'Region', class: 'Optional' },
  { name: 'SrcGeoCity', type: 'string', logicalType: 'City', class: 'Optional' },
  { name: 'SrcGeoLatitude', type: 'real', logicalType: 'Latitude', class: 'Optional' },
  { name: 'SrcGeoLongitude', type: 'real', logicalType: 'Longitude', class: 'Optional' },
  { name: 'SrcUserId', type: 'string', class: 'Optional' },
  { name: 'SrcUserIdType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if SrcUserId is populated', allowed: ALLOWED_VALUES.SrcUserIdType },
  { name: 'SrcUsername', type: 'string', logicalType: 'Username', class: 'Optional' },
  { name: 'SrcUsernameType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if SrcUsername is populated', allowed: ALLOWED_VALUES.SrcUsernameType },
  { name: 'SrcUserType', type: 'string', logicalType: 'Enumerated', class: 'Optional', allowed: ALLOWED_VALUES.SrcUserType },
  { name: 'SrcOriginalUserType', type: 'string', class: 'Optional' },
  { name: 'SrcUserDomain', type: 'string', class: 'Deprecated' },
  { name: 'SrcAppName', type: 'string', class: 'Optional' },
  { name: 'SrcAppId', type: 'string', class: 'Optional' },
  { name: 'SrcAppType', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if SrcAppName or SrcAppId is populated', allowed: ALLOWED_VALUES.SrcAppType },
  { name: 'SrcProcessName', type: 'string', class: 'Optional' },
  { name: 'SrcProcessId', type: 'string', class: 'Optional' },
  { name: 'SrcProcessGuid', type: 'string', logicalType: 'GUID', class: 'Optional' },
  { name: 'Local<Suffix>', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of Dst<Suffix> when NetworkDirection is Inbound; alias of Src<Suffix> when Outbound', pattern: true },
  { name: 'Remote<Suffix>', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of Src<Suffix> when NetworkDirection is Inbound; alias of Dst<Suffix> when Outbound', pattern: true },
  { name: 'Hostname', type: 'string', class: 'Alias', aliasOfOrCondition: 'EventType NetworkSession: alias of DstHostname; EventType EndpointNetworkSession: alias of RemoteHostname' },
  { name: 'IpAddr', type: 'string', class: 'Alias', aliasOfOrCondition: 'EventType NetworkSession: alias of SrcIpAddr; EventType EndpointNetworkSession: alias of LocalIpAddr' },
  { name: 'DstNatIpAddr', type: 'string', logicalType: 'IP address', class: 'Optional' },
  { name: 'DstNatPortNumber', type: 'int', class: 'Optional' },
  { name: 'SrcNatIpAddr', type: 'string', logicalType: 'IP address', class: 'Optional' },
  { name: 'SrcNatPortNumber', type: 'int', class: 'Optional' },
  { name: 'DvcInboundInterface', type: 'string', class: 'Optional' },
  { name: 'DvcOutboundInterface', type: 'string', class: 'Optional' },
  { name: 'NetworkRuleName', type: 'string', class: 'Optional' },
  { name: 'NetworkRuleNumber', type: 'int', class: 'Optional' },
  { name: 'Rule', type: 'string', class: 'Alias', aliasOfOrCondition: 'alias of NetworkRuleName, or of tostring(NetworkRuleNumber)' },
  { name: 'ThreatId', type: 'string', class: 'Optional' },
  { name: 'ThreatName', type: 'string', class: 'Optional' },
  { name: 'ThreatCategory', type: 'string', class: 'Optional' },
  { name: 'ThreatRiskLevel', type: 'int', logicalType: 'RiskLevel 0-100', class: 'Optional' },
  { name: 'ThreatOriginalRiskLevel', type: 'string', class: 'Optional' },
  { name: 'ThreatRiskLevelOriginal', type: 'string', class: 'Deprecated' },
  { name: 'ThreatIpAddr', type: 'string', logicalType: 'IP address', class: 'Optional' },
  { name: 'ThreatField', type: 'string', logicalType: 'Enumerated', class: 'Conditional', aliasOfOrCondition: 'required if ThreatIpAddr is populated', allowed: ALLOWED_VALUES.ThreatField },
  { name: 'ThreatConfidence', type: 'int', logicalType: '0-100', class: 'Optional' },
  { name: 'ThreatOriginalConfidence', type: 'string', class: 'Optional' },
  { name: 'ThreatIsActive', type: 'bool', class: 'Optional' },
  { name: 'ThreatFirstReportedTime', type: 'datetime', class: 'Optional' },
  { name: 'ThreatLastReportedTime', type: 'datetime', class: 'Optional' },
  { name: 'ASimMatchingHostname', type: 'string', logicalType: 'Enumerated', class: 'Recommended', aliasOfOrCondition: 'set only when the hostname_has_any filter parameter is used', allowed: ALLOWED_VALUES.ASimMatchingHostname },
  { name: 'ASimMatchingIpAddr', type: 'string', logicalType: 'Enumerated', class: 'Recommended', aliasOfOrCondition: 'set only when an *ipaddr_has_any_prefix filter parameter is used', allowed: ALLOWED_VALUES.ASimMatchingIpAddr },
];

/**
 * One ASIM NetworkSession 0.2.4 record. Datetimes are ISO-8601 UTC strings
 * (`2024-05-01T12:00:00.000Z`). Mandatory fields and TimeGenerated are required.
 * `Local*` / `Remote*` aliases (pattern rows) are covered by the first index signature;
 * the second admits pipeline metadata such as `_Lineage`, which validators ignore.
 */
export interface NetworkSession {
  /**
   * System.
   * Set by Log Analytics (or by the connector). ASIM treats it as the time the reporting device generated the event. All _Im_NetworkSession time filtering (starttime/endtime) and the port-misuse detection window key on this field, not on EventStartTime.
   */
  TimeGenerated: string;
  /**
   * System.
   * Name of the source table the row came from (e.g. AzureDiagnostics, CommonSecurityLog). Useful when the same product can land in several tables.
   */
  Type?: string;
  /**
   * System.
   * Azure resource ID of the originating resource when available. Listed by the ASIM tester, not by the schema doc.
   */
  _ResourceId?: string;
  /**
   * Optional.
   * Free-text message taken from or generated for the record.
   */
  EventMessage?: string;
  /**
   * Mandatory.
   * Number of events the record represents. NetFlow-style aggregating sources set it to the number of flows aggregated (NetFlow FLOWS); every other source sets 1. The port-misuse query counts rows and ignores this field.
   */
  EventCount: number;
  /**
   * Mandatory.
   * Start of the event; for aggregated records the time of the first aggregated event. If the source has no such value, copy TimeGenerated.
   */
  EventStartTime: string;
  /**
   * Mandatory.
   * End of the event; for aggregated records the time of the last aggregated event. If the source has no such value, copy TimeGenerated.
   */
  EventEndTime: string;
  /**
   * Mandatory, Enumerated.
   * 0.2.4 lists exactly three values: EndpointNetworkSession (reported by an endpoint, client or server; Local/Remote aliases apply), NetworkSession (reported by an intermediary device or a network tap), Flow (NetFlow-type record aggregating several similar sessions). L2NetworkSession appears in later docs and testers without a changelog entry; IDS was added in 0.2.6.
   */
  EventType: 'NetworkSession' | 'EndpointNetworkSession' | 'Flow';
  /**
   * Optional, Enumerated.
   * Leave empty for Flow records.
   */
  EventSubType?: 'Start' | 'End';
  /**
   * Mandatory, Enumerated.
   * If the source gives no result: Failure when DvcAction is one of Deny, Drop, Drop ICMP, Reset, Reset Source, Reset Destination; otherwise Success.
   */
  EventResult: 'Success' | 'Partial' | 'Failure' | 'NA';
  /**
   * Recommended, Enumerated.
   * Reason for EventResult. Made Recommended and given this value list in 0.2.4. Later docs add 'Transient error'. Original value goes to EventOriginalResultDetails.
   */
  EventResultDetails?: 'Failover' | 'Invalid TCP' | 'Invalid Tunnel' | 'Maximum Retry' | 'Reset' | 'Routing issue' | 'Simulation' | 'Terminated' | 'Timeout' | 'Unknown' | 'NA';
  /**
   * Optional.
   * Source-specific result details before normalization.
   */
  EventOriginalResultDetails?: string;
  /**
   * Optional, Enumerated.
   * The NetworkSession guideline table marks it Optional; the generic common-field table marks it Recommended. If the source gives no severity: Low when DvcAction is one of Deny, Drop, Drop ICMP, Reset, Reset Source, Reset Destination; otherwise Informational.
   */
  EventSeverity?: 'Informational' | 'Low' | 'Medium' | 'High';
  /**
   * Optional.
   * Severity as reported by the device.
   */
  EventOriginalSeverity?: string;
  /**
   * Recommended.
   * Record ID assigned by Sentinel (usually _ItemId). Added to the common fields on 2022-12-26, so it is not in the 0.2.4 NetworkSession common-field table; listed in later versions.
   */
  EventUid?: string;
  /**
   * Optional.
   * Unique ID of the original record, if the source provides one.
   */
  EventOriginalUid?: string;
  /**
   * Optional.
   * Original event type or ID (e.g. a Windows event ID). Used to derive EventType.
   */
  EventOriginalType?: string;
  /**
   * Optional.
   * Original event subtype or ID. Used to derive EventSubType.
   */
  EventOriginalSubType?: string;
  /**
   * Mandatory.
   * Product that produced the event. Must come from the ASIM vendor/product list (an open list maintained by Microsoft); see the md for values observed in the NetworkSession tester.
   */
  EventProduct: string;
  /**
   * Optional.
   * Version of the producing product.
   */
  EventProductVersion?: string;
  /**
   * Mandatory.
   * Vendor of the producing product. Must come from the ASIM vendor/product list.
   */
  EventVendor: string;
  /**
   * Mandatory, Enumerated.
   * Always NetworkSession for this schema.
   */
  EventSchema: 'NetworkSession';
  /**
   * Mandatory, SchemaVersion.
   * The version this spec describes is 0.2.4.
   */
  EventSchemaVersion: '0.2.4';
  /**
   * Optional, URL.
   * Link to a resource that gives more detail about the event.
   */
  EventReportUrl?: string;
  /**
   * Optional.
   * Department or subsidiary that owns the event. Added to the common fields on 2022-12-01; not in the 0.2.4 NetworkSession common-field table.
   */
  EventOwner?: string;
  /**
   * Mandatory.
   * alias of one of DvcFQDN|DvcId|DvcHostname|DvcIpAddr.
   * Unique identifier of the reporting device: the best available of the aliased fields. For cloud sources with no visible device, use the EventProduct value. The common-fields doc calls it an Alias; the 0.2.4 NetworkSession table lists it as Mandatory.
   */
  Dvc: string;
  /**
   * Recommended, IP address.
   * IP address of the reporting device.
   */
  DvcIpAddr?: string;
  /**
   * Recommended, Hostname.
   * Hostname of the reporting device, without domain.
   */
  DvcHostname?: string;
  /**
   * Recommended, Domain.
   * Domain of the reporting device.
   */
  DvcDomain?: string;
  /**
   * Conditional, Enumerated.
   * required if DvcDomain is populated.
   * The 0.2.4 NetworkSession table lists it under Recommended; the common-fields doc marks it Conditional. The ASIM tester also accepts ResourceGroup.
   */
  DvcDomainType?: 'FQDN' | 'Windows';
  /**
   * Recommended, FQDN.
   * Hostname including domain. Both dotted FQDN and Windows domain\host forms are allowed; DvcDomainType tells which. The NetworkSession 0.2.4 table lists it as Recommended; the common-fields doc says Optional.
   */
  DvcFQDN?: string;
  /**
   * Optional.
   * Descriptive text for the device.
   */
  DvcDescription?: string;
  /**
   * Recommended.
   * Unique ID of the device. If the device has several IDs, store the others in Dvc<IdType> fields, e.g. DvcAzureResourceId, DvcMDEid. The NetworkSession 0.2.4 table lists it as Recommended; the common-fields doc says Optional.
   */
  DvcId?: string;
  /**
   * Conditional, Enumerated.
   * required if DvcId is populated.
   * Later common-field docs also allow FQDN, and only as a last resort. The 0.2.4 NetworkSession table lists it under Recommended.
   */
  DvcIdType?: 'AzureResourceId' | 'MDEid' | 'MD4IoTid' | 'VMConnectionId' | 'AwsVpcId' | 'VectraId' | 'AppGateId' | 'Other';
  /**
   * Optional, MAC address.
   * Colon-separated hexadecimal notation.
   */
  DvcMacAddr?: string;
  /**
   * Optional.
   * Network zone as defined by the reporting device. A common field, though missing from the 0.2.4 NetworkSession common-field table.
   */
  DvcZone?: string;
  /**
   * Optional.
   * Operating system of the device.
   */
  DvcOs?: string;
  /**
   * Optional.
   * OS version of the device.
   */
  DvcOsVersion?: string;
  /**
   * Recommended, Enumerated.
   * Action taken on the session, normalized to this list; the raw value goes to DvcOriginalAction. Drives EventResult and EventSeverity when the source provides neither. The ASIM tester lists 'Decrypt' with a leading space, which is a typo there.
   */
  DvcAction?: 'Allow' | 'Deny' | 'Drop' | 'Drop ICMP' | 'Reset' | 'Reset Source' | 'Reset Destination' | 'Encrypt' | 'Decrypt' | 'VPNroute';
  /**
   * Optional.
   * Action as reported by the device.
   */
  DvcOriginalAction?: string;
  /**
   * Optional.
   * alias of DvcInboundInterface or DvcOutboundInterface.
   * NetworkSession guideline: DvcInterface should alias one of the two interface fields.
   */
  DvcInterface?: string;
  /**
   * Optional.
   * Listed only by the ASIM tester's common list and set by some parsers (e.g. Azure NSG). Superseded by DvcScopeId in 0.2.5. Not in the 0.2.4 doc tables.
   */
  DvcSubscriptionId?: string;
  /**
   * Optional.
   * Property bag of source fields worth keeping that have no schema field.
   */
  AdditionalFields?: Record<string, unknown>;
  /**
   * Optional.
   * Application-layer protocol, e.g. FTP, HTTP, DNS. 0.2.4 guidance: include it whenever DstPortNumber is known, deriving it from the port if the source lacks it. Later docs require upper case.
   */
  NetworkApplicationProtocol?: string;
  /**
   * Optional, Enumerated.
   * Values: TCP, UDP, ICMP, <any IANA protocol keyword>.
   * IP protocol using IANA protocol-number keywords, e.g. TCP, UDP, ICMP, IPv6-ICMP, GRE, ESP. The ASIM helper maps numbers to these names and returns Unassigned for unknown numbers. Case in the IANA list is mixed (IPv6-ICMP).
   */
  NetworkProtocol?: string;
  /**
   * Optional, Enumerated.
   * Version of NetworkProtocol; to express the IP version, use IPv4 or IPv6.
   */
  NetworkProtocolVersion?: 'IPv4' | 'IPv6';
  /**
   * Optional, Enumerated.
   * For NetworkSession and Flow, direction relative to the organization or cloud boundary: Inbound, Outbound, Local (both ends inside), External (both ends outside), NA. For EndpointNetworkSession, relative to the endpoint: Inbound, Outbound, Local (within the system), Listen (port opened for accepting connections), NA. The ASIM tester additionally accepts Unknown.
   */
  NetworkDirection?: 'Inbound' | 'Outbound' | 'Local' | 'External' | 'NA' | 'Listen';
  /**
   * Optional.
   * Session duration in milliseconds.
   */
  NetworkDuration?: number;
  /**
   * Alias.
   * alias of NetworkDuration.
   */
  Duration?: number;
  /**
   * Optional.
   * 0.2.4 text: the ICMP message type number (RFC 2780 for IPv4, RFC 4443 for IPv6), stored as a string. Later docs changed it to the type name, e.g. 'Destination Unreachable'.
   */
  NetworkIcmpType?: string;
  /**
   * Optional.
   * ICMP code number (RFC 2780 / RFC 4443).
   */
  NetworkIcmpCode?: number;
  /**
   * Optional.
   * TCP flags and other IP-header details. Added in 0.2.1.
   */
  NetworkConnectionHistory?: string;
  /**
   * Recommended.
   * Bytes sent from destination to source. For aggregated records, the sum over all sessions. Type changed from int to long in 0.2.2.
   */
  DstBytes?: number;
  /**
   * Recommended.
   * Bytes sent from source to destination. For aggregated records, the sum over all sessions.
   */
  SrcBytes?: number;
  /**
   * Optional.
   * Bytes in both directions. Should equal SrcBytes+DstBytes when both exist (the doc text uses the old names BytesSent/BytesReceived). For aggregated records, the sum over all sessions.
   */
  NetworkBytes?: number;
  /**
   * Optional.
   * Packets from destination to source; the device defines what a packet is. For aggregated records, the sum over all sessions.
   */
  DstPackets?: number;
  /**
   * Optional.
   * Packets from source to destination. For aggregated records, the sum over all sessions.
   */
  SrcPackets?: number;
  /**
   * Optional.
   * Packets in both directions. Should equal SrcPackets+DstPackets. For aggregated records, the sum over all sessions.
   */
  NetworkPackets?: number;
  /**
   * Optional.
   * Session ID reported by the device.
   */
  NetworkSessionId?: string;
  /**
   * Alias.
   * alias of NetworkSessionId.
   */
  SessionId?: string;
  /**
   * Optional.
   * Whether the TCP acknowledgment flag was reported. Added in 0.2.4.
   */
  TcpFlagsAck?: boolean;
  /**
   * Optional.
   * Whether the TCP finish / no more data flag was reported. Added in 0.2.4.
   */
  TcpFlagsFin?: boolean;
  /**
   * Optional.
   * Whether the TCP synchronize / handshake start flag was reported. Added in 0.2.4.
   */
  TcpFlagsSyn?: boolean;
  /**
   * Optional.
   * Whether the TCP urgent (RFC 6093) flag was reported. Added in 0.2.4.
   */
  TcpFlagsUrg?: boolean;
  /**
   * Optional.
   * Whether the TCP push flag was reported. Added in 0.2.4.
   */
  TcpFlagsPsh?: boolean;
  /**
   * Optional.
   * Whether the TCP reset flag was reported. Added in 0.2.4.
   */
  TcpFlagsRst?: boolean;
  /**
   * Optional.
   * Whether the TCP ECN echo (RFC 3168) flag was reported. Added in 0.2.4.
   */
  TcpFlagsEce?: boolean;
  /**
   * Optional.
   * Whether the TCP congestion window reduced (RFC 3168) flag was reported. Added in 0.2.4.
   */
  TcpFlagsCwr?: boolean;
  /**
   * Optional.
   * Whether the TCP nonce sum, experimental (RFC 3540) flag was reported. Added in 0.2.4.
   */
  TcpFlagsNs?: boolean;
  /**
   * Recommended.
   * alias of one of DstDvcId|DstHostname|DstIpAddr.
   * Leading identifier of the destination device. The 0.2.4 doc gives class Recommended and type Alias; later docs say Alias. Added in 0.2.1.
   */
  Dst?: string;
  /**
   * Recommended, IP address.
   * must be populated when DstHostname is populated.
   * Destination IP. Under NAT this is the publicly visible address; the original goes to DstNatIpAddr.
   */
  DstIpAddr?: string;
  /**
   * Optional.
   * Destination port. This is the key column of the port-misuse detection.
   */
  DstPortNumber?: number;
  /**
   * Recommended, Hostname.
   * Destination hostname without domain. If there is no name, store the IP here.
   */
  DstHostname?: string;
  /**
   * Recommended, Domain.
   * Domain of the destination device.
   */
  DstDomain?: string;
  /**
   * Conditional, Enumerated.
   * required if DstDomain is populated.
   * The 0.2.4 doc labels it Recommended with 'required if DstDomain is used'; later docs label it Conditional. The tester also accepts ResourceGroup, which the Azure NSG parser emits.
   */
  DstDomainType?: 'FQDN' | 'Windows';
  /**
   * Optional, FQDN.
   * Hostname including domain, as a dotted FQDN or domain\host; DstDomainType gives the format.
   */
  DstFQDN?: string;
  /**
   * Optional.
   * Destination device ID. Store additional IDs in DstDvc<IdType>.
   */
  DstDvcId?: string;
  /**
   * Conditional, Enumerated.
   * required if DstDvcId is populated.
   * The 0.2.4 doc labels it Optional with a 'required if' note (its text says DstDeviceId, a typo).
   */
  DstDvcIdType?: 'AzureResourceId' | 'MDEid' | 'MD4IoTid' | 'VMConnectionId' | 'AwsVpcId' | 'VectraId' | 'AppGateId' | 'Other';
  /**
   * Optional, Enumerated.
   */
  DstDeviceType?: 'Computer' | 'Mobile Device' | 'IOT Device' | 'Other';
  /**
   * Optional.
   * Destination network zone as defined by the reporting device, e.g. Dmz.
   */
  DstZone?: string;
  /**
   * Optional.
   * Interface the destination device used.
   */
  DstInterfaceName?: string;
  /**
   * Optional, GUID.
   * GUID of the destination interface.
   */
  DstInterfaceGuid?: string;
  /**
   * Optional, MAC address.
   */
  DstMacAddr?: string;
  /**
   * Optional.
   * VLAN of the destination. Added in 0.2.1.
   */
  DstVlanId?: string;
  /**
   * Alias.
   * alias of DstVlanId.
   * Use when the VLAN is known only as 'outer'. The 0.2.4 doc lists class Optional and type Alias.
   */
  OuterVlanId?: string;
  /**
   * Optional.
   * Cloud subscription or account ID of the destination. Added in 0.2.2. Superseded by DstDvcScopeId in 0.2.5 and absent from the 0.2.7 docs.
   */
  DstSubscriptionId?: string;
  /**
   * Optional, Country.
   * ISO 3166-1: prefer alpha-2, then alpha-3, then short name.
   */
  DstGeoCountry?: string;
  /**
   * Optional, Region.
   * ISO 3166-2 subdivision name.
   */
  DstGeoRegion?: string;
  /**
   * Optional, City.
   */
  DstGeoCity?: string;
  /**
   * Optional, Latitude.
   * ISO 6709 signed decimal.
   */
  DstGeoLatitude?: number;
  /**
   * Optional, Longitude.
   * ISO 6709 signed decimal.
   */
  DstGeoLongitude?: number;
  /**
   * Optional.
   * Machine-readable unique ID of the destination user, e.g. a SID.
   */
  DstUserId?: string;
  /**
   * Conditional, Enumerated.
   * required if DstUserId is populated.
   * The 0.2.4 doc labels it Optional; later docs say Conditional. Later value lists add PUID, SalesforceId, VectraUserId, MD4IoTid and Other.
   */
  DstUserIdType?: 'SID' | 'UID' | 'AADID' | 'OktaId' | 'AWSId';
  /**
   * Optional, Username.
   * Include the domain when it is known. Store the format in DstUsernameType; store other formats in DstUsername<Type>.
   */
  DstUsername?: string;
  /**
   * Alias.
   * alias of DstUsername.
   */
  User?: string;
  /**
   * Conditional, Enumerated.
   * required if DstUsername is populated.
   * The 0.2.4 doc labels it Optional. The older about-schemas doc also lists Unknown.
   */
  DstUsernameType?: 'UPN' | 'Windows' | 'DN' | 'Simple';
  /**
   * Optional, Enumerated.
   * Normalized user type; the original goes to DstOriginalUserType. Later lists add Guest, Service and Anonymous.
   */
  DstUserType?: 'Regular' | 'Machine' | 'Admin' | 'System' | 'Application' | 'Service Principal' | 'Other';
  /**
   * Optional.
   */
  DstOriginalUserType?: string;
  /**
   * Deprecated.
   * Deprecated in 0.2.2. Do not emit.
   * @deprecated Not part of 0.2.4; accepted for old data only.
   */
  DstUserDomain?: string;
  /**
   * Optional.
   * Destination application name, e.g. Facebook. Grouped on by the summarization step but dropped before the threshold test in the port-misuse query.
   */
  DstAppName?: string;
  /**
   * Optional.
   * Application ID as reported. If DstAppType is Process, it should equal DstProcessId.
   */
  DstAppId?: string;
  /**
   * Conditional, Enumerated.
   * required if DstAppName or DstAppId is populated.
   * The doc labels it Optional but says it is mandatory when DstAppName or DstAppId is used. The older about-schemas doc also lists CloudService; later docs list CSP.
   */
  DstAppType?: 'Process' | 'Service' | 'Resource' | 'URL' | 'SaaS application' | 'Other';
  /**
   * Optional.
   * File name of the process that terminated the session.
   */
  DstProcessName?: string;
  /**
   * Alias.
   * alias of DstProcessName.
   */
  Process?: string;
  /**
   * Optional.
   * PID as a string; numeric on Windows and Linux. The 0.2.4 doc misprints this row as SrcProcessId.
   */
  DstProcessId?: string;
  /**
   * Optional, GUID.
   * The 0.2.4 doc misprints this row as SrcProcessGuid.
   */
  DstProcessGuid?: string;
  /**
   * Recommended.
   * alias of one of SrcDvcId|SrcHostname|SrcIpAddr.
   * Leading identifier of the source device. Added in 0.2.1.
   */
  Src?: string;
  /**
   * Recommended, IP address.
   * must be populated when SrcHostname is populated.
   * Source IP. Under NAT this is the publicly visible address; the original goes to SrcNatIpAddr.
   */
  SrcIpAddr?: string;
  /**
   * Optional.
   * Source port; may be meaningless for multi-connection sessions.
   */
  SrcPortNumber?: number;
  /**
   * Recommended, Hostname.
   * Source hostname without domain; IP if there is no name.
   */
  SrcHostname?: string;
  /**
   * Recommended, Domain.
   */
  SrcDomain?: string;
  /**
   * Conditional, Enumerated.
   * required if SrcDomain is populated.
   * The 0.2.4 doc labels it Recommended with a 'required if' note. The tester also accepts ResourceGroup.
   */
  SrcDomainType?: 'FQDN' | 'Windows';
  /**
   * Optional, FQDN.
   */
  SrcFQDN?: string;
  /**
   * Optional.
   */
  SrcDvcId?: string;
  /**
   * Conditional, Enumerated.
   * required if SrcDvcId is populated.
   * The 0.2.4 doc labels it Optional with a 'required if' note.
   */
  SrcDvcIdType?: 'AzureResourceId' | 'MDEid' | 'MD4IoTid' | 'VMConnectionId' | 'AwsVpcId' | 'VectraId' | 'AppGateId' | 'Other';
  /**
   * Optional, Enumerated.
   */
  SrcDeviceType?: 'Computer' | 'Mobile Device' | 'IOT Device' | 'Other';
  /**
   * Optional.
   * e.g. Internet
   */
  SrcZone?: string;
  /**
   * Optional.
   */
  SrcInterfaceName?: string;
  /**
   * Optional, GUID.
   */
  SrcInterfaceGuid?: string;
  /**
   * Optional, MAC address.
   */
  SrcMacAddr?: string;
  /**
   * Optional.
   * Added in 0.2.1.
   */
  SrcVlanId?: string;
  /**
   * Alias.
   * alias of SrcVlanId.
   * Use when the VLAN is known only as 'inner'.
   */
  InnerVlanId?: string;
  /**
   * Optional.
   * Added in 0.2.2; superseded by SrcDvcScopeId in 0.2.5.
   */
  SrcSubscriptionId?: string;
  /**
   * Optional, Country.
   */
  SrcGeoCountry?: string;
  /**
   * Optional, Region.
   */
  SrcGeoRegion?: string;
  /**
   * Optional, City.
   */
  SrcGeoCity?: string;
  /**
   * Optional, Latitude.
   */
  SrcGeoLatitude?: number;
  /**
   * Optional, Longitude.
   */
  SrcGeoLongitude?: number;
  /**
   * Optional.
   */
  SrcUserId?: string;
  /**
   * Conditional, Enumerated.
   * required if SrcUserId is populated.
   * The 0.2.4 doc labels it Optional.
   */
  SrcUserIdType?: 'SID' | 'UID' | 'AADID' | 'OktaId' | 'AWSId';
  /**
   * Optional, Username.
   */
  SrcUsername?: string;
  /**
   * Conditional, Enumerated.
   * required if SrcUsername is populated.
   * The 0.2.4 doc labels it Optional.
   */
  SrcUsernameType?: 'UPN' | 'Windows' | 'DN' | 'Simple';
  /**
   * Optional, Enumerated.
   * Original value goes to SrcOriginalUserType.
   */
  SrcUserType?: 'Regular' | 'Machine' | 'Admin' | 'System' | 'Application' | 'Service Principal' | 'Other';
  /**
   * Optional.
   */
  SrcOriginalUserType?: string;
  /**
   * Deprecated.
   * Deprecated in 0.2.2.
   * @deprecated Not part of 0.2.4; accepted for old data only.
   */
  SrcUserDomain?: string;
  /**
   * Optional.
   * e.g. filezilla.exe
   */
  SrcAppName?: string;
  /**
   * Optional.
   * Equal to SrcProcessId when SrcAppType is Process.
   */
  SrcAppId?: string;
  /**
   * Conditional, Enumerated.
   * required if SrcAppName or SrcAppId is populated.
   * The doc labels it Optional with a 'mandatory if' note.
   */
  SrcAppType?: 'Process' | 'Service' | 'Resource' | 'URL' | 'SaaS application' | 'Other';
  /**
   * Optional.
   * File name of the process that started the session.
   */
  SrcProcessName?: string;
  /**
   * Optional.
   * PID as a string.
   */
  SrcProcessId?: string;
  /**
   * Optional, GUID.
   */
  SrcProcessGuid?: string;
  /**
   * Alias.
   * EventType NetworkSession: alias of DstHostname; EventType EndpointNetworkSession: alias of RemoteHostname.
   * Later docs extend the first case to Flow and L2NetworkSession. The ASIM tester checks it as an alias of DstHostname.
   */
  Hostname?: string;
  /**
   * Alias.
   * EventType NetworkSession: alias of SrcIpAddr; EventType EndpointNetworkSession: alias of LocalIpAddr.
   * Later docs extend the first case to Flow and L2NetworkSession.
   */
  IpAddr?: string;
  /**
   * Optional, IP address.
   * Original destination address before NAT, or the address the intermediary used to talk to the source.
   */
  DstNatIpAddr?: string;
  /**
   * Optional.
   * Port the NAT device used toward the source.
   */
  DstNatPortNumber?: number;
  /**
   * Optional, IP address.
   * Original source address before NAT, or the address the intermediary used to talk to the destination.
   */
  SrcNatIpAddr?: string;
  /**
   * Optional.
   * Port the NAT device used toward the destination.
   */
  SrcNatPortNumber?: number;
  /**
   * Optional.
   * Interface of the intermediary facing the source, e.g. eth0.
   */
  DvcInboundInterface?: string;
  /**
   * Optional.
   * Interface of the intermediary facing the destination.
   */
  DvcOutboundInterface?: string;
  /**
   * Optional.
   * Name or ID of the rule that decided DvcAction, e.g. AnyAnyDrop.
   */
  NetworkRuleName?: string;
  /**
   * Optional.
   * Number of the rule that decided DvcAction.
   */
  NetworkRuleNumber?: number;
  /**
   * Alias.
   * alias of NetworkRuleName, or of tostring(NetworkRuleNumber).
   * The 0.2.4 doc gives class Mandatory (inconsistent); later docs say Alias and the ASIM tester says Optional. Emit it whenever either rule field is set.
   */
  Rule?: string;
  /**
   * Optional.
   * ID of the threat or malware found.
   */
  ThreatId?: string;
  /**
   * Optional.
   * e.g. EICAR Test File
   */
  ThreatName?: string;
  /**
   * Optional.
   * e.g. Trojan
   */
  ThreatCategory?: string;
  /**
   * Optional, RiskLevel 0-100.
   * Normalized to the 0-100 range; the original value goes to ThreatOriginalRiskLevel.
   */
  ThreatRiskLevel?: number;
  /**
   * Optional.
   * Renamed from ThreatRiskLevelOriginal in 0.2.4.
   */
  ThreatOriginalRiskLevel?: string;
  /**
   * Deprecated.
   * Name used before 0.2.4. Microsoft parsers kept emitting it until 2023-05-01. Emit only for backward compatibility.
   * @deprecated Not part of 0.2.4; accepted for old data only.
   */
  ThreatRiskLevelOriginal?: string;
  /**
   * Optional, IP address.
   * IP address flagged as a threat; ThreatField says which field it is. Added in 0.2.4.
   */
  ThreatIpAddr?: string;
  /**
   * Conditional, Enumerated.
   * required if ThreatIpAddr is populated.
   * The 0.2.4 doc labels it Optional; later docs say Conditional.
   */
  ThreatField?: 'SrcIpAddr' | 'DstIpAddr';
  /**
   * Optional, 0-100.
   * Added in 0.2.4.
   */
  ThreatConfidence?: number;
  /**
   * Optional.
   * Added in 0.2.4.
   */
  ThreatOriginalConfidence?: string;
  /**
   * Optional.
   * Added in 0.2.4.
   */
  ThreatIsActive?: boolean;
  /**
   * Optional.
   * Added in 0.2.4.
   */
  ThreatFirstReportedTime?: string;
  /**
   * Optional.
   * Added in 0.2.4.
   */
  ThreatLastReportedTime?: string;
  /**
   * Recommended, Enumerated.
   * set only when the hostname_has_any filter parameter is used.
   * Added in 0.2.3. '-' means no hostname filter was requested. Rows matching neither field are dropped by the parser.
   */
  ASimMatchingHostname?: 'SrcHostname' | 'DstHostname' | 'Both' | '-';
  /**
   * Recommended, Enumerated.
   * set only when an *ipaddr_has_any_prefix filter parameter is used.
   * Added in 0.2.3. '-' means no IP filter was requested.
   */
  ASimMatchingIpAddr?: 'SrcIpAddr' | 'DstIpAddr' | 'Both' | '-';
  [aliasField: `Local${string}` | `Remote${string}`]: unknown;
  [metadataField: `_${string}`]: unknown;
}
