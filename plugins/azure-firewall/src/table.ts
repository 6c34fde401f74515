import { skip, type Skip, type TableRow } from '@asimkit/sdk';
import { isFirewallResourceId, isLegacyCategory, isStructuredCategory } from './categories.js';
import type { AzureFirewallRow, LegacyRow, StructuredRow } from './row.js';
import { azureTime, readStructuredColumns, textValue } from './values.js';

/**
 * The table a row comes from: its `Type`, else (exports without `Type`) what its columns say:
 * `msg_s`/`Category` → AzureDiagnostics; `TranslatedIp` → AZFWNatRule; `SignatureId` →
 * AZFWIdpsSignature; `ThreatDescription` → AZFWThreatIntel; `WebCategory` or `Fqdn` without
 * `DestinationIp` → AZFWApplicationRule; `SourceIp` with `Action` → AZFWNetworkRule.
 */
export function tableOf(row: TableRow): string | undefined {
  const type = textValue(row.Type);
  if (type !== undefined) return type;
  if ('msg_s' in row || ('Category' in row && 'OperationName' in row)) return 'AzureDiagnostics';
  // a CSV export has every column in every row: go by the values
  const has = (column: string): boolean => textValue(row[column]) !== undefined;
  if (!has('SourceIp')) return undefined;
  if (has('TranslatedIp')) return 'AZFWNatRule';
  if (has('SignatureId')) return 'AZFWIdpsSignature';
  if (has('ThreatDescription')) return 'AZFWThreatIntel';
  if (has('WebCategory') || (has('Fqdn') && !has('DestinationIp'))) return 'AZFWApplicationRule';
  if (has('Action') && has('DestinationIp')) return 'AZFWNetworkRule';
  return undefined;
}

/**
 * An AzureDiagnostics row of an Azure Firewall: Microsoft's connector filter (`ResourceType ==
 * "AZUREFIREWALLS"`), or, in exports without that column, an `AzureFirewall…` category or the ARM id.
 */
export function isFirewallDiagnosticsRow(row: TableRow): boolean {
  const resourceType = textValue(row.ResourceType);
  if (resourceType !== undefined) return resourceType.toUpperCase() === 'AZUREFIREWALLS';
  const category = textValue(row.Category);
  if (category !== undefined) return isLegacyCategory(category);
  return isFirewallResourceId(textValue(row.ResourceId ?? row._ResourceId));
}

/** An exported row (CSV cells are strings, JSON values typed) → the row the mapping reads. */
export function fromTable(t: TableRow): AzureFirewallRow | Skip {
  const table = tableOf(t);
  if (table === 'AzureDiagnostics') {
    if (!isFirewallDiagnosticsRow(t)) return skip(`not an Azure Firewall row (AzureDiagnostics ${describeDiagnostics(t)})`);
    return legacyRow(t);
  }
  if (table === undefined || !isStructuredCategory(table)) return skip(`not an Azure Firewall table (Type ${table ?? 'unknown'})`);
  const row: StructuredRow = { kind: 'structured', Type: table };
  common(t, row);
  readStructuredColumns(t, row);
  return row;
}

function legacyRow(t: TableRow): LegacyRow {
  const row: LegacyRow = { kind: 'legacy', Category: textValue(t.Category) ?? '' };
  common(t, row);
  const op = textValue(t.OperationName);
  if (op !== undefined) row.OperationName = op;
  const msg = textValue(t.msg_s);
  if (msg !== undefined) row.msg = msg;
  return row;
}

function common(t: TableRow, row: AzureFirewallRow): void {
  const time = azureTime(t.TimeGenerated, 'TimeGenerated');
  if (time !== undefined) row.time = time;
  const resourceId = textValue(t.ResourceId) ?? textValue(t._ResourceId);
  if (resourceId !== undefined) row.ResourceId = resourceId;
  const subscription = textValue(t.SubscriptionId) ?? textValue(t._SubscriptionId);
  if (subscription !== undefined) row.SubscriptionId = subscription;
  const itemId = textValue(t._ItemId);
  if (itemId !== undefined) row._ItemId = itemId;
  const sourceSystem = textValue(t.SourceSystem);
  if (sourceSystem !== undefined) row.SourceSystem = sourceSystem;
}

function describeDiagnostics(t: TableRow): string {
  return `ResourceType ${textValue(t.ResourceType) ?? 'none'}, Category ${textValue(t.Category) ?? 'none'}`;
}
