// pnpm bench input for __ID__: deterministic synthetic lines (same seed and size → the same file).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = ['allow', 'allow', 'allow', 'deny', 'drop'];
const SERVICES = [[443, 'tcp'], [80, 'tcp'], [53, 'udp'], [22, 'tcp'], [3389, 'tcp'], [123, 'udp']];

/** One row as the table export holds it (write the header line first); replace with the table's real columns. */
export function record(r, i) {
  const [port, proto] = SERVICES[Math.floor(r() * SERVICES.length)];
  const time = new Date(Date.UTC(2024, 4, 1) + i * 50).toISOString();
  if (i === 0) return 'TimeGenerated,EventTime,Device,Kind,Action,Protocol,SrcIp,SrcPort,DstIp,DstPort,SentBytes,ReceivedBytes,Type\n' + record(r, 1);
  return `${time},${time},fw0${1 + Math.floor(r() * 4)},traffic,${ACTIONS[Math.floor(r() * ACTIONS.length)]},${proto},10.0.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)},${1024 + Math.floor(r() * 60000)},203.0.113.${1 + Math.floor(r() * 254)},${port},${Math.floor(r() * 1e5)},${Math.floor(r() * 1e6)},__TABLE__`;
}

export const GENERATORS = {
  '__ID__': {
    source: '__ID__',
    async write(path, n) {
      const r = rng(1);
      const out = createWriteStream(path);
      for (let i = 0; i < n; i++) if (!out.write(record(r, i) + '\n')) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    },
  },
};
