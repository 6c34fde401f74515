import type { NetworkSession } from '@asimkit/schema';
import { booleanOption, z, type RawDecoder, type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '@asimkit/sdk';
import { isFirewallResourceId, isLegacyCategory, isStructuredCategory, TABLES } from './categories.js';
import { AzureFirewallRecordDecoder } from './decoder.js';
import { mapRow } from './mapping.js';
import type { AzureFirewallRow } from './row.js';
import { fromTable, isFirewallDiagnosticsRow, tableOf } from './table.js';

const optionsSchema = z.object({ applicationRules: booleanOption, alerts: booleanOption });

export type AzureFirewallOptions = z.infer<typeof optionsSchema>;

/**
 * Azure Firewall: legacy diagnostics (`msg` sentences; raw records and AzureDiagnostics rows) and
 * resource-specific logs (raw `AZFW…` records and the AZFW tables).
 */
export class AzureFirewallParser implements SourceParser<AzureFirewallRow, AzureFirewallOptions> {
  readonly id = 'azure-firewall';
  readonly tables = TABLES;
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    applicationRules:
      'true: map application-rule logs (AzureFirewallApplicationRule, AZFWApplicationRule) as sessions too; default false, as Microsoft (WebSession events)',
    alerts:
      'true: map alert-only IDPS / threat-intel records (DvcAction Allow: the traffic passed); default false, as Microsoft (they duplicate the rule log)',
  };

  createDecoder(): RawDecoder<AzureFirewallRow> {
    return new AzureFirewallRecordDecoder();
  }

  /** A raw JSON line of an Azure Firewall resource log (per-line routing of a mixed JSON stream). */
  claimsLine(line: string): boolean {
    return line.charCodeAt(0) === 123 && RAW_CATEGORY.test(line);
  }

  fromTableRow(row: TableRow): AzureFirewallRow | Skip {
    return fromTable(row);
  }

  /** AzureDiagnostics is every Azure resource's table: only firewall rows are ours. */
  claimsRow(row: TableRow): boolean {
    const table = tableOf(row);
    if (table === 'AzureDiagnostics') return isFirewallDiagnosticsRow(row);
    return table !== undefined && isStructuredCategory(table);
  }

  map(row: AzureFirewallRow, ctx: StreamContext<AzureFirewallOptions>): NetworkSession | Skip {
    return mapRow(row, ctx.options, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    if (sample.records) return share(sample.records, isFirewallRecord) * 0.95;
    if (sample.rows) return share(sample.rows, (r) => this.claimsRow(r)) * 0.9;
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    return share(lines, (l) => this.claimsLine(l.trimStart())) * 0.9;
  }
}

const RAW_CATEGORY = /"category"\s*:\s*"(AZFW|AzureFirewall)/;

/** A raw resource-log record of a firewall: an Azure Firewall category, or a firewall's ARM id. */
function isFirewallRecord(r: Readonly<Record<string, unknown>>): boolean {
  const category = r.category ?? r.Category;
  if (typeof category === 'string' && (isLegacyCategory(category) || isStructuredCategory(category))) return 'properties' in r;
  const id = r.resourceId ?? r.ResourceId;
  return typeof id === 'string' && isFirewallResourceId(id) && 'properties' in r;
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let hits = 0;
  for (const item of items) if (test(item)) hits++;
  return hits / items.length;
}
