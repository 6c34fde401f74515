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

/** One record as the device writes it; replace with the source's real shape. */
export function record(r, i) {
  const [port, proto] = SERVICES[Math.floor(r() * SERVICES.length)];
  return JSON.stringify({
    time: new Date(Date.UTC(2024, 4, 1) + i * 50).toISOString(),
    device: `fw0${1 + Math.floor(r() * 4)}`,
    kind: 'traffic',
    action: ACTIONS[Math.floor(r() * ACTIONS.length)],
    proto,
    src: { ip: `10.0.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`, port: 1024 + Math.floor(r() * 60000) },
    dst: { ip: `203.0.113.${1 + Math.floor(r() * 254)}`, port },
    bytes: { sent: Math.floor(r() * 1e5), received: Math.floor(r() * 1e6) },
  });
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
