import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNats, type Nats } from '@asimkit/nats';
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
  GENERATORS['vpc-v2']!.write(join(dir, 'vpc.log'), 4000);
  GENERATORS['pan-cef']!.write(join(dir, 'pan.log'), 2000);
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
