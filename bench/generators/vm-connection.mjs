// pnpm bench input for vm-connection: VMConnection rows as JSON lines (the real sample's form, and
// what a Log Analytics query API export or `az monitor log-analytics query` piped to jq gives).
import { rng, pick, weighted, table, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

// Connections a VM fleet reports: [direction, port, protocol, process]
const CONNECTIONS = table([
  [30, ['outbound', 443, 'tcp', 'python3']], [10, ['outbound', 443, 'tcp', 'curl']], [8, ['outbound', 80, 'tcp', 'apt']],
  [10, ['outbound', 53, 'udp', 'systemd-resolved']], [6, ['outbound', 5432, 'tcp', 'java']], [4, ['outbound', 6379, 'tcp', 'node']],
  [12, ['inbound', 443, 'tcp', 'nginx']], [6, ['inbound', 80, 'tcp', 'nginx']], [6, ['inbound', 22, 'tcp', 'sshd']],
  [3, ['inbound', 8080, 'tcp', 'java']], [3, ['inbound', 3389, 'tcp', 'svchost']], [2, ['outbound', 1433, 'tcp', 'sqlservr']],
]);

const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(r() * 16)];
  return s;
};

export const GENERATORS = {
  'vmconnection-jsonl': {
    source: 'vm-connection',
    async write(path, n) {
      const r = rng(13);
      const vms = Array.from({ length: 500 }, (_, i) => {
        const agent = `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`.toLowerCase();
        return { name: `vm${String(i).padStart(3, '0')}.contoso.com`, ip: privateIp(r), agent, machine: `m-${agent}`, rg: pick(r, ['web-rg', 'data-rg', 'ops-rg']) };
      });
      await writeLines(path, n, '', (i) => {
        const vm = vms[Math.floor(r() * vms.length)];
        const [direction, port, protocol, proc] = weighted(r, CONNECTIONS);
        const peer = r() < 0.5 ? publicIp(r) : privateIp(r);
        const outbound = direction === 'outbound';
        const minute = START + Math.floor(((i / n) * SPAN_SECONDS) / 60) * 60;
        const continuation = r() < 0.25; // a long-lived connection's next minute
        const failed = outbound && !continuation && r() < 0.05 ? 1 + Math.floor(r() * 3) : 0;
        const established = continuation || failed ? 0 : 1 + Math.floor(r() * r() * 8);
        const live = continuation ? 1 : r() < 0.2 ? 1 : 0;
        const responses = failed ? 0 : Math.floor(r() * 6);
        const row = {
          TimeGenerated: new Date(minute * 1000 + Math.floor(r() * 1000)).toISOString(),
          Computer: vm.name,
          Direction: direction,
          ProcessName: proc,
          SourceIp: outbound ? vm.ip : peer,
          DestinationIp: outbound ? peer : vm.ip,
          DestinationPort: port,
          Protocol: protocol,
          RemoteIp: peer,
          BytesSent: failed ? 0 : Math.floor(r() * 200000),
          BytesReceived: failed ? 0 : Math.floor(r() * 2000000),
          LinksEstablished: established,
          LinksTerminated: continuation ? 0 : Math.max(0, established - live),
          LinksLive: live,
          LinksFailed: failed,
          Responses: responses,
          ResponseTimeSum: responses * (5 + Math.floor(r() * 200)),
          RemoteDnsCanonicalNames: peer.startsWith('10.') ? '' : JSON.stringify([`edge-${Math.floor(r() * 90)}.azureedge.net`]),
          RemoteCountry: peer.startsWith('10.') ? '' : pick(r, ['United States', 'Ireland', 'Netherlands', 'Japan']),
          ConnectionId: hex(r, 40),
          Machine: vm.machine,
          Process: `p-${hex(r, 40).toLowerCase()}`,
          AgentId: vm.agent,
          TenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
          SourceSystem: 'OpsManager',
          Type: 'VMConnection',
          _ResourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/${vm.rg}/providers/microsoft.compute/virtualmachines/${vm.name.split('.')[0]}`,
        };
        if (!outbound && r() < 0.01) Object.assign(row, { MaliciousIp: peer, IndicatorThreatType: 'Botnet', Severity: 3, Confidence: '80', TLPLevel: 'Amber' });
        return JSON.stringify(row);
      });
    },
  },
};
