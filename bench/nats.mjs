// ship → N workers → detect over NATS JetStream, for `pnpm bench --only nats` (or alone:
// node bench/nats.mjs [--records N] [--runs R]). One generated VPC flow file; per run, alternating:
// the baseline `asim detect --all-bins` on the file, then for N = 1 and 2 workers a fresh stream:
// `asim ship` (timed alone), then N `asim worker --until-idle 1s` and `asim detect --nats --all-bins
// --until-idle 1s` started together (timed until the detector exits, less its 1 s of idle wait).
// The alerts must equal the baseline's. Needs nats-server (bash scripts/ensure-debian-tools).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATORS } from './generators.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const TMP = join(ROOT, 'bench/tmp');
const IDLE_S = 1;

function run(args) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) fail(new Error(`asim ${args[0]} exited ${code}: ${stderr.slice(-2000)}`));
      else done({ seconds, stdout, stderr });
    });
  });
}

async function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'asim-nats-bench-'));
  const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((done, fail) => {
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
      if (log.includes('Server is ready')) done();
    });
    child.once('exit', (code) => fail(new Error(`nats-server exited ${code}: ${log}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(store, { recursive: true, force: true });
    },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchNats({ records = 500_000, runs = 3 } = {}) {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `vpc-v2-${records}.log`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${records} records of vpc-v2...\n`);
    await GENERATORS['vpc-v2'].write(file, records);
  }
  const server = await startServer();
  const samples = { baseline: [], 1: [], 2: [] };
  const ship = { 1: [], 2: [] };
  let streams = 0;
  try {
    for (let r = 0; r < runs; r++) {
      process.stderr.write(`  run ${r + 1}/${runs}: baseline detect --all-bins\n`);
      const base = await run(['detect', '--all-bins', '--format', 'jsonl', '--source', 'aws-vpc-flow', file]);
      samples.baseline.push(base.seconds);
      for (const n of [1, 2]) {
        process.stderr.write(`  run ${r + 1}/${runs}: ship → ${n} worker(s) → detect\n`);
        const nats = ['--nats', server.url, '--stream', `B${++streams}`];
        const shipped = await run(['ship', ...nats, file]);
        const start = process.hrtime.bigint();
        const workers = Array.from({ length: n }, () => run(['worker', ...nats, '--source', 'aws-vpc-flow', '--until-idle', `${IDLE_S}s`]));
        const detect = await run(['detect', ...nats, '--all-bins', '--until-idle', `${IDLE_S}s`, '--format', 'jsonl']);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9 - IDLE_S;
        await Promise.all(workers);
        if (detect.stdout !== base.stdout) throw new Error(`ship → ${n} worker(s) → detect gave other alerts than detect --all-bins`);
        ship[n].push(shipped.seconds);
        samples[n].push(seconds);
      }
    }
  } finally {
    await server.stop();
  }
  const base = median(samples.baseline);
  const rows = [{ case: 'baseline: asim detect --all-bins (one process)', seconds: base }];
  for (const n of [1, 2]) rows.push({ case: `ship → ${n} worker(s) → detect`, seconds: median(ship[n]) + median(samples[n]), shipSeconds: median(ship[n]), processSeconds: median(samples[n]) });
  return { records, runs, rows: rows.map((x) => ({ ...x, recordsPerSecond: Math.round(records / x.seconds), ratioToBaseline: +(x.seconds / base).toFixed(2) })) };
}

export function printNats({ records, runs, rows }) {
  console.log(`\nship → N workers → detect over NATS JetStream (nats-server on loopback), ${records.toLocaleString('en')} VPC records, median of ${runs} runs`);
  console.log('| case | seconds | ship s | workers + detect s | records/s | time / baseline |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.case} | ${r.seconds.toFixed(2)} | ${r.shipSeconds?.toFixed(2) ?? ''} | ${r.processSeconds?.toFixed(2) ?? ''} | ${r.recordsPerSecond.toLocaleString('en')} | ${r.ratioToBaseline} |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, dflt) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
  printNats(await benchNats({ records: flag('records', 500_000), runs: flag('runs', 3) }));
}
