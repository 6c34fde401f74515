// pnpm bench input for sysmon-linux: rsyslog file lines `Mmm dd HH:mm:ss host sysmon: <Event>...`,
// event 3 among the process events (1, 5) and file events (11) that dominate a real Sysmon log.
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

const KINDS = table([[45, 3], [30, 1], [20, 5], [5, 11]]);
const IMAGES = ['/usr/bin/curl', '/usr/lib/jvm/java-11-openjdk-amd64/bin/java', '/usr/sbin/sshd', '/opt/microsoft/mdatp/sbin/wdavdaemon', '/usr/bin/python3.10', '/usr/sbin/nginx'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

export const GENERATORS = {
  'sysmon-linux-syslog': {
    source: 'sysmon-linux',
    async write(path, n) {
      const r = rng(3);
      const hostList = Array.from({ length: 200 }, (_, i) => `ubuntu${i}`);
      let record = 240_000;
      await writeLines(path, n, undefined, (i) => {
        const id = weighted(r, KINDS);
        const ms = (START + (i / n) * SPAN_SECONDS) * 1000 + Math.floor(r() * 1000);
        const d = new Date(ms);
        const host = pick(r, hostList);
        const utc = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
        const guid = `{94325212-${Math.floor(r() * 65536).toString(16).padStart(4, '0')}-627b-082b-60e4b9550000}`;
        const pid = String(300 + Math.floor(r() * 30000));
        const image = pick(r, IMAGES);
        let fields;
        if (id === 3) {
          const [port, proto] = weighted(r, SERVICES);
          const initiated = r() < 0.8;
          const local = privateIp(r);
          const remote = r() < 0.5 ? publicIp(r) : privateIp(r);
          const dport = String(port === -1 ? 1024 + Math.floor(r() * 64000) : port);
          const sport = String(32768 + Math.floor(r() * 28000));
          fields = [['RuleName', '-'], ['UtcTime', utc], ['ProcessGuid', guid], ['ProcessId', pid], ['Image', image], ['User', pick(r, ['root', '-', 'tomcat', 'www-data'])],
            ['Protocol', proto === 17 ? 'udp' : 'tcp'], ['Initiated', String(initiated)], ['SourceIsIpv6', 'false'], ['SourceIp', initiated ? local : remote], ['SourceHostname', '-'],
            ['SourcePort', sport], ['SourcePortName', '-'], ['DestinationIsIpv6', 'false'], ['DestinationIp', initiated ? remote : local], ['DestinationHostname', '-'], ['DestinationPort', dport], ['DestinationPortName', '-']];
        } else fields = [['RuleName', '-'], ['UtcTime', utc], ['ProcessGuid', guid], ['ProcessId', pid], ['Image', image], ['User', 'root']];
        const xml = `<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>${id}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="${d.toISOString().replace('Z', '000000Z')}"/><EventRecordID>${record++}</EventRecordID><Correlation/><Execution ProcessID="1590" ThreadID="1590"/><Channel>Linux-Sysmon/Operational</Channel><Computer>${host}</Computer><Security UserId="0"/></System><EventData>${fields.map(([k, v]) => `<Data Name="${k}">${v}</Data>`).join('')}</EventData></Event>`;
        return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${host} sysmon: ${xml}`;
      });
    },
  },
};
