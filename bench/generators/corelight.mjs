// pnpm bench input for corelight: a sensor's conn log as Zeek TSV (the default on disk) and as
// Corelight JSON (what the exporter streams; 5% of the stream are dns records, skipped).
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

const STATES = table([
  [58, 'SF'], [14, 'S0'], [6, 'REJ'], [4, 'RSTO'], [3, 'RSTR'], [5, 'OTH'], [4, 'S1'], [2, 'SH'], [1, 'SHR'], [1, 'RSTOS0'], [1, 'S3'], [1, 'RSTRH'],
]);
const HISTORY = { SF: 'ShADadFf', S0: 'S', REJ: 'Sr', RSTO: 'ShADdaR', RSTR: 'ShADadr', OTH: 'D', S1: 'ShADad', SH: 'SF', SHR: '^hf', RSTOS0: 'SR', S3: 'ShADadf', RSTRH: '^hr' };
const SERVICE_OF = { 443: 'ssl', 80: 'http', 53: 'dns', 22: 'ssh', 3389: 'rdp', 123: 'ntp', 445: 'smb,krb,gssapi', 5432: 'postgresql', 3306: 'mysql', 6379: 'redis' };
const UID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** One conn record's values, from the shared estate of flows. */
function conn(r, i, n) {
  const [port, protoNumber] = weighted(r, SERVICES);
  const proto = protoNumber === 6 ? 'tcp' : protoNumber === 17 ? 'udp' : 'icmp';
  const inbound = r() < 0.25;
  const state = proto === 'tcp' ? weighted(r, STATES) : pick(r, ['SF', 'SF', 'SF', 'S0', 'OTH', 'SHR']);
  const established = ['SF', 'S1', 'RSTO', 'RSTR', 'S3'].includes(state);
  const origPkts = state === 'S0' || state === 'REJ' ? 1 + Math.floor(r() * 3) : 2 + Math.floor(r() * r() * 400);
  const respPkts = state === 'S0' ? 0 : state === 'REJ' ? 1 : Math.max(1, Math.floor(origPkts * (0.5 + r())));
  const origBytes = established ? Math.floor(origPkts * r() * 900) : 0;
  const respBytes = established ? Math.floor(respPkts * r() * 1400) : 0;
  let uid = 'C';
  for (let k = 0; k < 17; k++) uid += UID_CHARS[Math.floor(r() * UID_CHARS.length)];
  const icmp = proto === 'icmp';
  return {
    ts: START + (i / n) * SPAN_SECONDS + r() * 60,
    uid,
    origH: inbound ? publicIp(r) : privateIp(r),
    origP: icmp ? 8 : 1024 + Math.floor(r() * 64000),
    respH: inbound ? privateIp(r) : r() < 0.6 ? publicIp(r) : privateIp(r),
    respP: icmp ? 0 : port === -1 ? 1024 + Math.floor(r() * 64000) : port,
    proto,
    service: established && !icmp ? SERVICE_OF[port] : undefined,
    duration: state === 'S0' && origPkts === 1 ? undefined : r() * r() * 120,
    origBytes,
    respBytes,
    state,
    localOrig: !inbound,
    localResp: inbound || r() < 0.4,
    history: icmp ? undefined : HISTORY[state],
    origPkts,
    origIpBytes: origBytes + origPkts * (proto === 'tcp' ? 52 : 28),
    respPkts,
    respIpBytes: respBytes + respPkts * (proto === 'tcp' ? 52 : 28),
    ipProto: protoNumber,
  };
}

const TSV_HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2024-05-01-00-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount',
].join('\n');

const dash = (v) => (v === undefined ? '-' : v);

export const GENERATORS = {
  /** Zeek's default TSV conn.log, with its header. */
  'zeek-tsv': {
    source: 'corelight',
    async write(path, n) {
      const r = rng(11);
      await writeLines(path, n, TSV_HEADER, (i) => {
        const c = conn(r, i, n);
        const bytesKnown = c.duration !== undefined;
        return [
          c.ts.toFixed(6), c.uid, c.origH, c.origP, c.respH, c.respP, c.proto, dash(c.service),
          bytesKnown ? c.duration.toFixed(6) : '-', bytesKnown ? c.origBytes : '-', bytesKnown ? c.respBytes : '-',
          c.state, c.localOrig ? 'T' : 'F', c.localResp ? 'T' : 'F', 0, dash(c.history),
          c.origPkts, c.origIpBytes, c.respPkts, c.respIpBytes, '(empty)', c.ipProto,
        ].join('\t');
      });
    },
  },
  /** Corelight JSON lines (`_path`, `_system_name`, ISO times, dotted names), 5% dns records. */
  'zeek-json': {
    source: 'corelight',
    async write(path, n) {
      const r = rng(12);
      const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('Z', `${String(Math.floor((seconds * 1e6) % 1000)).padStart(3, '0')}Z`);
      await writeLines(path, n, undefined, (i) => {
        const c = conn(r, i, n);
        const sensor = `sensor-${1 + Math.floor(r() * 4)}`;
        const end = c.ts + (c.duration ?? 0);
        if (r() < 0.05) {
          return JSON.stringify({ _path: 'dns', _system_name: sensor, _write_ts: iso(c.ts + 0.01), ts: iso(c.ts), uid: c.uid, 'id.orig_h': c.origH, 'id.orig_p': c.origP, 'id.resp_h': c.respH, 'id.resp_p': 53, proto: 'udp', trans_id: Math.floor(r() * 65536), query: 'example.com', qtype_name: 'A', rcode_name: 'NOERROR' });
        }
        return JSON.stringify({
          _path: 'conn', _system_name: sensor, _write_ts: iso(end + 60), ts: iso(c.ts), uid: c.uid,
          'id.orig_h': c.origH, 'id.orig_p': c.origP, 'id.resp_h': c.respH, 'id.resp_p': c.respP, proto: c.proto, service: c.service,
          duration: c.duration, orig_bytes: c.duration === undefined ? undefined : c.origBytes, resp_bytes: c.duration === undefined ? undefined : c.respBytes,
          conn_state: c.state, local_orig: c.localOrig, local_resp: c.localResp, missed_bytes: 0, history: c.history,
          orig_pkts: c.origPkts, orig_ip_bytes: c.origIpBytes, resp_pkts: c.respPkts, resp_ip_bytes: c.respIpBytes, tunnel_parents: [],
          community_id: `1:${Buffer.from(c.uid).toString('base64')}`, corelight_shunted: false,
        });
      });
    },
  },
};
