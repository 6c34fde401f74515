#!/usr/bin/env node
// pnpm fuzz [--runs N] [--only NAME,...] [--jobs J] [--timeout MINUTES]
// Fuzzes every codec and every plugin decoder with N cases each (default 1,000,000) and prints a
// table: target, cases, crashes, hangs, time. Exit 0 only when nothing crashed or hung.
//   - codecs: every test named "fuzz" under packages/sdk/test and packages/core/test (CEF, syslog
//     envelope, Syslog and CommonSecurityLog tables, key=value, XML and host events, JSON records,
//     CSV exports, line framing), each property run FUZZ_RUNS = N times; a property that fails is a
//     crash (its counterexample is printed).
//   - plugins: `asim plugin test` on each plugin with `--fuzz-runs N`: N mutated inputs per seed kind
//     (lines, records, rows) through its decoder and mapping, and N mutated lines through the
//     fast-path agreement check when it has a fast path. A crash is an exception other than
//     RecordRejected or a disagreement; a hang is an input over 1 s, or a target still running
//     after --timeout minutes (default 90).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const { values: args } = parseArgs({ options: { runs: { type: 'string' }, jobs: { type: 'string' }, timeout: { type: 'string' }, only: { type: 'string' } } });
const RUNS = Number(args.runs ?? 1_000_000);
const JOBS = Number(args.jobs ?? 1);
const TIMEOUT_MS = Number(args.timeout ?? 90) * 60_000;
const ONLY = args.only ? new Set(args.only.split(',')) : undefined;

/** Runs a command to its end (or the timeout); resolves with its output, exit code and time. */
function run(cmd, argv, env = {}) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ out, code, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** One row per fuzz test of the codec suites, from vitest's JSON report. */
async function codecTargets() {
  const dir = mkdtempSync(join(tmpdir(), 'asim-fuzz-'));
  const report = join(dir, 'report.json');
  const r = await run(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'packages/sdk/test', 'packages/core/test', '--testNamePattern', 'fuzz', '--testTimeout', String(TIMEOUT_MS), '--reporter=json', `--outputFile=${report}`], { FUZZ_RUNS: String(RUNS) });
  const rows = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    for (const file of json.testResults) {
      for (const t of file.assertionResults) {
        // only the properties themselves (a test titled "fuzz…"), not others in a describe block of that name
        if (t.status === 'skipped' || t.status === 'pending' || !/\bfuzz/.test(t.title)) continue;
        const title = t.title.replace(/^fuzz:\s*/, '');
        const name = `${file.name.slice(ROOT.length).replace(/^\/?packages\//, '').replace(/\.test\.ts$/, '').replace('/test/', ' ')}: ${title.length > 80 ? title.slice(0, 79) + '…' : title}`;
        if (ONLY && ![...ONLY].some((o) => name.includes(o))) continue;
        rows.push({ target: name, cases: RUNS, crashes: t.status === 'passed' ? 0 : 1, hangs: 0, seconds: (t.duration ?? 0) / 1000, detail: (t.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n') });
      }
    }
  } catch {
    rows.push({ target: 'codec suites', cases: 0, crashes: r.timedOut ? 0 : 1, hangs: r.timedOut ? 1 : 0, seconds: r.seconds, detail: r.out.slice(-2000) });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** One row per plugin: `asim plugin test --fuzz-runs N`. */
async function pluginTarget(id) {
  const r = await run(process.execPath, [BIN, 'plugin', 'test', join('plugins', id), '--fuzz-runs', String(RUNS)]);
  const fuzz = /^(ok {2}|FAIL)\s+fuzz \((\d+) inputs\)/m.exec(r.out);
  const fast = /^(ok {2}|FAIL)\s+fast-path agreement \(\d+ fixture lines taken, (\d+) fuzzed lines\)/m.exec(r.out);
  const cases = Number(fuzz?.[2] ?? 0) + Number(fast?.[2] ?? 0);
  const hangs = r.timedOut ? 1 : (r.out.match(/slower than 1 s/g) ?? []).length;
  const failedChecks = (r.out.match(/^FAIL/gm) ?? []).length;
  const crashes = r.timedOut ? 0 : Math.max(failedChecks - (hangs ? 1 : 0), r.code !== 0 && failedChecks === 0 ? 1 : 0);
  return { target: `plugin ${id}${fast ? ' (decoder + fast path)' : ''}`, cases, crashes, hangs, seconds: r.seconds, detail: crashes || hangs ? r.out.split('\n').filter((l) => !l.startsWith('ok')).slice(0, 12).join('\n') : '' };
}

async function pool(items, jobs, work) {
  const out = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
      const row = out[i];
      process.stderr.write(`fuzz: ${row.target}: ${row.cases} cases, ${row.crashes} crashes, ${row.hangs} hangs, ${row.seconds.toFixed(0)} s\n`);
    }
  }));
  return out;
}

const plugins = readdirSync(join(ROOT, 'plugins')).filter((id) => !ONLY || ONLY.has(id)).sort();
const withCodecs = !(ONLY && plugins.length === ONLY.size); // --only naming plugins alone skips the codec suites
process.stderr.write(`fuzz: ${RUNS} cases per target; ${plugins.length} plugins${withCodecs ? ' and the codec suites' : ''}, ${JOBS} at a time\n`);
const [codecs, pluginRows] = await Promise.all([withCodecs ? codecTargets() : [], pool(plugins, JOBS, pluginTarget)]);
const rows = [...codecs, ...pluginRows];

const width = Math.max(...rows.map((r) => r.target.length), 6);
let text = `\n${'target'.padEnd(width)}  ${'cases'.padStart(9)}  crashes  hangs  ${'time'.padStart(7)}\n`;
for (const r of rows) text += `${r.target.padEnd(width)}  ${String(r.cases).padStart(9)}  ${String(r.crashes).padStart(7)}  ${String(r.hangs).padStart(5)}  ${(r.seconds.toFixed(0) + ' s').padStart(7)}\n`;
const crashes = rows.reduce((n, r) => n + r.crashes, 0);
const hangs = rows.reduce((n, r) => n + r.hangs, 0);
const short = rows.filter((r) => r.cases < RUNS).length;
text += `\n${rows.length} targets, ${rows.reduce((n, r) => n + r.cases, 0)} cases: ${crashes} crashes, ${hangs} hangs${short ? `, ${short} targets under ${RUNS} cases` : ''}\n`;
for (const r of rows.filter((x) => x.detail)) text += `\n--- ${r.target}\n${r.detail}\n`;
process.stdout.write(text);
process.exitCode = crashes || hangs || short ? 1 : 0;
