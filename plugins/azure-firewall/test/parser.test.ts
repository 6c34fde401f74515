import { readFileSync } from 'node:fs';
import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip, type JsonObject, type TableRow } from '@asimkit/sdk';
import { describe, expect, it } from 'vitest';
import { AzureFirewallParser } from '../src/parser.js';
import type { AzureFirewallRow } from '../src/row.js';

const parser = new AzureFirewallParser();
const ctx = { options: { applicationRules: false, alerts: false }, path: 'test', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2000-01-01T00:00:00.000Z' };
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const records = (JSON.parse(fixture('legacy-records-documented.json')) as { records: JsonObject[] }).records;

/** Every session a raw line yields (decode + map). */
function sessionsOfLine(line: string): (NetworkSession | Skip)[] {
  const rows: AzureFirewallRow[] = [];
  parser.createDecoder().decode(line, { row: (r) => void rows.push(r), skip() {} });
  return rows.map((r) => parser.map(r, ctx));
}

const nsgRow: TableRow = { Type: 'AzureDiagnostics', ResourceType: 'NETWORKSECURITYGROUPS', Category: 'NetworkSecurityGroupEvent', OperationName: 'NetworkSecurityGroupEvents' };
const firewallRow: TableRow = {
  Type: 'AzureDiagnostics', ResourceType: 'AZUREFIREWALLS', Category: 'AzureFirewallNetworkRule', OperationName: 'AzureFirewallNetworkRuleLog',
  TimeGenerated: '2025-03-10T08:00:00Z', msg_s: 'TCP request from 10.0.0.4:50000 to 10.1.0.4:443. Action: Allow. ',
  ResourceId: '/SUBSCRIPTIONS/AAAA/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/FW1',
};

describe('AzureFirewallParser routing', () => {
  it('claims firewall rows of AzureDiagnostics, and not other resources of that shared table', () => {
    expect(parser.claimsRow(firewallRow)).toBe(true);
    expect(parser.claimsRow(nsgRow)).toBe(false);
    expect(parser.claimsRow({ Category: 'AzureFirewallApplicationRule', OperationName: 'AzureFirewallApplicationRuleLog', msg_s: 'x' })).toBe(true);
    expect(parser.claimsRow({ Type: 'AZFWNatRule', SourceIp: '10.0.0.1' })).toBe(true);
    expect(parser.claimsRow({ Type: 'CommonSecurityLog', DeviceVendor: 'Fortinet' })).toBe(false);
  });

  it('skips another resource\'s AzureDiagnostics row saying what it is', () => {
    const out = parser.fromTableRow(nsgRow);
    expect(out).toBeInstanceOf(Skip);
    expect((out as Skip).reason).toContain('NETWORKSECURITYGROUPS');
  });

  it('reads raw diagnostic records as records, not as table rows', () => {
    const asRecords = parser.sniff({ records });
    expect(asRecords).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: records })).toBeLessThan(asRecords);
  });

  it('is confident about AzureDiagnostics and AZFW exports, with or without Type', () => {
    expect(parser.sniff({ rows: [firewallRow] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ TimeGenerated: 'x', SourceIp: '10.0.0.1', DestinationIp: '10.0.0.2', Action: 'Allow' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [nsgRow] })).toBe(0);
    expect(parser.sniff({ records: [{ category: 'NetworkSecurityGroupFlowEvent', properties: {}, resourceId: '/x/providers/microsoft.network/networksecuritygroups/n' }] })).toBe(0);
  });

  it('claims raw JSON lines of firewall records, and nothing else', () => {
    expect(parser.claimsLine(JSON.stringify(records[0]))).toBe(true);
    expect(parser.claimsLine(JSON.stringify({ records: records.slice(0, 2) }))).toBe(true);
    expect(parser.claimsLine(JSON.stringify(records[23]))).toBe(false);
    expect(parser.claimsLine('<134>Jul 16 10:32:04 fw AzureFirewallNetworkRule TCP request from 1.2.3.4:1 to 5.6.7.8:2')).toBe(false);
  });

  it('decodes a raw line holding a whole {"records": [...]} document', () => {
    const line = JSON.stringify({ records: records.slice(0, 4) });
    const out = sessionsOfLine(line);
    expect(out).toHaveLength(4);
    expect(out.map((s) => (s as NetworkSession).DstPortNumber)).toEqual([53, 2323, 1688, 3389]);
    expect(() => sessionsOfLine('{"records": [')).toThrow(RecordRejected);
  });
});

describe('AzureFirewallParser mapping', () => {
  it('gives legacy and resource-specific records of one firewall the same DvcId', () => {
    const legacy = parser.map(parser.fromTableRow(firewallRow) as AzureFirewallRow, ctx) as NetworkSession;
    const structured = parser.map(
      parser.fromTableRow({
        Type: 'AZFWNetworkRule', TimeGenerated: '2025-03-10T08:00:00Z', SourceIp: '10.0.0.4', SourcePort: 50000, DestinationIp: '10.1.0.4', DestinationPort: 443,
        Protocol: 'TCP', Action: 'Allow', _ResourceId: '/subscriptions/aaaa/resourcegroups/rg/providers/microsoft.network/azurefirewalls/fw1',
      }) as AzureFirewallRow,
      ctx,
    ) as NetworkSession;
    expect(legacy.DvcId).toBe(structured.DvcId);
    expect(legacy.DvcSubscriptionId).toBe('aaaa');
    for (const f of ['SrcIpAddr', 'DstIpAddr', 'DstPortNumber', 'NetworkProtocol', 'DvcAction', 'EventResult', 'TimeGenerated'] as const) {
      expect(legacy[f]).toEqual(structured[f]);
    }
  });

  it('never puts a threat-intel FQDN into DstIpAddr', () => {
    const [ti] = sessionsOfLine(JSON.stringify(records[6]));
    expect((ti as NetworkSession).DstIpAddr).toBeUndefined();
    expect((ti as NetworkSession).DstFQDN).toBe('ocsp.sca1b.amazontrust.com');
  });

  it('maps alert-only and application-rule records only when asked', () => {
    const alert = JSON.stringify(records[5]);
    const app = JSON.stringify(records[14]);
    expect(sessionsOfLine(alert)[0]).toBeInstanceOf(Skip);
    expect(sessionsOfLine(app)[0]).toBeInstanceOf(Skip);
    const rows: AzureFirewallRow[] = [];
    const decoder = parser.createDecoder();
    for (const line of [alert, app]) decoder.decode(line, { row: (r) => void rows.push(r), skip() {} });
    const both = { ...ctx, options: { applicationRules: true, alerts: true } };
    const [alertSession, appSession] = rows.map((r) => parser.map(r, both) as NetworkSession);
    expect(alertSession).toMatchObject({ DvcAction: 'Allow', DvcOriginalAction: 'Alert', EventSeverity: 'Medium' });
    expect(appSession).toMatchObject({ DstFQDN: 'mydestination.com', DstPortNumber: 443, NetworkProtocol: 'TCP', NetworkApplicationProtocol: 'HTTPS' });
  });

  it('rejects a present but unreadable time instead of using the clock', () => {
    expect(() => parser.fromTableRow({ ...firewallRow, TimeGenerated: '2025-02-30 10:00:00' })).toThrow(RecordRejected);
    const legacy = parser.map(parser.fromTableRow({ ...firewallRow, TimeGenerated: '2025-03-10 08:00:00.1239999' }) as AzureFirewallRow, ctx) as NetworkSession;
    expect(legacy.TimeGenerated).toBe('2025-03-10T08:00:00.123Z');
    const offset = parser.map(parser.fromTableRow({ ...firewallRow, TimeGenerated: '2025-03-10T10:00:00+02:00' }) as AzureFirewallRow, ctx) as NetworkSession;
    expect(offset.TimeGenerated).toBe('2025-03-10T08:00:00.000Z');
  });
});
