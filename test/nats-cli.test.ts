import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileIdentity, openNats, type Nats } from '@asimkit/nats';
import { GENERATORS } from '../bench/generators.mjs';
import { asim, tempDir } from './helpers.js';
import { accounting, startAsim, type LiveRun } from './live-helpers.js';

/** A nats-server with JetStream on a free loopback port, restartable on the same port and store. */
class NatsServer {
  private child: ChildProcess | undefined;
  readonly store = mkdtempSync(join(tmpdir(), 'asim-nats-test-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.store], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not start: ${log}`)), 20_000);
      child.stderr!.on('data', (d) => {
        log += d;
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`nats-server exited ${code}: ${log}`)));
    });
  }

  async kill(): Promise<void> {
    const child = this.child!;
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until(test: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function exited(run: LiveRun): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const code = run.child.exitCode ?? (await new Promise<number | null>((r) => run.child.once('exit', (c) => r(c))));
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

let server: NatsServer;
let client: Nats;
let dir: string;
/** `asim detect --all-bins` and `asim summarize` over the same files, and their accounting. */
let expected: { alerts: string; rows: string; accounting: Record<string, number> };
let streams = 0;
const newStream = () => `T${++streams}`;

beforeAll(async () => {
  server = new NatsServer(await freePort());
  await server.start();
  client = await openNats(server.url, 'T0');
  dir = tempDir();
  await GENERATORS['vpc-v2']!.write(join(dir, 'vpc.log'), 4000);
  await GENERATORS['pan-cef']!.write(join(dir, 'pan.log'), 2000);
  const detect = await asim(['detect', '--all-bins', '--format', 'jsonl', dir]);
  const summarize = await asim(['summarize', dir]);
  expect(detect.code).toBe(0);
  expect(detect.stdout.split('\n').length).toBeGreaterThan(50);
  expected = { alerts: detect.stdout, rows: summarize.stdout, accounting: accounting(detect.stderr) };
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await server?.kill();
});

/** Two workers and the detector, bounded; returns the detector's result. */
async function workersAndDetect(stream: string, extraWorker: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const worker = () => startAsim(['worker', '--nats', server.url, '--stream', stream, '--emit', 'summaries', '--until-idle', '3s', '--ack-wait', '2s', ...extraWorker]);
  const workers = [await worker(), await worker()];
  const detect = await asim(['detect', '--nats', server.url, '--stream', stream, '--all-bins', '--until-idle', '5s', '--format', 'jsonl']);
  for (const w of workers) expect((await exited(w)).code).toBe(0);
  return detect;
}

const consumerInfo = (stream: string) => client.jsm.consumers.info(stream, 'asim-summaries').catch(() => null);

describe('ship → workers → detect over NATS JetStream', () => {
  it('gives the alerts, summary rows and accounting of detect --all-bins / summarize over the same files', async () => {
    const stream = newStream();
    const ship = await asim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '16k', dir]);
    expect(ship.code, ship.stderr).toBe(0);
    expect(ship.stderr).toMatch(/ship: 2 file\(s\), \d+ batch\(es\) published/);
    const detect = await workersAndDetect(stream);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toBe(expected.alerts);
    expect(accounting(detect.stderr)).toEqual(expected.accounting);
    const summarize = await asim(['summarize', '--nats', server.url, '--stream', stream, '--until-idle', '1s']);
    expect(summarize.code, summarize.stderr).toBe(0);
    expect(summarize.stdout).toBe(expected.rows);
    // shipping again adds nothing: the shipper resumes after what the stream holds
    const again = await asim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '16k', dir]);
    expect(again.stderr).toMatch(/0 batch\(es\) published .*resumed after \d+ byte/);
  }, 90_000);

  it('a worker killed with SIGKILL mid-stream changes no count: its unacknowledged batches go to the others', async () => {
    const stream = newStream();
    expect((await asim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '4k', dir])).code).toBe(0);
    const victim = await startAsim(['worker', '--nats', server.url, '--stream', stream, '--emit', 'summaries', '--ack-wait', '2s']);
    await until(async () => ((await consumerInfo(stream))?.ack_floor.stream_seq ?? 0) >= 3, 'the first worker to acknowledge batches');
    victim.child.kill('SIGKILL');
    await exited(victim);
    const left = (await consumerInfo(stream))!;
    expect(left.num_pending + left.num_ack_pending, 'killed before the end of the stream').toBeGreaterThan(0);
    const detect = await workersAndDetect(stream);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toBe(expected.alerts);
    expect(accounting(detect.stderr)).toEqual(expected.accounting);
  }, 90_000);

  it('a shipper killed and restarted changes no count: it resumes after the last batch the stream acknowledged', async () => {
    const stream = newStream();
    const first = await startAsim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '1k', dir]);
    await until(async () => ((await client.jsm.streams.info(stream).catch(() => null))?.state.messages ?? 0) >= 20, 'the first batches to be stored');
    first.child.kill('SIGKILL');
    expect((await exited(first)).code).toBe(null);
    const second = await asim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '1k', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/[1-9]\d* batch\(es\) published .*resumed after [1-9]\d* byte/);
    const detect = await workersAndDetect(stream);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toBe(expected.alerts);
    expect(accounting(detect.stderr)).toEqual(expected.accounting);
  }, 90_000);

  it('a NATS server restart during the run loses nothing once the run completes', async () => {
    const stream = newStream();
    const ship = await startAsim(['ship', '--nats', server.url, '--stream', stream, '--batch-bytes', '1k', dir]);
    const worker = await startAsim(['worker', '--nats', server.url, '--stream', stream, '--emit', 'summaries', '--ack-wait', '2s', '--until-idle', '4s']);
    await until(async () => ((await consumerInfo(stream))?.ack_floor.stream_seq ?? 0) >= 10, 'the worker to acknowledge batches');
    await server.kill();
    await new Promise((r) => setTimeout(r, 300));
    await server.start();
    const shipped = await exited(ship);
    expect(shipped.code, shipped.stderr).toBe(0);
    expect((await exited(worker)).code).toBe(0);
    const detect = await workersAndDetect(stream);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toBe(expected.alerts);
    expect(accounting(detect.stderr)).toEqual(expected.accounting);
  }, 120_000);

  it('a detector that finds raw batches nobody summarized says so and evaluates no bin (exit 4)', async () => {
    const stream = newStream();
    expect((await asim(['ship', '--nats', server.url, '--stream', stream, dir])).code).toBe(0);
    const detect = await asim(['detect', '--nats', server.url, '--stream', stream, '--all-bins', '--until-idle', '1s', '--format', 'jsonl']);
    expect(detect.code).toBe(4);
    expect(detect.stdout).toBe('');
    expect(detect.stderr).toMatch(/incomplete: [1-9]\d* raw batch\(es\) not yet taken by a worker/);
  }, 60_000);
});

/** Where the stream stands for the file now at `path`: its generation and the end of its last stored batch. */
async function stored(stream: string, path: string): Promise<{ gen: number; end: number } | undefined> {
  const last = await client.jsm.streams.getMessage(stream, { last_by_subj: `${stream}.raw.${fileIdentity(statSync(path), path)}` }).catch(() => null);
  return last ? { gen: Number(last.header.get('Asim-Gen')), end: Number(last.header.get('Asim-End')) } : undefined;
}

/** The ASIM records the workers published on the stream, in order. */
async function publishedRecords(stream: string): Promise<string[]> {
  const consumer = await client.js.consumers.get(stream, { filter_subjects: `${stream}.out.records.>` });
  const lines: string[] = [];
  for (let m = await consumer.next({ expires: 1000 }); m; m = await consumer.next({ expires: 1000 })) lines.push(...m.string().split('\n').filter(Boolean));
  return lines;
}

describe('ship --follow and ship from a listener', () => {
  it('follows a file through appends, a shipper crash, a rotation and a truncation: detect equals a batch run over every line written', async () => {
    const stream = newStream();
    const work = tempDir();
    const lines = readFileSync(join(dir, 'pan.log'), 'utf8').split(/(?<=\n)/);
    const part = (from: number, to: number) => lines.slice(from, to).join('');
    const log = join(work, 'live', 'app.log');
    mkdirSync(join(work, 'live'));
    writeFileSync(join(work, 'all.log'), part(0, 2000));
    const follow = () => startAsim(['ship', '--follow', '--nats', server.url, '--stream', stream, '--batch-bytes', '8k', log]);
    // a shipper that crashes while a line is half written ships only the complete lines before it
    const a = part(0, 700);
    const b = part(700, 1400);
    writeFileSync(log, a + b.slice(0, 100));
    const first = await follow();
    await until(async () => (await stored(stream, log))?.end === Buffer.byteLength(a), 'the complete lines to be stored');
    first.child.kill('SIGKILL');
    await exited(first);
    appendFileSync(log, b.slice(100));
    const second = await follow();
    await until(async () => (await stored(stream, log))?.end === statSync(log).size, 'the restarted shipper to catch up');
    // logrotate's rename and create: the renamed file keeps its identity, the new one starts at 0
    renameSync(log, log + '.1');
    writeFileSync(log, part(1400, 1800));
    await until(async () => (await stored(stream, log))?.end === statSync(log).size, 'the new file to be shipped');
    // copytruncate: the same file from its start again, as the next generation
    writeFileSync(log, part(1800, 1900));
    await until(async () => (await stored(stream, log))?.gen === 1, 'the truncation to be seen');
    appendFileSync(log, part(1900, 2000));
    await until(async () => (await stored(stream, log))?.end === statSync(log).size, 'the appended lines to be shipped');
    const stopped = await second.stop('SIGTERM');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/resumed after [1-9]\d* byte.*1 file\(s\) shipped anew/);

    await expectDetectOfFile(stream, join(work, 'all.log'));
  }, 120_000);

  it('ships what a TCP and a UDP listener receive: the records equal asim listen\'s, the alerts those of the same lines in a file', async () => {
    const stream = newStream();
    const work = tempDir();
    const lines = readFileSync(join(dir, 'pan.log'), 'utf8').split('\n').filter(Boolean);
    // Meraki among the CEF lines (per-line routing); its DvcIpAddr is the sender's address, as asim listen records it
    await GENERATORS['meraki-syslog']!.write(join(work, 'meraki.log'), 5);
    const overUdp = [...readFileSync(join(work, 'meraki.log'), 'utf8').split('\n').filter(Boolean), ...lines.slice(0, 15)];
    const overTcp = lines.slice(15);
    const total = overUdp.length + overTcp.length;
    writeFileSync(join(work, 'same.log'), [...overUdp, ...overTcp].join('\n') + '\n');
    const send = async (ports: Record<string, number>) => {
      const udp = createSocket('udp4');
      for (const l of overUdp) await new Promise((r) => udp.send(l, ports.udp!, '127.0.0.1', r));
      udp.close();
      await new Promise<void>((resolve, reject) => {
        const socket = connect(ports.tcp!, '127.0.0.1', () => socket.end(overTcp.join('\n') + '\n'));
        socket.on('close', () => resolve()).on('error', reject);
      });
    };
    const endpoints = ['--udp', '127.0.0.1:0', '--tcp', '127.0.0.1:0'];

    const listen = await startAsim(['listen', ...endpoints, '--out', join(work, 'listen.jsonl')], { listening: 2 });
    await send(listen.ports);
    await until(async () => readFileSync(join(work, 'listen.jsonl'), 'utf8').split('\n').length > total, 'asim listen to write every record');
    expect((await listen.stop()).code).toBe(0);

    const ship = await startAsim(['ship', '--nats', server.url, '--stream', stream, ...endpoints], { listening: 2 });
    await send(ship.ports);
    await until(async () => (await rawMessagesStored(stream)) === total, 'every message to be stored');
    const shipped = await ship.stop();
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stderr).toContain(`ship: ${total} message(s)`);

    const records = await asim(['worker', '--nats', server.url, '--stream', stream, '--emit', 'records', '--until-idle', '2s']);
    expect(records.code, records.stderr).toBe(0);
    const listened = readFileSync(join(work, 'listen.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(listened).toHaveLength(total);
    expect((await publishedRecords(stream)).sort()).toEqual(listened.sort());
    expect(listened.filter((r) => (JSON.parse(r) as { DvcIpAddr?: string }).DvcIpAddr === '127.0.0.1')).toHaveLength(5);

    await expectDetectOfFile(stream, join(work, 'same.log'));
  }, 120_000);
});

/** Two workers and the detector over the stream print the alerts and accounting of `detect --all-bins FILE`. */
async function expectDetectOfFile(stream: string, file: string): Promise<void> {
  const batch = await asim(['detect', '--all-bins', '--format', 'jsonl', file]);
  const detect = await workersAndDetect(stream);
  expect(detect.code, detect.stderr).toBe(0);
  expect(detect.stdout).toBe(batch.stdout);
  expect(accounting(detect.stderr)).toEqual(accounting(batch.stderr));
}

/** Messages a listener shipper has stored: the sum of its raw batches' message ranges. */
async function rawMessagesStored(stream: string): Promise<number> {
  const info = await client.jsm.streams.info(stream).catch(() => null);
  if (!info) return 0;
  let n = 0;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await client.jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m?.subject.startsWith(`${stream}.raw.`)) n += Number(m.header.get('Asim-End')) - Number(m.header.get('Asim-Start'));
  }
  return n;
}
