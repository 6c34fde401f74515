// pnpm bench input for azure-firewall: diagnostic records as an Event Hub delivers them, one
// `{"records": [...]}` batch document per line (50-500 records each, as Azure Monitor batches them).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS } from './common.mjs';

const FIREWALLS = ['AZFW-HUB-WEU-01', 'AZFW-HUB-NEU-01', 'AZFW-SPOKE-EUS-02', 'AZFW-SPOKE-WUS2-06'].map(
  (name) => `/SUBSCRIPTIONS/7D2C5F0A-1B3E-4C5D-8E9F-0A1B2C3D4E5F/RESOURCEGROUPS/RG-NETWORK/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/${name}`,
);
const RULES = [
  ['hub-policy', 'DefaultNetworkRuleCollectionGroup', 'allow-dns', 'dns-to-resolvers'],
  ['hub-policy', 'DefaultNetworkRuleCollectionGroup', 'allow-web-out', 'https-internet'],
  ['hub-policy', 'PlatformRuleCollectionGroup', 'spoke-to-spoke', 'ACL-11332_CHG0820497_4'],
  ['hub-policy', 'PlatformRuleCollectionGroup', 'on-prem', 'MCOnPremER-LAB-VNET-1036-ACL-7433'],
  ['spoke-policy', 'DefaultNetworkRuleCollectionGroup', 'allow-ntp', 'ntp-out'],
];
const ACTIONS = table([[92, 'Allow'], [8, 'Deny']]);
const PROTOCOL = { 6: 'TCP', 17: 'UDP', 1: 'ICMP' };

/** One network-rule hit: who connected where, and what the firewall did. */
function hit(r, i, n) {
  const [port, proto] = weighted(r, SERVICES);
  const inbound = r() < 0.2;
  return {
    time: new Date((START + Math.floor((i / n) * SPAN_SECONDS)) * 1000 + Math.floor(r() * 60_000)).toISOString().replace('Z', `${Math.floor(r() * 9999).toString().padStart(4, '0')}Z`),
    resourceId: pick(r, FIREWALLS),
    protocol: PROTOCOL[proto],
    src: inbound ? publicIp(r) : privateIp(r),
    srcPort: proto === 1 ? 0 : 1024 + Math.floor(r() * 64000),
    dst: inbound ? privateIp(r) : r() < 0.6 ? publicIp(r) : privateIp(r),
    dstPort: proto === 1 ? 0 : port === -1 ? 1024 + Math.floor(r() * 64000) : port,
    action: weighted(r, ACTIONS),
    rule: pick(r, RULES),
  };
}

/** Resource-specific (structured) AZFWNetworkRule record. */
function structured(h) {
  const [policy, group, collection, rule] = h.action === 'Allow' ? h.rule : ['', '', '', ''];
  return {
    time: h.time,
    resourceId: h.resourceId,
    category: 'AZFWNetworkRule',
    properties: {
      Protocol: h.protocol, SourceIp: h.src, SourcePort: h.srcPort, DestinationIp: h.dst, DestinationPort: h.dstPort, Action: h.action,
      Policy: policy, RuleCollectionGroup: group, RuleCollection: collection, Rule: rule, ActionReason: h.action === 'Deny' ? 'Default Action' : '',
    },
  };
}

/** Legacy AzureFirewallNetworkRule record: the same hit as a `msg` sentence. */
function legacy(h) {
  const [policy, group, collection, rule] = h.rule;
  const head = h.protocol === 'ICMP' ? `ICMP Type=8 request from ${h.src} to ${h.dst}` : `${h.protocol} request from ${h.src}:${h.srcPort} to ${h.dst}:${h.dstPort}`;
  const tail = h.action === 'Allow' ? `. Policy: ${policy}. Rule Collection Group: ${group}. Rule Collection: ${collection}. Rule: ${rule}` : '. No rule matched. Proceeding with default action';
  return { category: 'AzureFirewallNetworkRule', time: h.time, resourceId: h.resourceId, operationName: 'AzureFirewallNetworkRuleLog', properties: { msg: `${head}. Action: ${h.action}${tail}` } };
}

async function writeBatches(path, n, seed, record) {
  const r = rng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = '';
  for (let i = 0; i < n; ) {
    const size = Math.min(n - i, 50 + Math.floor(r() * 451));
    const records = [];
    for (let k = 0; k < size; k++, i++) records.push(JSON.stringify(record(hit(r, i, n))));
    buf += `{"records":[${records.join(',')}]}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

export const GENERATORS = {
  /** Resource-specific network-rule records (the mode Microsoft recommends). */
  'azfw-network-rule': { source: 'azure-firewall', write: (path, n) => writeBatches(path, n, 11, structured) },
  /** The same traffic in legacy diagnostics mode: every record a `msg` sentence to parse. */
  'azfw-legacy-network-rule': { source: 'azure-firewall', write: (path, n) => writeBatches(path, n, 12, legacy) },
};
