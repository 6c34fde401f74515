#!/usr/bin/env node
// pnpm bench [--records N] [--runs R] [--only NAME,...] [--threads N] [--out FILE]
// Generates deterministic input per source, then times `asim normalize` and `asim detect --all-bins`
// against a baseline measured in the same run (alternating, median of R runs), and writes
// bench/results.json. Ratios, not absolute times, are the figures to compare across machines.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATORS } from './generators.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const TMP = join(ROOT, 'bench/tmp');

const args = parseArgs(process.argv.slice(2));
const N = Number(args.records ?? 2_000_000);
const RUNS = Number(args.runs ?? 3);
const ONLY = args.only ? new Set(args.only.split(',')) : undefined;
const OUT = args.out ?? join(ROOT, 'bench/results.json');
const THREADS = args.threads ? ['--threads', String(args.threads)] : [];

/** The hunter's one-liner for VPC flow v2: counts per (dstport, protocol, action, 10-min bin). */
const MAWK_VPC =
  'NR>1 && $14=="OK"{c[$7 FS $8 FS $13 FS int($11/600)]++} END{for (k in c) if (c[k] > 0) n++; print n}';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[++i];
  return out;
}

function run(cmd, argv, env = {}) {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) fail(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else done({ seconds, stderr });
    });
  });
}

async function asim(argv) {
  const rssFile = join(tmpdir(), `asimkit-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const { seconds } = await run(process.execPath, ['--require', join(ROOT, 'bench/maxrss.cjs'), BIN, ...argv], { ASIMKIT_BENCH_RSS_FILE: rssFile });
  const rssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined;
  return { seconds, rssMiB };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
    const file = join(TMP, `${name}-${N}.log`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${N} records of ${name}...\n`);
      await gen.write(file, N);
    }
    const bytes = statSync(file).size;
    const steps = [{ label: `${name} normalize → JSONL`, kind: 'normalize', go: () => asim(['normalize', ...THREADS, '--source', gen.source, '--out', '/dev/null', file]) }];
    if (detect) {
      steps.push({ label: `${name} detect --all-bins`, kind: 'detect', go: () => asim(['detect', ...THREADS, '--all-bins', '--format', 'jsonl', '--source', gen.source, file]) });
    }
    if (name === 'vpc-v2') steps.push({ label: `${name} baseline: mawk one-liner`, kind: 'baseline', go: () => run('mawk', [MAWK_VPC, file]) });
    cases.push({ name, file, bytes, steps });
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
        records: N,
        inputMiB: +(c.bytes / 1048576).toFixed(1),
        medianSeconds: +seconds.toFixed(3),
        runs: ms.map((m) => +m.seconds.toFixed(3)),
        recordsPerSecond: Math.round(N / seconds),
        mibPerSecond: +(c.bytes / 1048576 / seconds).toFixed(1),
        peakRssMiB: rss.length ? Math.round(Math.max(...rss)) : null,
        ratioToBaseline: baseSeconds && step.kind !== 'baseline' ? +(seconds / baseSeconds).toFixed(2) : null,
      });
    }
  }

  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  writeFileSync(OUT, JSON.stringify({ machine, records: N, runs: RUNS, threads: args.threads ?? 'one per core', results }, null, 2) + '\n');
  printTable(machine, results);
}

function printTable(machine, results) {
  const rows = [['case', 'median s', 'records/s', 'MiB/s', 'peak RSS MiB', 'ours/baseline']];
  for (const r of results) {
    rows.push([r.case, r.medianSeconds.toFixed(2), r.recordsPerSecond.toLocaleString('en-US'), String(r.mibPerSecond), r.peakRssMiB ?? 'n/a', r.ratioToBaseline ?? '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const fmt = (row) => row.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  console.log(`\n${machine.cpu} (${machine.cores} cores, ${machine.memGiB} GiB), Node ${machine.node}; ${N.toLocaleString('en-US')} records, median of ${RUNS} runs`);
  console.log(fmt(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(fmt(row));
}

await main();
