#!/usr/bin/env node
// pnpm bench [--records N] [--runs R] [--only NAME,...] [--threads N] [--out FILE] [--listen-messages N]
// (`--only listen` runs only the listener's benchmark: bench/listen.mjs; `--only nats` ship → N workers → detect
// over NATS JetStream, bench/nats.mjs, with --nats-records N)
// pnpm bench --peers [--records N] [--large N] [--runs R] [--only CASE,...]: against DuckDB, syslog-ng,
// mawk and a split baseline instead (bench/peers.mjs).
// Generates deterministic input per source, then times `asim normalize` and `asim detect --all-bins`
// against a baseline measured in the same run (alternating, median of R runs), and writes
// bench/results.json. Ratios, not absolute times, are the figures to compare across machines.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATORS } from './generators.mjs';
import { BIN, ROOT, TMP, asim, machine as thisMachine, median, run } from './measure.mjs';
import { MAWK_VPC, runPeers } from './peers.mjs';
import { benchListen } from './listen.mjs';
import { benchNats, printNats } from './nats.mjs';

const args = parseArgs(process.argv.slice(2));
const N = Number(args.records ?? 2_000_000);
const RUNS = Number(args.runs ?? 3);
const ONLY = args.only ? new Set(args.only.split(',')) : undefined;
const OUT = args.out ?? join(ROOT, 'bench/results.json');
const THREADS = args.threads ? ['--threads', String(args.threads)] : [];

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const value = argv[i + 1];
    out[argv[i].slice(2)] = value === undefined || value.startsWith('--') ? true : argv[++i];
  }
  return out;
}

async function hasCommand(name) {
  const help = await new Promise((done) => {
    const c = spawn(process.execPath, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('close', () => done(s));
  });
  return new RegExp(`^\\s+${name}\\b`, 'm').test(help);
}

async function plugins() {
  const out = await new Promise((done) => {
    const c = spawn(process.execPath, [BIN, 'plugins', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('close', () => done(s));
  });
  return new Set(JSON.parse(out).map((p) => p.id));
}

async function main() {
  mkdirSync(TMP, { recursive: true });
  const installed = await plugins();
  const detect = await hasCommand('detect');
  const cases = [];
  for (const [name, gen] of Object.entries(GENERATORS)) {
    if (ONLY && !ONLY.has(name)) continue;
    if (!installed.has(gen.source)) continue;
    const records = gen.records ?? N;
    const file = join(TMP, `${name}-${records}.log`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${records} records of ${name}...\n`);
      await gen.write(file, records);
    }
    const bytes = statSync(file).size;
    const detectIn = (mode) => () => asim(['detect', ...THREADS, ...mode, '--format', 'jsonl', '--source', gen.source, file]);
    if (gen.memory) {
      // a memory case: peak RSS of each detect mode against its target
      const m = gen.memory;
      const steps = [
        { label: `${name} detect --now`, kind: 'memory', rssTargetMiB: m.nowMiB, go: detectIn(['--now', m.now]) },
        { label: `${name} detect --all-bins`, kind: 'memory', rssTargetMiB: m.allBinsMiB, go: detectIn(['--all-bins']) },
      ];
      cases.push({ name, file, bytes, records, steps });
      continue;
    }
    const steps = [{ label: `${name} normalize → JSONL`, kind: 'normalize', go: () => asim(['normalize', ...THREADS, '--source', gen.source, '--out', '/dev/null', file]) }];
    if (detect) {
      steps.push({ label: `${name} detect --all-bins`, kind: 'detect', go: detectIn(['--all-bins']) });
    }
    if (name === 'vpc-v2') steps.push({ label: `${name} baseline: mawk one-liner`, kind: 'baseline', go: () => run('mawk', [MAWK_VPC, file]) });
    cases.push({ name, file, bytes, records, steps });
  }

  const results = [];
  for (const c of cases) {
    const samples = new Map(c.steps.map((s) => [s.label, []]));
    for (let r = 0; r < RUNS; r++) {
      for (const step of c.steps) {
        process.stderr.write(`  run ${r + 1}/${RUNS}: ${step.label}\n`);
        samples.get(step.label).push(await step.go());
      }
    }
    const baseline = c.steps.find((s) => s.kind === 'baseline');
    const baseSeconds = baseline ? median(samples.get(baseline.label).map((m) => m.seconds)) : undefined;
    for (const step of c.steps) {
      const ms = samples.get(step.label);
      const seconds = median(ms.map((m) => m.seconds));
      const rss = ms.map((m) => m.rssMiB).filter((x) => x !== undefined);
      results.push({
        case: step.label,
        kind: step.kind,
        records: c.records,
        inputMiB: +(c.bytes / 1048576).toFixed(1),
        medianSeconds: +seconds.toFixed(3),
        runs: ms.map((m) => +m.seconds.toFixed(3)),
        recordsPerSecond: Math.round(c.records / seconds),
        mibPerSecond: +(c.bytes / 1048576 / seconds).toFixed(1),
        peakRssMiB: rss.length ? Math.round(Math.max(...rss)) : null,
        ratioToBaseline: baseSeconds && step.kind !== 'baseline' ? +(seconds / baseSeconds).toFixed(2) : null,
        ...(step.rssTargetMiB ? { rssTargetMiB: step.rssTargetMiB } : {}),
      });
    }
  }

  const listen = !ONLY || ONLY.has('listen') ? await benchListen({ messages: Number(args['listen-messages'] ?? 1_000_000), runs: RUNS }) : undefined;

  const nats = !ONLY || ONLY.has('nats') ? await benchNats({ records: Number(args['nats-records'] ?? 500_000), runs: RUNS }) : undefined;

  const machine = thisMachine();
  // cases not run keep their earlier figures (with the machine and date they came from), as do peers, listen and nats
  const kept = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
  const thisRun = { machine, runs: RUNS, threads: args.threads ?? 'one per core' };
  const fresh = new Set(results.map((r) => r.case));
  const earlier = (kept.results ?? []).filter((r) => !fresh.has(r.case));
  const merged = [...earlier, ...results.map((r) => ({ ...r, run: thisRun }))];
  writeFileSync(OUT, JSON.stringify({ results: merged, peers: kept.peers, listen: listen ?? kept.listen, nats: nats ?? kept.nats }, null, 2) + '\n');
  printTable(machine, results);
  if (listen) printListen(listen);
  if (nats) printNats(nats);
}

function printListen({ throughput, latency }) {
  console.log('\nasim listen, one TCP connection on loopback (baseline: a bare Node receiver framing the same bytes)');
  console.log('| case | messages | median s | messages/s | lost | dropped | baseline messages/s | ours / baseline |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of throughput) console.log(`| ${r.case} | ${r.messages} | ${r.medianSeconds} | ${r.messagesPerSecond.toLocaleString('en')} | ${r.lost} | ${r.dropped} | ${r.baselineMessagesPerSecond.toLocaleString('en')} | ${r.ratioToBaseline} |`);
  console.log(`bin close → alert (--allowed-lateness 0, ${latency.bins} bins): median ${latency.medianMs} ms, p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms`);
}

function printTable(machine, results) {
  const rows = [['case', 'records', 'median s', 'records/s', 'MiB/s', 'peak RSS MiB', 'ours/baseline']];
  for (const r of results) {
    const rss = r.rssTargetMiB ? `${r.peakRssMiB} (target < ${r.rssTargetMiB})` : (r.peakRssMiB ?? 'n/a');
    rows.push([r.case, r.records.toLocaleString('en-US'), r.medianSeconds.toFixed(2), r.recordsPerSecond.toLocaleString('en-US'), String(r.mibPerSecond), rss, r.ratioToBaseline ?? '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const fmt = (row) => row.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  console.log(`\n${machine.cpu} (${machine.cores} cores, ${machine.memGiB} GiB), Node ${machine.node}; median of ${RUNS} runs`);
  console.log(fmt(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(fmt(row));
}

if (args.peers) {
  await runPeers({ records: N, runs: RUNS, large: Number(args.large ?? 10_000_000), only: ONLY, threads: THREADS, out: OUT });
} else {
  await main();
}
