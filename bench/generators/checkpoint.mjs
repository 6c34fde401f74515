// pnpm bench input for checkpoint: Log Exporter CEF lines behind a syslog header, as the
// documented fixture lines (plugins/checkpoint/test/fixtures/cef-log-exporter-documented.log) are.
import { rng, pick, flow, enis, writeLines, rfc3164 } from './common.mjs';

const SERVICE = { 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain-udp', 80: 'http', 123: 'ntp-udp', 443: 'https', 445: 'microsoft-ds', 3389: 'Remote_Desktop_Protocol' };

export const GENERATORS = {
  /** VPN-1 & FireWall-1 connection logs from Log Exporter in CEF (spec §2.1): Accept 90 %, Drop/Reject the rest. */
  'checkpoint-cef': {
    source: 'checkpoint',
    async write(path, n) {
      const r = rng(13);
      const e = enis(r);
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const act = f.action === 'ACCEPT' ? 'Accept' : pick(r, ['Drop', 'Reject']);
        const service = SERVICE[f.dstport] ?? `tcp-${f.dstport}`;
        const gateway = `cp-gw-${1 + (i % 3)}`;
        const nat = f.inbound ? '' : ` sourceTranslatedAddress=198.51.100.${1 + (i % 200)} sourceTranslatedPort=${40000 + (i % 20000)}`;
        return (
          `<134>${rfc3164(f.end)} cp-logserver CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|${service}|Unknown|` +
          `act=${act} deviceDirection=${f.inbound ? 0 : 1} rt=${f.end * 1000} spt=${f.srcport} dpt=${f.dstport} src=${f.src} dst=${f.dst} proto=${f.proto}${nat} ` +
          `cs2Label=Rule Name cs2=${act === 'Accept' ? 'Allow internet' : 'Cleanup rule'} conn_direction=${f.inbound ? 'Incoming' : 'Outgoing'} ` +
          `ifname=eth${i % 4} inzone=${f.inbound ? 'External' : 'Internal'} outzone=${f.inbound ? 'Internal' : 'External'} layer_name=Network ` +
          `loguid={0x${(0x661f7b00 + i).toString(16)},0x${(i % 4096).toString(16)},0x1c3f780a,0x15d0ab25} origin=10.120.63.${36 + (i % 3)} ` +
          `originsicname=CN\\=${gateway},O\\=cp-mgmt.example.com.9cr9p2 product=VPN-1 & FireWall-1 service_id=${service}`
        );
      });
    },
  },
};
