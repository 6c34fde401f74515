// pnpm bench inputs for windows-security-event (SecurityEvent JSON lines) and the WFP event
// shapes windows-forwarded-event reuses. A Windows estate: workstations and servers connecting out
// (Connect, outbound), services accepting (Receive/Accept, inbound), binds before connects, some
// blocked connections, and the 4624/4688/4663 noise that fills the Security log.
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

export const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const APPS = [
  '\\device\\harddiskvolume2\\windows\\system32\\svchost.exe',
  '\\device\\harddiskvolume2\\program files\\google\\chrome\\application\\chrome.exe',
  '\\device\\harddiskvolume2\\program files (x86)\\microsoft\\edge\\application\\msedge.exe',
  '\\device\\harddiskvolume2\\windows\\system32\\lsass.exe',
  '\\device\\harddiskvolume4\\windows\\system32\\dns.exe',
  '\\device\\harddiskvolume2\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
  'System',
];
const KINDS = table([[55, 5156], [10, 5158], [4, 5157], [2, 5152], [1, 5154], [14, 4624], [8, 4688], [6, 4663]]);
const OTHER_NAMES = { 4624: 'An account was successfully logged on.', 4688: 'A new process has been created.', 4663: 'An attempt was made to access an object.' };

export function hosts() {
  return Array.from({ length: 300 }, (_, i) => `${i < 40 ? 'SRV' : 'WKS'}${String(i).padStart(3, '0')}.corp.contoso.com`);
}

/** One event: id, time (ms), host and the EventData pairs in the order Windows writes them. */
export function wfpEvent(r, i, n, hostList) {
  const id = weighted(r, KINDS);
  const timeMs = (START + (i / n) * SPAN_SECONDS) * 1000 + Math.floor(r() * 1000);
  const computer = pick(r, hostList);
  const pid = String(4 + Math.floor(r() * 12000));
  const app = pick(r, APPS);
  if (id >= 4600 && id < 5000) return { id, timeMs, computer, data: [['SubjectUserSid', 'S-1-5-18'], ['SubjectUserName', 'WKS$'], ['TargetUserName', pick(r, ['alice', 'bob', 'svc_backup'])], ['LogonType', pick(r, ['2', '3', '5', '10'])], ['ProcessId', '0x' + Number(pid).toString(16)]] };
  const [port, proto] = weighted(r, SERVICES);
  const dport = String(port === -1 ? 1024 + Math.floor(r() * 64000) : port);
  const sport = String(49152 + Math.floor(r() * 16000));
  const local = privateIp(r);
  const frt = String(65000 + Math.floor(r() * 9000));
  if (id === 5158 || id === 5154)
    return { id, timeMs, computer, data: [['ProcessId', pid], ['Application', app], ['SourceAddress', r() < 0.5 ? '0.0.0.0' : '::'], ['SourcePort', id === 5154 ? dport : sport], ['Protocol', String(proto)], ['FilterRTID', '0'], ['LayerName', id === 5154 ? '%%14609' : '%%14608'], ['LayerRTID', id === 5154 ? '40' : '36']] };
  const inbound = id === 5157 || id === 5152 || r() < 0.25;
  const remote = r() < 0.6 ? publicIp(r) : privateIp(r);
  const [src, dst] = inbound ? [remote, local] : [local, remote];
  const data = [
    [id === 5152 ? 'ProcessId' : 'ProcessID', id === 5152 ? '0' : pid], ['Application', id === 5152 ? '-' : app], ['Direction', inbound ? '%%14592' : '%%14593'],
    ['SourceAddress', src], ['SourcePort', proto === 1 ? (inbound ? '0' : '8') : sport], ['DestAddress', dst], ['DestPort', proto === 1 ? (inbound ? '8' : '0') : dport], ['Protocol', String(proto)],
    ['FilterRTID', frt], ['LayerName', id === 5152 ? '%%14597' : inbound ? '%%14610' : '%%14611'], ['LayerRTID', id === 5152 ? '13' : inbound ? '44' : '48'],
  ];
  if (id !== 5152) data.push(['RemoteUserID', 'S-1-0-0'], ['RemoteMachineID', 'S-1-0-0']);
  return { id, timeMs, computer, data };
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const iso7 = (ms) => new Date(ms).toISOString().replace('Z', '0000Z');

export const GENERATORS = {
  /** A Log Analytics export of the SecurityEvent table as JSON lines (EventData XML column, CRLF + two spaces). */
  'securityevent-json': {
    source: 'windows-security-event',
    async write(path, n) {
      const r = rng(5156);
      const hostList = hosts(r);
      await writeLines(path, n, undefined, (i) => {
        const ev = wfpEvent(r, i, n, hostList);
        const xml = `<EventData xmlns="${NS}">` + ev.data.map(([k, v]) => `\r\n  <Data Name="${k}">${xmlEscape(v)}</Data>`).join('') + '\r\n</EventData>';
        const t = new Date(ev.timeMs).toISOString();
        return JSON.stringify({
          TenantId: '00000000-0000-0000-0000-000000000000', TimeGenerated: t, SourceSystem: 'OpsManager', Computer: ev.computer.split('.')[0],
          EventSourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', Task: ev.id >= 5150 ? 12810 : 12544, Level: '0', EventData: xml, EventID: ev.id,
          Activity: `${ev.id} - ${OTHER_NAMES[ev.id] ?? 'The Windows Filtering Platform has permitted a connection.'}`, TimeCollected: t, Type: 'SecurityEvent',
          _ResourceId: `/subscriptions/x/resourcegroups/y/providers/microsoft.compute/virtualmachines/${ev.computer.split('.')[0].toLowerCase()}`,
        });
      });
    },
  },
};
