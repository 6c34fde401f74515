// What every benchmark measures with: timed child processes, the measured `asim` (with its peak RSS),
// medians, and the machine the figures came from.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const BIN = join(ROOT, 'packages/cli/dist/bin.js');
export const TMP = join(ROOT, 'bench/tmp');

/** Runs a command to completion; resolves with its wall time, stdout and stderr, rejects on a non-zero exit. */
export function run(cmd, argv, { env = {}, stdout = false } = {}) {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) fail(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else done({ seconds, stdout: out, stderr: err });
    });
  });
}

/** Runs `asim ARGV`; adds its peak RSS in MiB (worker threads included). */
export async function asim(argv, options = {}) {
  const rssFile = join(tmpdir(), `asimkit-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const result = await run(process.execPath, ['--require', join(ROOT, 'bench/maxrss.cjs'), BIN, ...argv], {
    ...options,
    env: { ...options.env, ASIMKIT_BENCH_RSS_FILE: rssFile },
  });
  const rssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined;
  return { ...result, rssMiB };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function machine() {
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: +loadavg()[0].toFixed(2),
    date: new Date().toISOString(),
  };
}
