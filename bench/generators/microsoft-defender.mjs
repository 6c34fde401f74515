// pnpm bench input for microsoft-defender: DeviceNetworkEvents as the streaming API writes them.
// `defender-storage` is the storage form, one record per line, as Azure Storage blobs hold them:
// the form users keep as files. `defender-eventhub` is Event Hub message bodies, one
// `{"records": [...]}` document of 100 records per line, as a consumer that dumps bodies writes them.
import { rng, pick, weighted, table, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

const TENANT = '12345af3-1234-4c1d-9e3a-0123456789ab';

// What a Windows fleet reports, by share of rows (spec §2.4; the inspections are skipped by default).
const ACTIONS = table([
  [52, 'ConnectionSuccess'], [8, 'ConnectionFailed'], [6, 'ConnectionRequest'], [12, 'InboundConnectionAccepted'],
  [5, 'ConnectionFound'], [3, 'ListeningConnectionCreated'], [2, 'ConnectionAttempt'], [2, 'ConnectionAcknowledged'],
  [4, 'HttpConnectionInspected'], [3, 'SslConnectionInspected'], [2, 'DnsConnectionInspected'], [1, 'NetworkSignatureInspected'],
]);
// Outbound destinations: [port, protocol, process, url]
const OUTBOUND = table([
  [40, [443, 'Tcp', 'msedge.exe', 'https://login.microsoftonline.com']], [12, [443, 'Tcp', 'chrome.exe', 'www.google.com']],
  [10, [443, 'Tcp', 'Teams.exe', 'teams.microsoft.com']], [6, [443, 'Tcp', 'OneDrive.exe', 'https://contoso-my.sharepoint.com/personal']],
  [8, [80, 'Tcp', 'svchost.exe', 'http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab']],
  [8, [53, 'Udp', 'svchost.exe', '']], [3, [445, 'Tcp', 'System', '']], [3, [389, 'Tcp', 'lsass.exe', '']], [2, [88, 'Tcp', 'lsass.exe', '']],
  [2, [3389, 'Tcp', 'mstsc.exe', '']], [2, [123, 'Udp', 'svchost.exe', 'time.windows.com']], [2, [8080, 'Tcp', 'java.exe', '']],
  [1, [22, 'Tcp', 'ssh.exe', '']], [1, [5985, 'Tcp', 'powershell.exe', '']],
]);
// Inbound services on the device: [port, process, command line]
const INBOUND = table([
  [35, [445, 'System', '']], [25, [135, 'svchost.exe', 'svchost.exe -k RPCSS -p']], [15, [3389, 'svchost.exe', 'svchost.exe -k NetworkService -s TermService']],
  [10, [5985, 'System', '']], [8, [139, 'System', '']], [5, [22, 'sshd.exe', 'C:\\Windows\\System32\\OpenSSH\\sshd.exe']], [2, [8080, 'java.exe', 'java -jar app.jar']],
]);

const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};

/** ISO-8601 with the 7 fractional digits Defender writes. */
const ticks = (ms, r) => new Date(ms).toISOString().slice(0, 23) + String(Math.floor(r() * 10000)).padStart(4, '0') + 'Z';

/** A generator of streaming-API records (`record(i)` → the i-th of n), deterministic per seed. */
function fleet(seed, n) {
  const r = rng(seed);
  const devices = Array.from({ length: 2000 }, (_, i) => ({
    id: hex(r, 40),
    name: `${pick(r, ['desktop', 'laptop', 'srv'])}-${String(i).padStart(4, '0')}.corp.contoso.com`,
    ip: privateIp(r),
    user: `user${Math.floor(r() * 5000)}`,
    sid: `S-1-5-21-1180649209-123456789-3582944384-${1000 + Math.floor(r() * 90000)}`,
  }));
  return (i) => {
    const d = devices[Math.floor(r() * devices.length)];
    const action = weighted(r, ACTIONS);
    const ms = (START + Math.floor((i / n) * SPAN_SECONDS)) * 1000 + Math.floor(r() * 60000);
    const inbound = action === 'InboundConnectionAccepted' || action === 'ConnectionAttempt' || action === 'ConnectionAcknowledged';
    const ephemeral = 49152 + Math.floor(r() * 16383);
    let local, remote, localPort, remotePort, protocol = 'Tcp', proc, cmd = '', url = '', account;
    if (inbound || action === 'ListeningConnectionCreated') {
      const [port, p, c] = weighted(r, INBOUND);
      [local, localPort, proc, cmd] = [d.ip, port, p, c];
      [remote, remotePort] = action === 'ListeningConnectionCreated' ? ['0.0.0.0', 0] : [r() < 0.8 ? privateIp(r) : publicIp(r), ephemeral];
      account = { domain: 'nt authority', name: proc === 'System' ? 'system' : 'network service', sid: proc === 'System' ? 'S-1-5-18' : 'S-1-5-20' };
    } else {
      const [port, proto, p, u] = weighted(r, OUTBOUND);
      [local, localPort, remote, remotePort, protocol, proc, url] = [d.ip, ephemeral, port === 445 || port === 389 || port === 88 ? privateIp(r) : publicIp(r), port, proto, p, u];
      account = proc === 'svchost.exe' || proc === 'System' || proc === 'lsass.exe'
        ? { domain: 'nt authority', name: 'system', sid: 'S-1-5-18' }
        : { domain: 'corp', name: d.user, sid: d.sid, upn: `${d.user}@contoso.com` };
    }
    const inspected = action.endsWith('Inspected');
    if (action === 'DnsConnectionInspected') [remotePort, protocol, url] = [53, 'Udp', ''];
    else if (action === 'HttpConnectionInspected') [remotePort, url] = [80, ''];
    else if (action === 'SslConnectionInspected') [remotePort, url] = [443, ''];
    const pid = action === 'ConnectionFound' || inspected || action === 'ConnectionAttempt' ? 0 : 1000 + Math.floor(r() * 30000);
    const properties = {
      Timestamp: ticks(ms, r),
      DeviceId: d.id,
      DeviceName: d.name,
      ActionType: action,
      RemoteIP: remote,
      RemotePort: remotePort,
      RemoteUrl: url,
      LocalIP: local,
      LocalPort: localPort,
      Protocol: protocol,
      LocalIPType: 'Private',
      RemoteIPType: remote.startsWith('10.') ? 'Private' : 'Public',
      InitiatingProcessSHA1: hex(r, 40),
      InitiatingProcessSHA256: hex(r, 64),
      InitiatingProcessMD5: hex(r, 32),
      InitiatingProcessFileName: proc,
      InitiatingProcessFileSize: 100000 + Math.floor(r() * 5000000),
      InitiatingProcessVersionInfoCompanyName: 'Microsoft Corporation',
      InitiatingProcessVersionInfoProductName: 'Microsoft® Windows® Operating System',
      InitiatingProcessFolderPath: `c:\\windows\\system32\\${proc.toLowerCase()}`,
      InitiatingProcessId: pid,
      InitiatingProcessCommandLine: cmd || proc,
      InitiatingProcessCreationTime: ticks(ms - 3600000, r),
      InitiatingProcessIntegrityLevel: account.domain === 'nt authority' ? 'System' : 'Medium',
      InitiatingProcessTokenElevation: 'TokenElevationTypeDefault',
      InitiatingProcessParentId: pid === 0 ? 0 : 600 + Math.floor(r() * 400),
      InitiatingProcessParentFileName: pid === 0 ? null : 'services.exe',
      InitiatingProcessParentCreationTime: pid === 0 ? null : ticks(ms - 86400000, r),
      InitiatingProcessAccountDomain: pid === 0 ? null : account.domain,
      InitiatingProcessAccountName: pid === 0 ? null : account.name,
      InitiatingProcessAccountSid: pid === 0 ? null : account.sid,
      InitiatingProcessAccountUpn: pid === 0 ? null : account.upn ?? null,
      InitiatingProcessAccountObjectId: account.upn ? '0c7ae1b5-3a0e-4f54-8b2b-1f2e3d4c5b6a' : null,
      ReportId: 100000 + i,
      AppGuardContainerId: '',
      AdditionalFields: inspected ? JSON.stringify({ direction: 'Out' }) : null,
      MachineGroup: 'Workstations',
    };
    return { time: ticks(ms + 300000 + Math.floor(r() * 600000), r), tenantId: TENANT, operationName: 'Publish', category: 'AdvancedHunting-DeviceNetworkEvents', properties, Tenant: 'DefaultTenant' };
  };
}

const BATCH = 100;

export const GENERATORS = {
  'defender-storage': {
    source: 'microsoft-defender',
    async write(path, n) {
      const record = fleet(11, n);
      await writeLines(path, n, '', (i) => JSON.stringify(record(i)));
    },
  },
  'defender-eventhub': {
    source: 'microsoft-defender',
    async write(path, n) {
      const record = fleet(11, n);
      await writeLines(path, Math.ceil(n / BATCH), '', (b) => {
        const records = [];
        for (let i = b * BATCH; i < Math.min(n, (b + 1) * BATCH); i++) records.push(record(i));
        return JSON.stringify({ records });
      });
    },
  },
};
