// `asim listen` under load, for `pnpm bench` (or alone: node bench/listen.mjs [--messages N] [--runs R]):
// - rate: N messages (octet-counted syslog, per source) sent over ONE TCP connection on loopback as
//   fast as the listener takes them; the time from the connection to the listener having read them
//   all, and the final accounting (read must equal N, dropped 0: no loss). Baseline, alternating in
//   the same run: a bare Node TCP receiver that only frames the same bytes (the ceiling of one
//   connection into one Node process).
// - latency: a bin's close → its alert on stdout, with --detect --allowed-lateness 0: the sender
//   writes a bin's sessions, then one record just past the bin's end, and times the alert's arrival.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATORS } from './generators.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const TMP = join(ROOT, 'bench/tmp');
const DISTINCT = 100_000;
/** What the listener does with the records: write ASIM JSONL, or only count them for the detector. */
const MODES = { normalize: ['--out', '/dev/null'], detect: ['--detect', '--alerts', '/dev/null'] };

/** Octet-counted frames of `DISTINCT` generated lines of a source, repeated to `n` messages on send. */
async function frames(name) {
  const file = join(TMP, `listen-${name}-${DISTINCT}.log`);
  await GENERATORS[name].write(file, DISTINCT);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('version '));
  return Buffer.from(lines.map((l) => `${Buffer.byteLength(l)} ${l}`).join(''));
}

function startListen(args) {
  const child = spawn(process.execPath, [BIN, 'listen', '--tcp', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  const watchers = new Set();
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of watchers) w();
  });
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const w of watchers) w();
  });
  const until = (test) =>
    new Promise((done, fail) => {
      const check = () => {
        const v = test(stdout, stderr);
        if (v !== undefined) {
          watchers.delete(check);
          done(v);
        }
      };
      watchers.add(check);
      child.once('exit', (code) => fail(new Error(`asim listen exited ${code}: ${stderr.slice(-2000)}`)));
      check();
    });
  const exited = new Promise((done) => child.on('exit', done));
  return {
    port: until((_, e) => /listening on tcp 127\.0\.0\.1:(\d+)/.exec(e)?.[1]).then(Number),
    until,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      return stderr;
    },
    clearStdout: () => (stdout = ''),
  };
}

/** Writes `data` `times` times over one connection, waiting for the socket to drain (TCP backpressure). */
function sendAll(port, data, times) {
  return new Promise((done, fail) => {
    const s = connect(port, '127.0.0.1', async () => {
      for (let i = 0; i < times; i++) if (!s.write(data)) await new Promise((r) => s.once('drain', r));
      s.end();
    });
    s.on('close', done);
    s.on('error', fail);
  });
}

const readCount = (stderr) => {
  let n = 0;
  for (const m of stderr.matchAll(/"read":(\d+)/g)) n = Number(m[1]);
  return n;
};

async function oursOnce(buf, perBuf, n, mode) {
  const l = startListen([...MODES[mode], '--stats-interval', '100ms']);
  const port = await l.port;
  const t0 = process.hrtime.bigint();
  await sendAll(port, buf, n / perBuf);
  await l.until((_, e) => (readCount(e) >= n ? true : undefined));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const stderr = await l.stop();
  const line = stderr.split('\n').reverse().find((x) => x.startsWith('asim: read ')) ?? '';
  const num = (k) => Number(new RegExp(`${k} (\\d+)`).exec(line)?.[1] ?? NaN);
  return { seconds, read: num('read'), dropped: num('dropped'), rejected: num('rejected'), emitted: num('emitted') };
}

/** The baseline: a bare receiver framing the octet counts, and nothing else. */
async function baselineOnce(buf, perBuf, n) {
  let count = 0;
  let carry = Buffer.alloc(0);
  let finished;
  const done = new Promise((r) => (finished = r));
  const server = createServer((s) =>
    s.on('data', (chunk) => {
      let b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        const sp = b.indexOf(32, pos);
        if (sp === -1) break;
        const len = Number(b.toString('latin1', pos, sp));
        if (b.length < sp + 1 + len) break;
        b.toString('utf8', sp + 1, sp + 1 + len);
        count++;
        pos = sp + 1 + len;
      }
      carry = b.subarray(pos);
      if (count >= n) finished();
    }),
  ).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const t0 = process.hrtime.bigint();
  await Promise.all([sendAll(server.address().port, buf, n / perBuf), done]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  server.close();
  return { seconds, read: count };
}

/** Latency from a bin's close (the record that moves the watermark past it) to its alert on stdout. */
async function latency(bins) {
  const l = startListen(['--detect', '--allowed-lateness', '0', '--format', 'jsonl']);
  const port = await l.port;
  const s = connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  const T0 = Date.UTC(2024, 4, 1);
  const cef = (ms, i) => {
    const m = `<14>May  1 00:00:00 fw CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=${ms} src=10.0.0.${i % 250} dst=10.1.0.1 spt=40000 dpt=23 proto=tcp act=allow`;
    return `${Buffer.byteLength(m)} ${m}`;
  };
  const ms = [];
  for (let b = 0; b < bins; b++) {
    const start = T0 + b * 600_000;
    let burst = '';
    for (let i = 0; i < 50; i++) burst += cef(start + 1000 + i, i);
    s.write(burst);
    await new Promise((r) => setTimeout(r, 20)); // the bin's records are in
    l.clearStdout();
    const t0 = process.hrtime.bigint();
    s.write(cef(start + 600_001, 0)); // just past the bin's end: the watermark passes it
    await l.until((out) => (out.includes('"BinEnd"') ? true : undefined));
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  s.end();
  await l.stop();
  ms.sort((a, b) => a - b);
  return { bins, medianMs: +ms[Math.floor(ms.length / 2)].toFixed(2), p95Ms: +ms[Math.floor(ms.length * 0.95)].toFixed(2), maxMs: +ms[ms.length - 1].toFixed(2) };
}

export async function benchListen({ messages = 1_000_000, runs = 3, sources = ['asa-syslog', 'meraki-syslog', 'fortigate-kv', 'pan-cef'], modes = ['detect', 'normalize'] } = {}) {
  const results = [];
  for (const name of sources) for (const mode of modes) {
    if (!GENERATORS[name]) continue;
    const buf = await frames(name);
    const perBuf = countFrames(buf);
    const n = Math.ceil(messages / perBuf) * perBuf;
    const ours = [];
    const base = [];
    for (let r = 0; r < runs; r++) {
      process.stderr.write(`  listen run ${r + 1}/${runs}: ${name} ${mode}, ${n} messages over one TCP connection\n`);
      ours.push(await oursOnce(buf, perBuf, n, mode));
      base.push(await baselineOnce(buf, perBuf, n));
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const s = med(ours.map((o) => o.seconds));
    const b = med(base.map((o) => o.seconds));
    results.push({
      case: `listen ${mode === 'detect' ? '--detect' : '--out'} ${name} over TCP`,
      messages: n,
      medianSeconds: +s.toFixed(3),
      runs: ours.map((o) => +o.seconds.toFixed(3)),
      messagesPerSecond: Math.round(n / s),
      lost: Math.max(...ours.map((o) => n - o.read)),
      dropped: Math.max(...ours.map((o) => o.dropped)),
      rejected: Math.max(...ours.map((o) => o.rejected)),
      baselineMessagesPerSecond: Math.round(n / b),
      ratioToBaseline: +(s / b).toFixed(2),
    });
  }
  process.stderr.write('  listen latency: bin close → alert\n');
  const lat = await latency(40);
  return { throughput: results, latency: lat };
}

function countFrames(buf) {
  let pos = 0;
  let n = 0;
  while (pos < buf.length) {
    const sp = buf.indexOf(32, pos);
    pos = sp + 1 + Number(buf.toString('latin1', pos, sp));
    n++;
  }
  return n;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (k, d) => {
    const i = process.argv.indexOf(`--${k}`);
    return i === -1 ? d : process.argv[i + 1];
  };
  const { mkdirSync } = await import('node:fs');
  mkdirSync(TMP, { recursive: true });
  const out = await benchListen({ messages: Number(arg('messages', 1_000_000)), runs: Number(arg('runs', 3)), sources: arg('only', 'asa-syslog,meraki-syslog,fortigate-kv,pan-cef').split(','), modes: arg('modes', 'detect,normalize').split(',') });
  console.log(JSON.stringify(out, null, 2));
}
