// `pnpm bench --peers`: asimkit side by side with what a user would run instead, alternating in the
// same run, medians of R runs:
//   VPC flow v2 `detect --all-bins`  vs DuckDB's one GROUP BY (2 threads) and the mawk one-liner, at
//                                       --records and --large lines;
//   PAN-OS CEF `normalize` → JSONL   vs syslog-ng's csv-parser + kv-parser + format-json;
//   PAN-OS CEF `detect --all-bins`   vs reading the file and splitting each line on `|` in Node.
// Before timing, each peer is checked to compute what we compute on the same input (a peer that counts
// something else is no peer). Ratios are ours / peer in wall time (below 1: asimkit is faster).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ianaProtocolName } from '../packages/schema/dist/index.js';
import { GENERATORS } from './generators.mjs';
import { ROOT, TMP, asim, machine as thisMachine, median, run } from './measure.mjs';
import { PeerInstallError, duckdbVersion, ensurePeers } from './peers/install.mjs';

/** The hunter's one-liner for VPC flow v2: counts per (dstport, protocol, action, 10-min bin); prints how many. */
export const MAWK_VPC =
  'NR>1 && $14=="OK"{c[$7 FS $8 FS $13 FS int($11/600)]++} END{for (k in c) if (c[k] > 0) n++; print n}';

const PEERS = join(ROOT, 'bench/peers');
const DUCKDB_THREADS = '2';
/** Lines of the CEF file that syslog-ng and `asim normalize` are compared on before timing. */
const CEF_CHECK_LINES = 10_000;

class PeerMismatchError extends Error {}

export async function runPeers({ records, large, runs, only, threads, out }) {
  try {
    ensurePeers();
    mkdirSync(TMP, { recursive: true });
    const cases = peerCases({ records, large, threads }).filter((c) => !only || only.has(c.name));
    const results = [];
    for (const c of cases) results.push(await measureCase(c, runs));
    // Cases not run this time (--only) keep their last figures, each with the machine it came from.
    const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
    const kept = (previous.peers?.cases ?? []).filter((p) => !results.some((r) => r.case === p.case));
    const order = peerCases({ records, large: 1, threads }).map((c) => c.name);
    const byOrder = (a, b) => order.indexOf(a.case) - order.indexOf(b.case);
    const peers = { versions: versions(), cases: [...kept, ...results].sort(byOrder) };
    writeFileSync(out, JSON.stringify({ ...previous, peers }, null, 2) + '\n');
    printPeers(peers.versions, results);
  } catch (e) {
    if (!(e instanceof PeerInstallError || e instanceof PeerMismatchError)) throw e;
    console.error(`bench --peers: ${e.message}`);
    process.exitCode = 1;
  }
}

function peerCases({ records, large, threads }) {
  const vpc = (name, n) => ({
    name,
    generator: 'vpc-v2',
    records: n,
    title: `VPC flow v2, ${n.toLocaleString('en-US')} lines: counting`,
    check: checkVpcCounts,
    steps: [
      ours('asim detect --all-bins', (file) => ['detect', ...threads, '--all-bins', '--format', 'jsonl', '--source', 'aws-vpc-flow', file]),
      peer(`DuckDB GROUP BY, ${DUCKDB_THREADS} threads`, duckdb),
      peer('mawk one-liner', (file) => run('mawk', [MAWK_VPC, file])),
    ],
  });
  const cases = [vpc('vpc-v2', records)];
  if (large > 0) cases.push(vpc('vpc-v2-large', large));
  cases.push({
    name: 'pan-cef-normalize',
    generator: 'pan-cef',
    records,
    title: `PAN-OS CEF, ${records.toLocaleString('en-US')} lines: normalize → JSON lines`,
    check: checkSyslogNg,
    steps: [
      ours('asim normalize → JSONL', (file) => ['normalize', ...threads, '--source', 'palo-alto-cef', '--out', '/dev/null', file]),
      peer('syslog-ng csv+kv-parser → format-json', (file) => syslogNg(file, '/dev/null')),
    ],
  });
  cases.push({
    name: 'pan-cef-detect',
    generator: 'pan-cef',
    records,
    title: `PAN-OS CEF, ${records.toLocaleString('en-US')} lines: counting`,
    check: async () => 'the split baseline reads as many lines as asim, every run',
    steps: [
      ours('asim detect --all-bins', (file) => ['detect', ...threads, '--all-bins', '--format', 'jsonl', '--source', 'palo-alto-cef', file]),
      peer('split each line on | (Node)', splitBaseline),
    ],
  });
  return cases;
}

const ours = (label, argv) => ({ label, role: 'ours', go: async (file) => withAccounting(await asim(argv(file))) });
const peer = (label, go) => ({ label, role: 'peer', go });

/** Reads `asim: read N / parsed N / ...` from stderr: the timed runs must read every line. */
function withAccounting(result) {
  const m = /read (\d+) \/ parsed (\d+)/.exec(result.stderr);
  if (!m) throw new PeerMismatchError(`asim printed no accounting line: ${result.stderr.slice(-500)}`);
  return { ...result, read: Number(m[1]), parsed: Number(m[2]) };
}

async function duckdb(file, extra = []) {
  const r = await run(process.execPath, [join(PEERS, 'duckdb-vpc-counts.mjs'), file, '--threads', DUCKDB_THREADS, ...extra], { stdout: true });
  const lines = r.stdout.trimEnd().split('\n');
  const { querySeconds } = JSON.parse(lines.at(-1));
  return { ...r, querySeconds, rows: lines.slice(0, -1) };
}

async function syslogNg(file, outFile) {
  const dir = mkdtempSync(join(TMP, 'syslog-ng-'));
  try {
    const daemon = `syslog-ng -F --no-caps -f "$2" --persist-file "$3/persist" --pidfile "$3/pid" --control "$3/ctl"`;
    return await run('bash', ['-o', 'pipefail', '-c', `cat "$1" | ${daemon}`, 'peer', file, join(PEERS, 'syslog-ng-cef.conf'), dir], {
      env: { PEER_OUT: outFile },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function splitBaseline(file) {
  const r = await run(process.execPath, [join(PEERS, 'split-lines.mjs'), file], { stdout: true });
  return { ...r, lines: JSON.parse(r.stdout).lines };
}

// ---- checks: each peer computes what we compute, on the same file --------------------------------

const VPC_ACTION = { ACCEPT: 'Allow', REJECT: 'Deny' };

/** DuckDB's groups equal ours, count for count; mawk finds as many groups. */
async function checkVpcCounts(file) {
  const summaryFile = join(TMP, 'peers-check-summary.jsonl');
  await asim(['summarize', '--source', 'aws-vpc-flow', '--out', summaryFile, file]);
  const expected = new Map();
  for (const line of readFileSync(summaryFile, 'utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line);
    // Sentinel's summary keys also hold app and direction; DuckDB and mawk count across them.
    const key = [row.DstPortNumber_d, row.NetworkProtocol_s, row.DvcAction_s, Date.parse(row.EventTime_t) / 1000].join(' ');
    expected.set(key, (expected.get(key) ?? 0) + row.count__d);
  }
  rmSync(summaryFile, { force: true });

  const actual = new Map();
  for (const line of (await duckdb(file, ['--rows'])).rows) {
    const [port, protocol, action, binStart, sessions] = JSON.parse(line);
    actual.set([port, ianaProtocolName(protocol) ?? 'Unassigned', VPC_ACTION[action] ?? action, binStart].join(' '), sessions);
  }
  const differences = [...new Set([...expected.keys(), ...actual.keys()])].filter((k) => expected.get(k) !== actual.get(k));
  if (differences.length > 0) {
    const shown = differences.slice(0, 5).map((k) => `${k}: asim ${expected.get(k) ?? 0}, DuckDB ${actual.get(k) ?? 0}`);
    throw new PeerMismatchError(`DuckDB counts something else on ${file} (${differences.length} groups differ), e.g.\n  ${shown.join('\n  ')}`);
  }
  const mawkGroups = Number((await run('mawk', [MAWK_VPC, file], { stdout: true })).stdout);
  if (mawkGroups !== expected.size) throw new PeerMismatchError(`the mawk one-liner finds ${mawkGroups} groups in ${file}, asim ${expected.size}`);
  return `DuckDB's ${actual.size.toLocaleString('en-US')} groups equal asim's, count for count; mawk finds as many`;
}

/** On the file's first lines, syslog-ng writes one JSON object per line with the destination port asim reads. */
async function checkSyslogNg(file) {
  const sample = join(TMP, 'peers-check-cef.log');
  const lines = firstLines(file, CEF_CHECK_LINES);
  writeFileSync(sample, lines.join('\n') + '\n');
  const theirsFile = join(TMP, 'peers-check-syslog-ng.jsonl');
  const oursFile = join(TMP, 'peers-check-asim.jsonl');
  try {
    await syslogNg(sample, theirsFile);
    await asim(['normalize', '--threads', '1', '--source', 'palo-alto-cef', '--out', oursFile, sample]);
    const ports = (path, port) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => String(port(JSON.parse(l))));
    const theirs = ports(theirsFile, (r) => r._cef?.dpt);
    const mine = ports(oursFile, (r) => r.DstPortNumber);
    const firstDifference = mine.findIndex((p, i) => p !== theirs[i]);
    if (theirs.length !== lines.length || mine.length !== lines.length || firstDifference !== -1) {
      throw new PeerMismatchError(
        `syslog-ng and asim disagree on ${sample}: ${lines.length} lines, syslog-ng wrote ${theirs.length} records, asim ${mine.length}` +
          (firstDifference !== -1 ? `; record ${firstDifference + 1}: dpt ${theirs[firstDifference]} vs DstPortNumber ${mine[firstDifference]}` : ''),
      );
    }
    return `on the first ${lines.length.toLocaleString('en-US')} lines, syslog-ng writes one record per line with asim's destination port`;
  } finally {
    for (const f of [sample, theirsFile, oursFile]) rmSync(f, { force: true });
  }
}

function firstLines(file, n) {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(n * 4096);
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return head.toString('utf8', 0, length).split('\n').filter(Boolean).slice(0, n);
}

// ---- timing -----------------------------------------------------------------------------------------

async function input(generator, n) {
  const file = join(TMP, `${generator}-${n}.log`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} records of ${generator}...\n`);
    await GENERATORS[generator].write(file, n);
  }
  return file;
}

async function measureCase(c, runs) {
  const file = await input(c.generator, c.records);
  const machine = thisMachine();
  process.stderr.write(`${c.title}: checking the peers...\n`);
  const check = await c.check(file);
  const samples = c.steps.map(() => []);
  for (let r = 0; r < runs; r++) {
    // Alternate, and start each round with the next step, so no command always runs first.
    for (let k = 0; k < c.steps.length; k++) {
      const i = (r + k) % c.steps.length;
      process.stderr.write(`  run ${r + 1}/${runs}: ${c.steps[i].label}\n`);
      samples[i].push(await c.steps[i].go(file));
    }
  }
  checkLinesRead(c, samples);

  const bytes = statSync(file).size;
  const oursIndex = c.steps.findIndex((s) => s.role === 'ours');
  const oursSeconds = median(samples[oursIndex].map((m) => m.seconds));
  const steps = c.steps.map((step, i) => {
    const ms = samples[i];
    const seconds = median(ms.map((m) => m.seconds));
    const rss = ms.map((m) => m.rssMiB).filter((x) => x !== undefined);
    const query = ms.map((m) => m.querySeconds).filter((x) => x !== undefined);
    return {
      command: step.label,
      role: step.role,
      medianSeconds: +seconds.toFixed(3),
      runs: ms.map((m) => +m.seconds.toFixed(3)),
      recordsPerSecond: Math.round(c.records / seconds),
      peakRssMiB: rss.length ? Math.round(Math.max(...rss)) : null,
      ...(query.length ? { medianQuerySeconds: +median(query).toFixed(3), oursToQuery: +(oursSeconds / median(query)).toFixed(2) } : {}),
      oursToPeer: step.role === 'peer' ? +(oursSeconds / seconds).toFixed(2) : null,
    };
  });
  machine.loadAverage1mAfter = thisMachine().loadAverage1m;
  return { case: c.name, title: c.title, records: c.records, inputMiB: +(bytes / 1048576).toFixed(1), runs, machine, check, steps };
}

/** Every timed run of ours read every line, the same in each run; the split baseline read as many. */
function checkLinesRead(c, samples) {
  const oursRuns = samples[c.steps.findIndex((s) => s.role === 'ours')];
  const read = new Set(oursRuns.map((m) => `${m.read} read, ${m.parsed} parsed`));
  if (read.size !== 1 || oursRuns[0].read < c.records) {
    throw new PeerMismatchError(`${c.title}: asim's runs accounted differently (${[...read].join('; ')}; ${c.records} records written)`);
  }
  const split = c.steps.findIndex((s) => s.go === splitBaseline);
  if (split === -1) return;
  const lines = new Set(samples[split].map((m) => m.lines));
  if (lines.size !== 1 || [...lines][0] !== oursRuns[0].read) {
    throw new PeerMismatchError(`the split baseline read ${[...lines].join('/')} lines, asim ${oursRuns[0].read}`);
  }
}

function versions() {
  const first = (cmd, argv) => spawnSync(cmd, argv, { encoding: 'utf8' }).stdout?.split('\n')[0].trim();
  return {
    duckdb: duckdbVersion(),
    syslogNg: first('syslog-ng', ['--version']),
    mawk: first('mawk', ['-W', 'version']),
  };
}

function printPeers(v, cases) {
  const { cpu, cores, memGiB, node } = cases[0]?.machine ?? thisMachine();
  console.log(`\n${cpu} (${cores} cores, ${memGiB} GiB), Node ${node}; DuckDB ${v.duckdb}, ${v.syslogNg}, ${v.mawk}; alternating, medians`);
  const rows = [['command', 'median s', 'records/s', 'peak RSS MiB', 'ours / peer']];
  const titles = new Map();
  for (const c of cases) {
    titles.set(rows.length, `${c.title} (${c.inputMiB} MiB; ${c.runs} run${c.runs === 1 ? '' : 's'}; load ${c.machine.loadAverage1m} → ${c.machine.loadAverage1mAfter})`);
    rows.push(undefined);
    for (const s of c.steps) {
      const ratio = s.oursToPeer === null ? '' : s.medianQuerySeconds !== undefined ? `${s.oursToPeer} (query alone ${s.medianQuerySeconds} s: ${s.oursToQuery})` : String(s.oursToPeer);
      rows.push([`  ${s.command}`, s.medianSeconds.toFixed(2), s.recordsPerSecond.toLocaleString('en-US'), s.peakRssMiB ?? '', ratio]);
    }
  }
  const cells = rows.filter(Boolean);
  const widths = rows[0].map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
  const fmt = (row) => row.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : i === 4 ? String(v) : String(v).padStart(widths[i]))).join('  ');
  rows.forEach((row, r) => console.log(row ? fmt(row) : titles.get(r)));
  for (const c of cases) console.log(`checked, ${c.case}: ${c.check}`);
}
