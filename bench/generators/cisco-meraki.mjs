// pnpm bench input for cisco-meraki.
import { rng, pick, flow, enis, writeLines } from './common.mjs';

const DEVICES = ['MX84-HQ', 'MX68-Branch-12', 'MX250-DC', 'MX67C-Kiosk'];
const FIREWALL_TYPES = ['firewall', 'firewall', 'firewall', 'vpn_firewall', 'cellular_firewall'];
const SIGNATURES = [
  ['1:29708:4', 'BROWSER-IE Microsoft Internet Explorer CSS uninitialized object access attempt detected'],
  ['1:2019401:3', 'ET POLICY DNS Query to a *.top domain - Likely Hostile'],
  ['1:21516:9', 'SERVER-WEBAPP JBoss JMX console access attempt'],
];
const PROTOCOL = { 6: 'tcp', 17: 'udp', 1: 'icmp' };
const mac = (r) => Array.from({ length: 6 }, () => Math.floor(r() * 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

export const GENERATORS = {
  /** Meraki MX syslog: mostly flows/firewall lines (old and new forms), some ip_flow_* with NAT, some IDS alerts. */
  'meraki-syslog': {
    source: 'cisco-meraki',
    async write(path, n) {
      const r = rng(23);
      const e = enis(r);
      const macs = Array.from({ length: 500 }, () => mac(r));
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const epoch = `${f.start}.${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
        const device = pick(r, DEVICES);
        const proto = PROTOCOL[f.proto];
        const ports = f.proto === 1 ? 'type=8' : `sport=${f.srcport} dport=${f.dstport}`;
        const kind = r();
        if (kind < 0.08) {
          const type = r() < 0.5 ? 'ip_flow_start' : 'ip_flow_end';
          const nat = f.inbound ? `translated_dst_ip=10.200.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)} translated_port=${f.dstport}` : `translated_src_ip=198.51.100.${1 + Math.floor(r() * 254)} translated_port=${f.srcport}`;
          return `<134>1 ${epoch} ${device} ${type} src=${f.src} dst=${f.dst} protocol=${proto} ${ports} ${nat}`;
        }
        if (kind < 0.1) {
          const [sig, message] = pick(r, SIGNATURES);
          const dir = f.inbound ? 'ingress' : 'egress';
          return `<134>1 ${epoch} ${device} security_event ids_alerted signature=${sig} priority=${1 + Math.floor(r() * 3)} timestamp=${f.start}.${String(Math.floor(r() * 1e6)).padStart(6, '0')} ${f.inbound ? 'dhost' : 'shost'}=${pick(r, macs)} direction=${dir} protocol=${proto}/ip src=${f.src}:${f.srcport} dst=${f.dst}:${f.dstport} decision=${f.action === 'ACCEPT' ? 'allowed' : 'blocked'} message: ${message}`;
        }
        const macPart = f.inbound ? '' : ` mac=${pick(r, macs)}`;
        if (kind < 0.25) return `<134>1 ${epoch} ${device} flows ${f.action === 'ACCEPT' ? 'allow' : 'deny'} src=${f.src} dst=${f.dst}${macPart} protocol=${proto} ${ports}`;
        const pattern = f.inbound ? (f.action === 'ACCEPT' ? '0 all' : '1 all') : f.action === 'ACCEPT' ? 'allow all' : 'deny (dst 10.0.0.0/8)';
        return `<134>1 ${epoch} ${device} ${pick(r, FIREWALL_TYPES)} src=${f.src} dst=${f.dst}${macPart} protocol=${proto} ${ports} pattern: ${pattern}`;
      });
    },
  },
};
