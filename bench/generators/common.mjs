// What every bench generator shares: a seeded PRNG, a synthetic estate of flows, a fast line writer.
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

export const pick = (r, items) => items[Math.floor(r() * items.length)];
export function weighted(r, table) {
  let x = r() * table.total;
  for (const [w, v] of table.items) if ((x -= w) < 0) return v;
  return table.items[table.items.length - 1][1];
}
export const table = (items) => ({ items, total: items.reduce((s, [w]) => s + w, 0) });

// Destination services seen in a typical cloud estate: mostly web and DNS, some admin ports.
export const SERVICES = table([
  [40, [443, 6]], [15, [80, 6]], [14, [53, 17]], [5, [22, 6]], [3, [3389, 6]], [3, [123, 17]],
  [2, [445, 6]], [2, [5432, 6]], [2, [3306, 6]], [2, [6379, 6]], [1, [23, 6]], [1, [0, 1]],
  [1, [443, 17]], [1, [9200, 6]], [8, [-1, 6]], [2, [-1, 17]],
]);
export const ACTIONS = table([[92, 'ACCEPT'], [8, 'REJECT']]);

export const privateIp = (r) => `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
export const publicIp = (r) => `${pick(r, [3, 18, 34, 52, 54, 13, 35, 44])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;

export const START = 1714521600; // 2024-05-01T00:00:00Z
export const SPAN_SECONDS = 24 * 3600;

/** One VPC flow record's values, in v2 order plus the v5 extras. */
export function flow(r, i, n, enis) {
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

export function enis(r) {
  return Array.from({ length: 4000 }, () => `eni-${Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')}${Math.floor(r() * 2 ** 32).toString(16).padStart(9, '0')}`);
}

export async function writeLines(path, n, header, line) {
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3164 time as a syslog server writes it in front of a line: `May  1 08:52:35` (UTC). */
export function rfc3164(seconds) {
  const d = new Date(seconds * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
}
