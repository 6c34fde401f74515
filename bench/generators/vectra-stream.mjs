// pnpm bench input for vectra-stream: a Stream "RAW JSON" feed, 80% isession records, the rest
// other metadata types (dns, ssl, beacon) the plugin skips.
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START, SPAN_SECONDS, writeLines } from './common.mjs';

const STATES = table([[64, 'SF'], [12, 'S0'], [6, 'REJ'], [5, 'RSTO'], [3, 'RSTR'], [5, 'OTH'], [5, 'S1']]);
const SERVICE_OF = { 443: 'ssl', 80: 'http', 53: 'dns', 22: 'ssh', 3389: 'rdp', 123: 'ntp', 445: 'smb', 5432: 'postgresql', 3306: 'mysql', 6379: 'redis' };
const OTHER_TYPES = ['metadata_dns', 'metadata_ssl', 'metadata_beacon'];

export const GENERATORS = {
  'vectra-isession': {
    source: 'vectra-stream',
    async write(path, n) {
      const r = rng(21);
      const hosts = Array.from({ length: 500 }, (_, k) => `ws-${String(k).padStart(4, '0')}`);
      await writeLines(path, n, undefined, (i) => {
        const [port, proto] = weighted(r, SERVICES);
        const inbound = r() < 0.25;
        const ts = Math.floor((START + (i / n) * SPAN_SECONDS) * 1000 + r() * 60000);
        const uid = `${Math.floor(r() * 2 ** 32).toString(16)}-${i.toString(36)}`;
        const orig = inbound ? publicIp(r) : privateIp(r);
        const resp = inbound ? privateIp(r) : r() < 0.6 ? publicIp(r) : privateIp(r);
        if (r() < 0.2) return JSON.stringify({ metadata_type: pick(r, OTHER_TYPES), ts, uid, 'id.orig_h': orig, 'id.orig_p': 1024 + Math.floor(r() * 64000), 'id.resp_h': resp, 'id.resp_p': 53, sensor_uid: 'sensor-01' });
        const duration = Math.floor(r() * r() * 600000);
        const origPkts = 1 + Math.floor(r() * r() * 400);
        const respPkts = Math.floor(origPkts * r() * 1.5);
        const dstPort = proto === 1 ? 0 : port === -1 ? 1024 + Math.floor(r() * 64000) : port;
        return JSON.stringify({
          metadata_type: 'metadata_isession', ts, uid,
          'id.orig_h': orig, 'id.orig_p': proto === 1 ? 0 : 1024 + Math.floor(r() * 64000), 'id.resp_h': resp, 'id.resp_p': dstPort,
          'id.ip_ver': 'ipv4', proto, protoName: proto === 6 ? 'tcp' : proto === 17 ? 'udp' : 'icmp', service: SERVICE_OF[dstPort] ?? 'unknown (unknown)',
          duration, conn_state: proto === 6 ? weighted(r, STATES) : 'SF',
          orig_pkts: origPkts, orig_ip_bytes: origPkts * (60 + Math.floor(r() * 900)), resp_pkts: respPkts, resp_ip_bytes: respPkts * (60 + Math.floor(r() * 1400)),
          resp_domain: inbound ? '' : r() < 0.5 ? `api${Math.floor(r() * 20)}.example.com` : resp, resp_multihomed: r() < 0.1,
          orig_vlan_id: pick(r, [0, 0, 10, 20]), resp_vlan_id: 0, session_start_time: ts - duration,
          community_id: `1:${Buffer.from(uid).toString('base64')}`, orig_huid: `h${Math.floor(r() * 500)}`, resp_huid: `h${Math.floor(r() * 5000)}`,
          sensor_uid: pick(r, ['sensor-01', 'sensor-02']), orig_hostname: inbound ? `IP-${orig}` : pick(r, hosts), resp_hostname: inbound ? pick(r, hosts) : `IP-${resp}`,
          local_orig: !inbound, local_resp: inbound || r() < 0.4, dir_confidence: 90 + Math.floor(r() * 11),
        });
      });
    },
  },
};
