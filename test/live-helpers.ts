import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { BIN, ROOT } from './helpers.js';

/** A running `asim` (listen, or a command with --follow), stopped with a signal. */
export interface LiveRun {
  readonly child: ChildProcess;
  /** Bound endpoints by protocol, from "asim: listening on tcp 127.0.0.1:PORT". */
  readonly ports: Record<string, number>;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout (or stderr) satisfies `test`. */
  until(test: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export async function startAsim(args: string[], opts: { listening?: number } = {}): Promise<LiveRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async (test: (o: string, e: string) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test(out, err)) {
      if (child.exitCode !== null) throw new Error(`asim exited ${child.exitCode}: ${err}`);
      if (Date.now() > deadline) throw new Error(`timed out; stderr: ${err.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const ports: Record<string, number> = {};
  const want = opts.listening ?? 0;
  if (want > 0) {
    await until((_, e) => (e.match(/listening on/g) ?? []).length >= want);
    for (const m of err.matchAll(/listening on (udp|tcp|tls) \S+:(\d+)/g)) ports[m[1]!] = Number(m[2]);
  }
  return {
    child,
    ports,
    stdout: () => out,
    stderr: () => err,
    until,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      const code = await exited;
      return { code, stdout: out, stderr: err };
    },
  };
}

/** Runs a client (logger, openssl) to completion; throws with its stderr if it fails. */
export function client(cmd: string, args: string[], input?: string | Buffer): string {
  const r = spawnSync(cmd, args, { input, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString()}`);
  return r.stdout.toString();
}

/** The numbers of the accounting line (`read 5 / parsed 4 / …`), the last one printed. */
export function accounting(stderr: string): Record<string, number> {
  const lines = stderr.split('\n').filter((l) => l.startsWith('asim: read '));
  const line = lines[lines.length - 1] ?? '';
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(read|parsed|skipped|rejected|emitted|late|dropped) (\d+)/g)) out[m[1]!] = Number(m[2]);
  return out;
}
