/**
 * What both forms decode to and the mapping reads. A legacy record (AzureDiagnostics row, or a raw
 * diagnostic record of an `AzureFirewall*` category) keeps its `msg` sentence, parsed by the
 * mapping; a resource-specific record (an `AZFW*` table row, or a raw record of that category)
 * keeps its typed properties under the table's column names.
 */
export type AzureFirewallRow = LegacyRow | StructuredRow;

/** Columns every record has, whichever generation. */
interface CommonRow {
  /** The record's own time (raw `time`, table `TimeGenerated`) as ISO-8601 UTC with ms; absent when it has none. */
  time?: string;
  /** ARM id of the firewall (`resourceId`, `ResourceId`, `_ResourceId`), as logged. */
  ResourceId?: string;
  /** `SubscriptionId` / `_SubscriptionId` column; raw records carry it only inside the ARM id. */
  SubscriptionId?: string;
  /** Log Analytics' record id (table form only). */
  _ItemId?: string;
  SourceSystem?: string;
}

export interface LegacyRow extends CommonRow {
  readonly kind: 'legacy';
  /** `AzureFirewallNetworkRule`, `AzureFirewallApplicationRule`, `AzureFirewallDnsProxy`. */
  Category: string;
  /** `AzureFirewallNetworkRuleLog`, `…NatRuleLog`, `…ThreatIntelLog`, `…IDSLog`, `…ApplicationRuleLog`, ... */
  OperationName?: string;
  /** `properties.msg` / `msg_s`. */
  msg?: string;
}

export interface StructuredRow extends CommonRow {
  readonly kind: 'structured';
  /** The table (= the raw record's category): `AZFWNetworkRule`, `AZFWNatRule`, ... */
  Type: string;
  SourceIp?: string;
  SourcePort?: number;
  DestinationIp?: string;
  DestinationPort?: number;
  Protocol?: string;
  Action?: string;
  ActionReason?: string;
  Policy?: string;
  RuleCollectionGroup?: string;
  RuleCollection?: string;
  Rule?: string;
  /** AZFWNatRule */
  TranslatedIp?: string;
  TranslatedPort?: number;
  /** AZFWThreatIntel, AZFWApplicationRule */
  Fqdn?: string;
  TargetUrl?: string;
  IsTlsInspected?: boolean;
  ThreatDescription?: string;
  /** AZFWApplicationRule */
  WebCategory?: string;
  IsExplicitProxyRequest?: boolean;
  /** AZFWIdpsSignature */
  SignatureId?: string;
  Category?: string;
  Description?: string;
  Severity?: number;
}

/** String properties of structured records, under their table column names. */
export const STRUCTURED_STRINGS = [
  'SourceIp', 'DestinationIp', 'Protocol', 'Action', 'ActionReason', 'Policy', 'RuleCollectionGroup', 'RuleCollection', 'Rule',
  'TranslatedIp', 'Fqdn', 'TargetUrl', 'ThreatDescription', 'WebCategory', 'SignatureId', 'Category', 'Description',
] as const;
export const STRUCTURED_INTS = ['SourcePort', 'DestinationPort', 'TranslatedPort', 'Severity'] as const;
export const STRUCTURED_BOOLS = ['IsTlsInspected', 'IsExplicitProxyRequest'] as const;
