// Deterministic generators of synthetic but realistic input, one per implemented source.
// Same seed and size → byte-identical file, so runs and machines compare.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a tiny fast seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, items) => items[Math.floor(r() * items.length)];
function weighted(r, table) {
  let x = r() * table.total;
  for (const [w, v] of table.items) if ((x -= w) < 0) return v;
  return table.items[table.items.length - 1][1];
}
const table = (items) => ({ items, total: items.reduce((s, [w]) => s + w, 0) });

// Destination services seen in a typical cloud estate: mostly web and DNS, some admin ports.
const SERVICES = table([
  [40, [443, 6]], [15, [80, 6]], [14, [53, 17]], [5, [22, 6]], [3, [3389, 6]], [3, [123, 17]],
  [2, [445, 6]], [2, [5432, 6]], [2, [3306, 6]], [2, [6379, 6]], [1, [23, 6]], [1, [0, 1]],
  [1, [443, 17]], [1, [9200, 6]], [8, [-1, 6]], [2, [-1, 17]],
]);
const ACTIONS = table([[92, 'ACCEPT'], [8, 'REJECT']]);

const privateIp = (r) => `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
const publicIp = (r) => `${pick(r, [3, 18, 34, 52, 54, 13, 35, 44])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;

const START = 1714521600; // 2024-05-01T00:00:00Z
const SPAN_SECONDS = 24 * 3600;

/** One VPC flow record's values, in v2 order plus the v5 extras. */
function flow(r, i, n, enis) {
  const [port, proto] = weighted(r, SERVICES);
  const dstport = port === -1 ? 1024 + Math.floor(r() * 64000) : port;
  const inbound = r() < 0.3;
  const start = START + Math.floor((i / n) * SPAN_SECONDS) + Math.floor(r() * 60);
  return {
    account: '123456789012',
    eni: enis[Math.floor(r() * enis.length)],
    src: inbound ? publicIp(r) : privateIp(r),
    dst: inbound ? privateIp(r) : r() < 0.5 ? publicIp(r) : privateIp(r),
    srcport: proto === 1 ? 0 : 1024 + Math.floor(r() * 64000),
    dstport: proto === 1 ? 0 : dstport,
    proto,
    packets: 1 + Math.floor(r() * r() * 2000),
    start,
    end: start + Math.floor(r() * 600),
    action: weighted(r, ACTIONS),
    nodata: r() < 0.005,
    inbound,
  };
}

function enis(r) {
  return Array.from({ length: 4000 }, () => `eni-${Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')}${Math.floor(r() * 2 ** 32).toString(16).padStart(9, '0')}`);
}

async function writeLines(path, n, header, line) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = header ? header + '\n' : '';
  for (let i = 0; i < n; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

export const GENERATORS = {
  /** S3-style object, default v2 format with its header line. */
  'vpc-v2': {
    source: 'aws-vpc-flow',
    async write(path, n) {
      const r = rng(2);
      const e = enis(r);
      await writeLines(path, n, 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', (i) => {
        const f = flow(r, i, n, e);
        if (f.nodata) return `2 ${f.account} ${f.eni} - - - - - - - ${f.start} ${f.end} - NODATA`;
        return `2 ${f.account} ${f.eni} ${f.src} ${f.dst} ${f.srcport} ${f.dstport} ${f.proto} ${f.packets} ${f.packets * (40 + Math.floor(r() * 1400))} ${f.start} ${f.end} ${f.action} OK`;
      });
    },
  },
  /** The v5 "all fields" custom format of the AWS docs, with its header line. */
  'vpc-v5': {
    source: 'aws-vpc-flow',
    async write(path, n) {
      const r = rng(5);
      const e = enis(r);
      const vpc = 'vpc-0123456789abcdef0';
      await writeLines(
        path,
        n,
        'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status',
        (i) => {
          const f = flow(r, i, n, e);
          const flags = f.proto === 6 ? pick(r, [2, 18, 19, 3, 1, 16, 24]) : 0;
          return `5 ${f.src} ${f.dst} ${f.srcport} ${f.dstport} ${f.proto} ${f.start} ${f.end} IPv4 ${f.packets} ${f.packets * 512} ${f.account} ${vpc} subnet-0aaaaaaaa11111111 i-0c50d5961bcb2d47b ${f.eni} us-east-1 use1-az4 - - ${f.action} ${flags} ${f.src} ${f.dst} - ${r() < 0.1 ? 'S3' : '-'} ${f.inbound ? '-' : 1 + Math.floor(r() * 8)} ${f.inbound ? 'ingress' : 'egress'} OK`;
        },
      );
    },
  },
  /** PAN-OS TRAFFIC logs in CEF over syslog (RFC 3164 header), as PAN-OS 11 formats them. */
  'pan-cef': {
    source: 'palo-alto-cef',
    async write(path, n) {
      const r = rng(7);
      const e = enis(r);
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const d = new Date(f.start * 1000);
        const hdr = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)}`;
        const act = f.action === 'ACCEPT' ? 'allow' : 'deny';
        const proto = f.proto === 6 ? 'tcp' : f.proto === 17 ? 'udp' : 'icmp';
        const bytesIn = f.packets * 300;
        const bytesOut = f.packets * 200;
        return `<14>${hdr} PA-FW-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=${f.start * 1000} deviceExternalId=007051000054321 src=${f.src} dst=${f.dst} sourceTranslatedAddress=0.0.0.0 destinationTranslatedAddress=0.0.0.0 cs1Label=Rule cs1=rule-${i % 40} suser= duser= app=${pick(r, ['ssl', 'web-browsing', 'dns', 'ssh', 'ms-rdp', 'unknown-tcp'])} cs3Label=Virtual System cs3=vsys1 cs4Label=Source Zone cs4=${f.inbound ? 'untrust' : 'trust'} cs5Label=Destination Zone cs5=${f.inbound ? 'trust' : 'untrust'} deviceInboundInterface=ethernet1/1 deviceOutboundInterface=ethernet1/2 cs6Label=LogProfile cs6=default cn1Label=SessionID cn1=${i} cnt=1 spt=${f.srcport} dpt=${f.dstport} sourceTranslatedPort=0 destinationTranslatedPort=0 flexString1Label=Flags flexString1=0x400053 proto=${proto} act=${act} flexNumber1Label=Total bytes flexNumber1=${bytesIn + bytesOut} in=${bytesIn} out=${bytesOut} cn2Label=Packets cn2=${f.packets} PanOSPacketsReceived=${f.packets >> 1} PanOSPacketsSent=${f.packets - (f.packets >> 1)} cn3Label=Elapsed time in seconds cn3=${f.end - f.start} cs2Label=URL Category cs2=any externalId=${7380000 + i} reason=tcp-fin dvchost=PA-FW-01 cat=from-policy`;
      });
    },
  },
  /** FortiGate traffic logs, FortiOS native key=value syslog. */
  'fortigate-kv': {
    source: 'fortinet-fortigate',
    async write(path, n) {
      const r = rng(11);
      const e = enis(r);
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const d = new Date(f.start * 1000).toISOString();
        const action = f.action === 'ACCEPT' ? pick(r, ['accept', 'close', 'timeout']) : 'deny';
        return `<189>date=${d.slice(0, 10)} time=${d.slice(11, 19)} devname="FGT-EDGE-01" devid="FGT60F0000000001" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" eventtime=${f.start}000000000 tz="+0000" srcip=${f.src} srcport=${f.srcport} srcintf="port1" srcintfrole="${f.inbound ? 'wan' : 'lan'}" dstip=${f.dst} dstport=${f.dstport} dstintf="wan1" dstintfrole="${f.inbound ? 'lan' : 'wan'}" sessionid=${i} proto=${f.proto} action="${action}" policyid=${i % 50} policytype="policy" service="${f.proto === 6 ? 'HTTPS' : 'DNS'}" trandisp="noop" duration=${f.end - f.start} sentbyte=${f.packets * 200} rcvdbyte=${f.packets * 300} sentpkt=${f.packets} rcvdpkt=${f.packets}`;
      });
    },
  },
};
