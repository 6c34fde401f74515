#!/usr/bin/env node
// Times this plugin's raw path without the CLI, for as long as core does not read
// `{"records": [...]}` documents: JSON.parse of each batch line (what the pipeline's framer does),
// decodeRecord + map of every record, and JSON.stringify of each session (the JSONL sink's work).
// Input: the bench generator's file. Usage (after pnpm build):
//   node plugins/azure-firewall/scripts/bench-direct.mjs [azfw-network-rule|azfw-legacy-network-rule] [records] [runs]
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Skip } from '@asimkit/sdk';
import { GENERATORS } from '../../../bench/generators.mjs';
import { AzureFirewallParser } from '../dist/index.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const [name = 'azfw-network-rule', records = '500000', runs = '3'] = process.argv.slice(2);
const n = Number(records);
const dir = join(ROOT, 'bench/tmp');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${name}-${n}.log`);
if (!existsSync(file)) await GENERATORS[name].write(file, n);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

const parser = new AzureFirewallParser();
const ctx = { options: { applicationRules: false, alerts: false }, path: file, log: console, receivedAt: new Date().toISOString() };

/** mode: 'parse' (JSON.parse of the batches alone: the floor), 'map', 'stringify' (map + the JSONL sink's JSON.stringify). */
function once(mode) {
  const decoder = parser.createDecoder(ctx);
  const rows = [];
  const out = { row: (r) => rows.push(r), skip() {} };
  let sessions = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const line of lines) {
    const batch = JSON.parse(line).records;
    if (mode === 'parse') continue;
    for (const record of batch) {
      rows.length = 0;
      decoder.decodeRecord(record, out);
      for (const row of rows) {
        const s = parser.map(row, ctx);
        if (s instanceof Skip) continue;
        sessions++;
        if (mode === 'stringify') bytes += JSON.stringify(s).length;
      }
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, sessions, bytes };
}

const LABELS = { parse: 'JSON.parse only', map: 'parse + decode + map', stringify: 'parse + decode + map + JSON.stringify' };
for (const mode of ['parse', 'map', 'stringify']) {
  const runsOf = [];
  for (let i = 0; i < Number(runs); i++) runsOf.push(once(mode));
  const median = (key) => runsOf.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runsOf.length / 2)];
  const wall = median('seconds');
  const cpu = median('cpuSeconds');
  console.log(
    `${name} ${LABELS[mode]}: ${n} records, median wall ${wall.toFixed(3)} s (${Math.round(n / wall).toLocaleString('en-US')} records/s), ` +
      `CPU ${cpu.toFixed(3)} s (${Math.round(n / cpu).toLocaleString('en-US')} records per CPU-second)`,
  );
}
