// pnpm bench input for sysmon-windows: a WindowsEvent table export (JSON lines, EventData a JSON
// string as Log Analytics exports it), event 3 among image loads (7), registry (12, 13), process
// access (10) and process creation (1), as in a real Sysmon channel.
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

const KINDS = table([[20, 3], [35, 7], [25, 12], [8, 13], [8, 10], [4, 1]]);
const IMAGES = ['C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\System32\\lsass.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE'];

export const GENERATORS = {
  'sysmon-windowsevent-json': {
    source: 'sysmon-windows',
    async write(path, n) {
      const r = rng(33);
      const hostList = Array.from({ length: 300 }, (_, i) => `WKS${String(i).padStart(3, '0')}`);
      await writeLines(path, n, undefined, (i) => {
        const id = weighted(r, KINDS);
        const ms = (START + (i / n) * SPAN_SECONDS) * 1000 + Math.floor(r() * 1000);
        const t = new Date(ms).toISOString();
        const host = pick(r, hostList);
        const image = pick(r, IMAGES);
        const base = { RuleName: '-', UtcTime: t.replace('Z', '0000Z'), ProcessGuid: `{f3329a35-1c6c-627e-${Math.floor(r() * 65536).toString(16).padStart(4, '0')}-000000000600}`, ProcessId: String(400 + Math.floor(r() * 20000)), Image: image };
        let data;
        if (id === 3) {
          const [port, proto] = weighted(r, SERVICES);
          const initiated = r() < 0.85;
          const local = privateIp(r);
          const remote = r() < 0.6 ? publicIp(r) : privateIp(r);
          data = { ...base, User: pick(r, ['NT AUTHORITY\\SYSTEM', 'CONTOSO\\alice', 'NT AUTHORITY\\NETWORK SERVICE']), Protocol: proto === 17 ? 'udp' : 'tcp', Initiated: String(initiated), SourceIsIpv6: 'false',
            SourceIp: initiated ? local : remote, SourceHostname: '-', SourcePort: String(49152 + Math.floor(r() * 16000)), SourcePortName: '-', DestinationIsIpv6: 'false',
            DestinationIp: initiated ? remote : local, DestinationHostname: '-', DestinationPort: String(port === -1 ? 1024 + Math.floor(r() * 64000) : port), DestinationPortName: '-' };
        } else data = { ...base, TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings', EventType: 'CreateKey' };
        return JSON.stringify({
          TenantId: '00000000-0000-0000-0000-000000000000', SourceSystem: 'OpsManager', TimeGenerated: new Date(ms + 900).toISOString(), Provider: 'Microsoft-Windows-Sysmon',
          Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: host, Task: id, EventLevel: 4, EventLevelName: 'Information', EventData: JSON.stringify(data), EventID: id,
          EventOriginId: '29acc230-2f13-49db-9ef2-c9b20229a10c', ManagementGroupName: 'AOI', Type: 'WindowsEvent', _ResourceId: `/subscriptions/x/resourcegroups/y/providers/microsoft.compute/virtualmachines/${host.toLowerCase()}`,
        });
      });
    },
  },
};
