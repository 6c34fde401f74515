// pnpm bench input for azure-nsg: NSG flow log v2 blobs (PT1H.json), one {"records": [...]} document
// per NSG and hour, one record a minute, each holding that minute's flow tuples grouped by rule and
// NIC. The n tuples are the bench's records; documents are written one per line (as an Event Hub
// capture or a concatenation of blobs), since one file holds the blobs of many NSG-hours.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng, pick, weighted, table, SERVICES, privateIp, publicIp, START } from './common.mjs';

/** Tuples per minute-record: busy NSGs log a few hundred a minute. */
const TUPLES_PER_RECORD = 200;
const MINUTES = 60;
const NSGS = Array.from({ length: 8 }, (_, i) => `WEB-${String(i + 1).padStart(2, '0')}-NSG`);
const SUBSCRIPTION = '7A1F3C52-0B1E-4D2A-9D0E-1B2C3D4E5F60';
const STATES = table([[35, 'B'], [30, 'C'], [35, 'E']]);

function nsgResourceId(name) {
  return `/SUBSCRIPTIONS/${SUBSCRIPTION}/RESOURCEGROUPS/PROD-RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/${name}`;
}

/** One v2 tuple: inbound denied scans (begin only), or allowed flows with B/C/E states and deltas. */
function tuple(r, minuteStart, vmIp) {
  const t = minuteStart + Math.floor(r() * 60);
  const [port, proto] = weighted(r, SERVICES);
  const p = proto === 17 ? 'U' : 'T'; // NSG tuples carry only T/U
  const dport = port <= 0 ? 1024 + Math.floor(r() * 64000) : port;
  const sport = 1024 + Math.floor(r() * 64000);
  const roll = r();
  if (roll < 0.12) return { rule: 'DefaultRule_DenyAllInBound', text: `${t},${publicIp(r)},${vmIp},${sport},${dport},${p},I,D,B,,,,` };
  const inbound = roll < 0.3;
  const rule = inbound ? (dport === 22 ? 'UserRule_allow-ssh-from-bastion' : 'UserRule_allow-web-in') : dport === 53 ? 'DefaultRule_AllowVnetOutBound' : 'DefaultRule_AllowInternetOutBound';
  const [src, dst] = inbound ? [publicIp(r), vmIp] : [vmIp, dport === 53 ? '168.63.129.16' : r() < 0.7 ? publicIp(r) : privateIp(r)];
  const state = weighted(r, STATES);
  if (state === 'B') return { rule, text: `${t},${src},${dst},${sport},${dport},${p},${inbound ? 'I' : 'O'},A,B,,,,` };
  const pktsOut = 1 + Math.floor(r() * r() * 400);
  const pktsIn = Math.floor(pktsOut * (0.5 + r()));
  return { rule, text: `${t},${src},${dst},${sport},${dport},${p},${inbound ? 'I' : 'O'},A,${state},${pktsOut},${pktsOut * (60 + Math.floor(r() * 900))},${pktsIn},${pktsIn * (60 + Math.floor(r() * 1400))}` };
}

/** One minute-record of one NSG: its tuples grouped by rule, one NIC per record. */
function record(r, nsg, minuteStart, count) {
  const mac = Array.from({ length: 6 }, () => Math.floor(r() * 256).toString(16).padStart(2, '0').toUpperCase()).join('');
  const vmIp = privateIp(r);
  const byRule = new Map();
  for (let k = 0; k < count; k++) {
    const { rule, text } = tuple(r, minuteStart, vmIp);
    let list = byRule.get(rule);
    if (!list) byRule.set(rule, (list = []));
    list.push(text);
  }
  return {
    time: `${new Date((minuteStart + 60) * 1000).toISOString().slice(0, 19)}.${String(Math.floor(r() * 1e7)).padStart(7, '0')}Z`,
    systemId: 'a0fca5ce-022c-47b1-9735-89943b42f2fa',
    macAddress: mac,
    category: 'NetworkSecurityGroupFlowEvent',
    resourceId: nsgResourceId(nsg),
    operationName: 'NetworkSecurityGroupFlowEvents',
    properties: { Version: 2, flows: [...byRule].map(([rule, flowTuples]) => ({ rule, flows: [{ mac, flowTuples }] })) },
  };
}

export const GENERATORS = {
  /** NSG flow log v2 blobs: one {"records": [...]} document per NSG-hour per line; n = flow tuples. */
  'nsg-v2': {
    source: 'azure-nsg',
    async write(path, n) {
      const r = rng(11);
      const out = createWriteStream(path, { highWaterMark: 1 << 20 });
      let left = n;
      for (let blob = 0; left > 0; blob++) {
        const nsg = pick(r, NSGS);
        const hourStart = START + blob * 3600;
        const records = [];
        for (let m = 0; m < MINUTES && left > 0; m++) {
          const count = Math.min(left, Math.max(1, Math.round(TUPLES_PER_RECORD * (0.5 + r()))));
          records.push(record(r, nsg, hourStart + m * 60, count));
          left -= count;
        }
        if (!out.write(JSON.stringify({ records }) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    },
  },
};
