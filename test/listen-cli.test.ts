import { createSocket } from 'node:dgram';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asim, BIN, jsonl, ROOT, tempDir } from './helpers.js';
import { GENERATORS } from '../bench/generators.mjs';
import { accounting, client, startAsim } from './live-helpers.js';

const EXAMPLES = ['palo-alto-cef/pa-fw-01.syslog.log.gz', 'fortinet-fortigate/fgt-edge-01.syslog.log.gz'].map((f) => join(ROOT, 'examples', f));

/** The syslog examples' lines merged in event-time order, as one relay would receive them. */
function exampleLines(): string[] {
  const lines = EXAMPLES.flatMap((f) => gunzipSync(readFileSync(f)).toString('utf8').split('\n').filter(Boolean));
  const time = (l: string) => Number(/[| ]rt=(\d+)/.exec(l)?.[1] ?? Number(/eventtime=(\d+)/.exec(l)![1]) / 1e6);
  return lines.sort((a, b) => time(a) - time(b));
}

const CEF = (port: number, i: number) => `<14>May  1 00:0${i % 10}:28 fw-${i} CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=${1714521628000 + i * 1000} src=10.0.0.${i % 250} dst=10.1.0.1 spt=40000 dpt=${port} proto=tcp act=allow`;

describe('asim listen', () => {
  it('takes syslog from logger over UDP, TCP with octet counting and plain TCP at once: one ASIM record per message, the accounting on SIGTERM', async () => {
    const dir = tempDir();
    const lines = exampleLines().slice(0, 300);
    const file = join(dir, 'in.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--udp', '127.0.0.1:0', '--tcp', '127.0.0.1:0', '--out', out], { listening: 2 });
    client('logger', ['--udp', '-n', '127.0.0.1', '-P', String(run.ports.udp), '-f', file]);
    client('logger', ['--tcp', '--octet-count', '-n', '127.0.0.1', '-P', String(run.ports.tcp), '-f', file]);
    client('logger', ['--tcp', '-n', '127.0.0.1', '-P', String(run.ports.tcp), '--rfc3164', '-f', file]);
    await new Promise((r) => setTimeout(r, 500));
    const { code, stderr } = await run.stop('SIGTERM');
    expect(code).toBe(0);
    const acc = accounting(stderr);
    expect(acc).toMatchObject({ read: 900, parsed: 900, rejected: 0, emitted: 900, dropped: 0 });
    const records = jsonl(readFileSync(out, 'utf8'));
    expect(records).toHaveLength(900);
    // the same records, whatever the transport: three copies of each message's TimeGenerated and ports
    const key = (r: Record<string, unknown>) => `${r.TimeGenerated as string}|${r.DstPortNumber as number}|${r.SrcIpAddr as string}`;
    const counts = new Map<string, number>();
    for (const r of records) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    const batch = jsonl((await asim(['normalize', file])).stdout);
    expect(batch).toHaveLength(300);
    for (const r of batch) expect(counts.get(key(r))).toBe(3);
  });

  it('alerts as bins close; stopped with SIGTERM it has written the alerts detect --all-bins prints for the same files', async () => {
    const dir = tempDir();
    const file = join(dir, 'replay.log');
    writeFileSync(file, exampleLines().join('\n') + '\n');
    const alerts = join(dir, 'a.jsonl');
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--udp', '127.0.0.1:0', '--detect', '--allowed-lateness', '1m', '--alerts', alerts], { listening: 2 });
    client('logger', ['--tcp', '--octet-count', '-n', '127.0.0.1', '-P', String(run.ports.tcp), '-f', file]);
    // bins close while the run goes on: alerts are there before it is stopped
    await run.until(() => readFileSync(alerts, 'utf8').split('\n').length > 100);
    const { code, stderr } = await run.stop('SIGTERM');
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: 4000, parsed: 4000, late: 0, dropped: 0 });
    const batch = await asim(['detect', '--all-bins', '--format', 'jsonl', ...EXAMPLES]);
    expect(batch.code).toBe(0);
    expect(jsonl(batch.stdout).length).toBeGreaterThan(100);
    expect(readFileSync(alerts, 'utf8')).toBe(batch.stdout);
  });

  it('with --detect, one sender mixing ASA, Meraki, PAN-OS CEF and FortiGate lines gives the alerts and counts of detect --all-bins (the fast paths it learns per sender take only their own lines)', async () => {
    const dir = tempDir();
    const sources = ['asa-syslog', 'meraki-syslog', 'pan-cef', 'fortigate-kv'];
    const parts: string[][] = [];
    for (const s of sources) {
      await GENERATORS[s]!.write(join(dir, `${s}.log`), 600);
      parts.push(readFileSync(join(dir, `${s}.log`), 'utf8').split('\n').filter(Boolean));
    }
    const mixed = parts[0]!.flatMap((_, i) => parts.map((p) => p[i]!));
    const file = join(dir, 'mixed.log');
    writeFileSync(file, mixed.join('\n') + '\n');
    const alerts = join(dir, 'a.jsonl');
    // the sources' clocks are years apart: nothing may be late
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--detect', '--allowed-lateness', '1000d', '--alerts', alerts], { listening: 1 });
    await new Promise<void>((resolve, reject) => {
      const socket = connect(run.ports.tcp!, '127.0.0.1', () => socket.end(readFileSync(file)));
      socket.on('close', () => resolve()).on('error', reject);
    });
    const { code, stderr } = await run.stop('SIGTERM');
    expect(code, stderr).toBe(0);
    const batch = await asim(['detect', '--all-bins', '--format', 'jsonl', file]);
    expect(batch.code).toBe(0);
    expect(jsonl(batch.stdout).length).toBeGreaterThan(20);
    expect(readFileSync(alerts, 'utf8')).toBe(batch.stdout);
    const { late, dropped, ...counts } = accounting(stderr);
    expect({ late, dropped }).toEqual({ late: 0, dropped: 0 });
    expect(counts).toEqual(accounting(batch.stderr));
    expect(counts.read).toBe(2400);
  });

  it('takes RFC 5425 syslog over TLS from openssl s_client', async () => {
    const dir = tempDir();
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    client('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost']);
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--tls', '127.0.0.1:0', '--cert', cert, '--key', key, '--out', out], { listening: 1 });
    const frames = Array.from({ length: 50 }, (_, i) => CEF(23, i)).map((m) => `${Buffer.byteLength(m)} ${m}`).join('');
    client('openssl', ['s_client', '-connect', `127.0.0.1:${run.ports.tls}`, '-quiet', '-no_ign_eof'], frames);
    await run.until(() => readFileSync(out, 'utf8').split('\n').length > 50).catch(() => {});
    const { code, stderr } = await run.stop('SIGINT');
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: 50, parsed: 50, emitted: 50 });
    const records = jsonl(readFileSync(out, 'utf8'));
    expect(records.map((r) => r.DstPortNumber)).toEqual(Array(50).fill(23));
    expect(records[0]).toMatchObject({ EventVendor: 'Palo Alto', DvcHostname: 'fw-0' });
  });

  it('keeps the sender as the device when the header names no host', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--out', out], { listening: 1 });
    client('logger', ['--tcp', '-n', '127.0.0.1', '-P', String(run.ports.tcp), '--rfc5424=nohost', CEF(23, 1).replace(' fw-1', '')]);
    await new Promise((r) => setTimeout(r, 300));
    await run.stop();
    const [record] = jsonl(readFileSync(out, 'utf8'));
    expect(record).toMatchObject({ DvcIpAddr: '127.0.0.1', DstPortNumber: 23 });
  });

  it('stopped the moment a sender has handed its last line to the kernel, it still reads everything sent, and an idle open connection does not hold the stop', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--out', out], { listening: 1 });
    const idle = connect(run.ports.tcp!, '127.0.0.1').on('error', () => {});
    await new Promise((r) => idle.once('connect', r));
    idle.write(CEF(22, 0) + '\n');
    const total = 30_000;
    const lines = Array.from({ length: total }, (_, i) => CEF(443, i)).join('\n') + '\n';
    const sender = connect(run.ports.tcp!, '127.0.0.1').on('error', () => {});
    await new Promise((r) => sender.once('connect', r));
    // MBs still in the socket buffers when the signal comes: acknowledged to the sender, so received
    await new Promise<void>((r) => sender.end(lines, () => r()));
    const { code, stderr } = await run.stop('SIGTERM');
    idle.destroy();
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: total + 1, parsed: total + 1, emitted: total + 1 });
    expect(jsonl(readFileSync(out, 'utf8'))).toHaveLength(total + 1);
  });

  it('rejects messages over --max-message with their reason (in --rejects), and goes on with the next', async () => {
    const dir = tempDir();
    const rejects = join(dir, 'rejects.jsonl');
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--udp', '127.0.0.1:0', '--max-message', '1k', '--out', out, '--rejects', rejects], { listening: 2 });
    const big = CEF(23, 2) + ' msg=' + 'x'.repeat(2000);
    await send(run.ports.tcp!, [CEF(23, 1), big, CEF(23, 3)].map((m) => `${Buffer.byteLength(m)} ${m}`).join(''));
    await send(run.ports.tcp!, [CEF(23, 4), big, CEF(23, 5)].join('\n') + '\n');
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.send(big, run.ports.udp!, '127.0.0.1', () => r()));
    udp.close();
    await run.until(() => readFileSync(out, 'utf8').split('\n').length > 4);
    await new Promise((r) => setTimeout(r, 200));
    const { stderr } = await run.stop();
    expect(accounting(stderr)).toMatchObject({ read: 7, parsed: 4, rejected: 3 });
    expect(stderr).toMatch(/rejected 3 \(message-too-long 3\)/);
    const rejected = jsonl(readFileSync(rejects, 'utf8'));
    expect(rejected.map((r) => r.reason)).toEqual(['message-too-long', 'message-too-long', 'message-too-long']);
    expect(rejected[0]!.path).toMatch(/^tcp 127\.0\.0\.1:\d+ from 127\.0\.0\.1$/);
    expect(rejected[0]!.raw as string).toContain('CEF:0|Palo Alto Networks');
  });

  it('listens on loopback unless an address is given, and says where', async () => {
    const run = await startAsim(['listen', '--tcp', '0', '--udp', '0'], { listening: 2 });
    await run.stop();
    expect(run.stderr()).toMatch(/listening on tcp 127\.0\.0\.1:\d+/);
    expect(run.stderr()).toMatch(/listening on udp 127\.0\.0\.1:\d+/);
  });

  it('rotates --out at --rotate-size without cutting a record', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.jsonl');
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0', '--out', out, '--rotate-size', '20k'], { listening: 1 });
    await send(run.ports.tcp!, Array.from({ length: 300 }, (_, i) => CEF(443, i)).join('\n') + '\n');
    await run.until((_, e) => e.length > 0 && readdirSync(dir).length > 2, 5000).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const { stderr } = await run.stop();
    expect(accounting(stderr)).toMatchObject({ read: 300, emitted: 300 });
    const files = readdirSync(dir).filter((f) => f.startsWith('x.jsonl'));
    expect(files.length).toBeGreaterThan(3);
    const records = files.flatMap((f) => jsonl(readFileSync(join(dir, f), 'utf8')));
    expect(records).toHaveLength(300);
    for (const f of files) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(20 << 10);
  });

  it('when the output is slower than the input, stops reading TCP (the sender waits) and loses nothing', async () => {
    const slow = await stalledListen(['--tcp', '127.0.0.1:0']);
    const total = 40_000;
    const payload = ' msg=' + 'x'.repeat(4000);
    let sent = 0;
    const socket = connect(slow.port('tcp'), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        const m = CEF(443, i) + payload;
        if (!socket.write(`${Buffer.byteLength(m)} ${m}`)) await new Promise((r) => socket.once('drain', r));
        sent++;
      }
      socket.end();
      await new Promise((r) => socket.once('close', r));
    })();
    await new Promise((r) => setTimeout(r, 3000));
    expect(sent).toBeLessThan(total); // held back: 160 MB do not fit in the queue and the socket buffers
    slow.resume();
    await sending;
    await slow.until(() => slow.lines() >= total);
    const { code, stderr } = await slow.stop();
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: total, parsed: total, emitted: total, dropped: 0 });
    expect(slow.lines()).toBe(total);
  });

  it('counts the UDP datagrams it could not take as dropped: read + dropped = sent', async () => {
    const slow = await stalledListen(['--udp', '127.0.0.1:0']);
    const total = 60_000;
    const udp = createSocket('udp4');
    const payload = ' msg=' + 'x'.repeat(1000);
    for (let i = 0; i < total; i++) {
      await new Promise<void>((r) => udp.send(CEF(53, i) + payload, slow.port('udp'), '127.0.0.1', () => r()));
    }
    udp.close();
    await new Promise((r) => setTimeout(r, 500));
    slow.resume();
    await new Promise((r) => setTimeout(r, 1000));
    const { stderr } = await slow.stop();
    const acc = accounting(stderr);
    expect(acc.dropped).toBeGreaterThan(0);
    expect(acc.read! + acc.dropped!).toBe(total);
    expect(slow.lines()).toBe(acc.read);
  });

  it('fails with a usage error for no endpoint, TLS without a certificate, a port in use', async () => {
    expect((await asim(['listen'])).stderr).toMatch(/give at least one of --udp, --tcp and --tls/);
    expect((await asim(['listen', '--tls', '127.0.0.1:0'])).code).toBe(2);
    const run = await startAsim(['listen', '--tcp', '127.0.0.1:0'], { listening: 1 });
    const busy = await asim(['listen', '--tcp', `127.0.0.1:${run.ports.tcp}`]);
    await run.stop();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/cannot listen on tcp 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });
});

/** `asim listen` writing records to a stdout nobody reads until `resume()`: a sink slower than the input. */
async function stalledListen(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'listen', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
  });
  child.stdout.pause();
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const until = async (test: () => boolean) => {
    for (const deadline = Date.now() + 30_000; !test(); await new Promise((r) => setTimeout(r, 25))) {
      if (Date.now() > deadline) throw new Error(`timed out: ${stderr}`);
    }
  };
  await until(() => /listening on/.test(stderr));
  return {
    port: (protocol: string) => Number(new RegExp(`listening on ${protocol} \\S+:(\\d+)`).exec(stderr)![1]),
    resume: () => child.stdout.resume(),
    lines: () => lines,
    until,
    stop: async () => {
      child.kill('SIGTERM');
      return { code: await exited, stderr };
    },
  };
}

function send(port: number, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(data));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}
