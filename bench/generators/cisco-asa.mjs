// pnpm bench input for cisco-asa.
import { rng, pick, weighted, table, flow, enis, writeLines, rfc3164 } from './common.mjs';

const duration = (s) => `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/** What an ASA at an internet edge logs: connection builds and teardowns, ACL denies, some ICMP and NAT noise. */
const KINDS = table([
  [30, 'built'], [30, 'teardown'], [12, 'deny-acl'], [6, 'deny-no-conn'], [6, 'acl-hit'], [5, 'icmp'], [4, 'xlate'], [4, 'discarded'], [3, 'rpf'],
]);
const REASONS = table([[60, 'TCP FINs'], [15, 'TCP Reset-I'], [10, 'TCP Reset-O'], [8, 'SYN Timeout'], [5, 'Idle Timeout'], [2, 'Flow closed by inspection']]);
const FIREWALLS = ['10.22.8.216', '10.22.8.201', 'asa-edge-01', 'asa-dc-02'];

export const GENERATORS = {
  /** Cisco ASA connection syslog behind an RFC 3164 header (the metron sample's shape). */
  'asa-syslog': {
    source: 'cisco-asa',
    async write(path, n) {
      const r = rng(23);
      const e = enis(r);
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const kind = weighted(r, KINDS);
        const udp = f.proto === 17;
        const proto = udp ? 'UDP' : 'TCP';
        const head = `<166>${rfc3164(f.start)} ${pick(r, FIREWALLS)} `;
        const conn = 100000000 + i;
        // outbound: the inside host (src) initiated; ASA writes the foreign (outside) side after `for`
        const inside = f.inbound ? f.dst : f.src;
        const outside = f.inbound ? f.src : f.dst;
        const insidePort = f.inbound ? f.dstport : f.srcport;
        const outsidePort = f.inbound ? f.srcport : f.dstport;
        const mapped = f.inbound ? inside : `203.0.113.${1 + (i % 8)}`;
        const dir = f.inbound ? 'inbound' : 'outbound';
        switch (kind) {
          case 'built':
            return `${head}%ASA-6-${udp ? '302015' : '302013'}: Built ${dir} ${proto} connection ${conn} for outside:${outside}/${outsidePort} (${outside}/${outsidePort}) to inside:${inside}/${insidePort} (${mapped}/${insidePort})`;
          case 'teardown': {
            const tail = udp ? '' : ` ${weighted(r, REASONS)}`;
            return `${head}%ASA-6-${udp ? '302016' : '302014'}: Teardown ${proto} connection ${conn} for outside:${outside}/${outsidePort} to inside:${inside}/${insidePort} duration ${duration(f.end - f.start)} bytes ${f.packets * 420}${tail}`;
          }
          case 'deny-acl':
            return `${head}%ASA-4-106023: Deny ${proto.toLowerCase()} src outside:${f.src}/${f.srcport} dst inside:${f.dst}/${f.dstport} by access-group "outside_access_in" [0x51013f4e, 0x0]`;
          case 'deny-no-conn':
            return `${head}%ASA-6-106015: Deny TCP (no connection) from ${f.src}/${f.srcport} to ${f.dst}/${f.dstport} flags ${pick(r, ['RST', 'FIN ACK', 'ACK', 'RST ACK'])}  on interface outside`;
          case 'acl-hit':
            return `${head}%ASA-6-106100: access-list inside_access_in ${f.action === 'ACCEPT' ? 'permitted' : 'denied'} ${proto.toLowerCase()} inside/${f.src}(${f.srcport}) -> outside/${f.dst}(${f.dstport}) hit-cnt 1 first hit [0x2f8d2a1b, 0x0]`;
          case 'icmp':
            return r() < 0.5
              ? `${head}%ASA-6-302020: Built ${dir} ICMP connection for faddr ${outside}/0 gaddr ${mapped}/${i % 65536} laddr ${inside}/${i % 65536} type 8 code 0`
              : `${head}%ASA-6-302021: Teardown ICMP connection for faddr ${outside}/0 gaddr ${mapped}/${i % 65536} laddr ${inside}/${i % 65536} type 8 code 0`;
          case 'xlate':
            return `${head}%ASA-6-305011: Built dynamic ${proto} translation from inside:${inside}/${insidePort} to outside:${mapped}/${insidePort}`;
          case 'discarded':
            return `${head}%ASA-7-710005: UDP request discarded from ${f.src}/${f.srcport} to outside:${f.dst}/${pick(r, [5355, 137, 1900, 67])}`;
          default:
            return `${head}%ASA-1-106021: Deny ${proto} reverse path check from ${f.src} to ${f.dst} on interface outside`;
        }
      });
    },
  },
};
