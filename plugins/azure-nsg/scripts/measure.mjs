// Measures the plugin's own share: decode + map over NSG blob documents directly, without the CLI's
// framing, routing and sinks (`pnpm bench --only nsg-v2` measures the whole CLI), and the memory
// one big blob record takes through the decoder.
//
//   pnpm build && node --expose-gc plugins/azure-nsg/scripts/measure.mjs [--records N] [--runs R] [--big T]
//
// Input: bench/generators/azure-nsg.mjs's `nsg-v2` case (one document per line), n tuples.
// "normalize": JSON.parse of each document (the pipeline's framing), decodeRecord, map, and
// JSON.stringify of each record (what the JSONL sink does). "detect": the same under the detector's
// projection, counting (protocol, port, app, direction, action, 10-minute bin) instead of writing.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATORS } from '../../../bench/generators.mjs';
import { AzureNsgParser } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('records', 500_000);
const RUNS = arg('runs', 3);
const BIG = arg('big', 200_000);

const parser = new AzureNsgParser();
const ctx = (fields) => ({ options: {}, path: 'measure', log: console, receivedAt: new Date().toISOString(), fields });
const DETECTOR = new Set(['TimeGenerated', 'NetworkProtocol', 'DstPortNumber', 'DstAppName', 'NetworkDirection', 'DvcAction']);

function run(lines, mode) {
  const c = ctx(mode === 'detect' ? DETECTOR : undefined);
  const decoder = parser.createDecoder(c);
  let emitted = 0;
  let bytes = 0;
  const bins = new Map();
  const rows = [];
  const out = { row: (r) => rows.push(r), skip: () => {} };
  for (const line of lines) {
    const doc = JSON.parse(line);
    for (const record of doc.records) {
      rows.length = 0;
      decoder.decodeRecord(record, out);
      for (const row of rows) {
        const rec = parser.map(row, c);
        emitted++;
        if (mode === 'normalize') bytes += JSON.stringify(rec).length + 1;
        else {
          const key = `${rec.NetworkProtocol}|${rec.DstPortNumber}|${rec.DstAppName ?? ''}|${rec.NetworkDirection}|${rec.DvcAction}|${Math.floor(Date.parse(rec.TimeGenerated) / 600000)}`;
          bins.set(key, (bins.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return { emitted, bytes, keys: bins.size };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function throughput() {
  const file = join(tmpdir(), `asimkit-bench-nsg-v2-${N}.jsonl`);
  if (!existsSync(file)) await GENERATORS['nsg-v2'].write(file, N);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  console.log(`input: ${lines.length} blob documents, ${N} tuples, ${(text.length / 2 ** 20).toFixed(1)} MiB`);
  for (const mode of ['normalize', 'detect']) {
    const times = [];
    const cpus = [];
    let result;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      result = run(lines, mode);
      const c = process.cpuUsage(c0);
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      cpus.push((c.user + c.system) / 1e6);
    }
    const s = median(times);
    const cpu = median(cpus);
    // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours
    console.log(
      `${mode}: ${result.emitted} records, median ${s.toFixed(2)} s wall (${Math.round(result.emitted / s).toLocaleString('en-US')} records/s), ` +
        `${cpu.toFixed(2)} s CPU (${Math.round(result.emitted / cpu).toLocaleString('en-US')} records/s) over ${RUNS} runs`,
    );
  }
}

/** One record with BIG tuples: heap and RSS before, after decoding (rows held), after mapping. */
function bigRecord() {
  const tuples = Array.from({ length: BIG }, (_, i) => `${1714521600 + (i % 3600)},10.5.16.${i % 250},203.0.113.${i % 251},${1024 + (i % 60000)},443,T,O,A,C,${i % 97},${i * 3},${i % 89},${i * 5}`);
  const record = { category: 'NetworkSecurityGroupFlowEvent', resourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/R/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/N', properties: { Version: 2, flows: [{ rule: 'r', flows: [{ mac: '000D3AF87856', flowTuples: tuples }] }] } };
  const jsonBytes = JSON.stringify(record).length;
  const mem = () => (globalThis.gc?.(), process.memoryUsage());
  const before = mem();
  const rows = [];
  const c = ctx(undefined);
  parser.createDecoder(c).decodeRecord(record, { row: (r) => rows.push(r), skip: () => {} });
  const decoded = mem();
  // the pipeline maps each row and hands the record to a batch sink; keep none, as a streaming sink would
  let n = 0;
  for (const row of rows) if (parser.map(row, c)) n++;
  const mapped = mem();
  const mib = (x) => (x / 2 ** 20).toFixed(1);
  console.log(
    `one record of ${BIG} tuples (${mib(jsonBytes)} MiB as JSON): the parsed record ${mib(before.heapUsed)} MiB heap before decoding; ` +
      `rows held by the decoder +${mib(decoded.heapUsed - before.heapUsed)} MiB (${Math.round((decoded.heapUsed - before.heapUsed) / BIG)} B/tuple); ` +
      `after mapping ${n} records +${mib(mapped.heapUsed - before.heapUsed)} MiB; peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`,
  );
  return rows.length;
}

bigRecord();
await throughput();
