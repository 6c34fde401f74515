// Which Azure Firewall logs hold network sessions (spec §2.1, §2.3, §3.2, §4). Everything else is
// skipped with what it is.

/** Legacy categories (raw `category`, AzureDiagnostics `Category`). */
export const LEGACY_NETWORK = 'AzureFirewallNetworkRule';
export const LEGACY_APPLICATION = 'AzureFirewallApplicationRule';

export const LEGACY_SKIPS: Readonly<Record<string, string>> = {
  AzureFirewallDnsProxy: 'DNS proxy log (a DNS event: ASimDnsAzureFirewall reads it), not a network session',
};

/** Resource-specific tables (= raw categories) this plugin maps. */
export const SESSION_TABLES = ['AZFWNetworkRule', 'AZFWNatRule', 'AZFWThreatIntel', 'AZFWIdpsSignature'] as const;
export const APPLICATION_TABLE = 'AZFWApplicationRule';

export const APPLICATION_SKIP =
  'application rule log (a WebSession event: ASimWebSessionAzureFirewall reads it); --opt azure-firewall.applicationRules=true maps it';

const AGGREGATE = 'policy analytics aggregate (rule hit counts over an interval), not a session';

export const STRUCTURED_SKIPS: Readonly<Record<string, string>> = {
  AZFWDnsQuery: 'DNS proxy query (a DNS event: ASimDnsAzureFirewall reads it), not a network session',
  AZFWInternalFqdnResolutionFailure: 'internal FQDN resolution failure (a failed DNS lookup of the firewall), not a network session',
  AZFWFatFlow: 'top flow (fat flow) rate measurement, not a session record',
  AZFWFlowTrace: 'flow trace (TCP packets of sessions the rule logs already record)',
  AZFWDnsFlowTrace: 'DNS flow trace (DNS proxy packet trace), not a network session',
  AZFWNetworkRuleAggregation: AGGREGATE,
  AZFWApplicationRuleAggregation: AGGREGATE,
  AZFWNatRuleAggregation: AGGREGATE,
};

/** Every table whose rows `fromTableRow` reads (and skips, where they hold no session). */
export const TABLES: readonly string[] = ['AzureDiagnostics', ...SESSION_TABLES, APPLICATION_TABLE, ...Object.keys(STRUCTURED_SKIPS)];

const STRUCTURED_TABLES: ReadonlySet<string> = new Set(TABLES.slice(1));

/** A resource-specific Azure Firewall table or raw category (known, or a new `AZFW…` one). */
export function isStructuredCategory(name: string): boolean {
  return STRUCTURED_TABLES.has(name) || name.startsWith('AZFW');
}

export function isLegacyCategory(name: string): boolean {
  return name.startsWith('AzureFirewall');
}

/** `/SUBSCRIPTIONS/…/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/<name>`, any case. */
export function isFirewallResourceId(id: string | undefined): boolean {
  return id !== undefined && /\/providers\/microsoft\.network\/azurefirewalls\//i.test(id);
}
