import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../bench/generators.mjs';
import { asim, jsonl, tempDir } from './helpers.js';

/** A VPC v2 file with its header line, NODATA records and a few malformed lines spread through it. */
async function flowFile(dir: string): Promise<string> {
  const clean = join(dir, 'clean.log');
  await GENERATORS['vpc-v2'].write(clean, 20_000);
  const lines = readFileSync(clean, 'utf8').split('\n');
  for (const at of [5_003, 12_345, 19_999]) lines.splice(at, 0, `2 123456789010 eni-bad 10.0.0.1 10.0.0.2 40000 nope 6 1 1 1714521600 1714521660 ACCEPT OK`);
  const file = join(dir, 'flows.log');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('worker threads', () => {
  it('detect and summarize give exactly the same results, accounting and rejects with 1 or 3 threads', async () => {
    const dir = tempDir();
    const file = await flowFile(dir);
    let runs = 0;
    const run = async (threads: string, env: Record<string, string> = { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_MIN_SECONDS: '0' }, input = file) => {
      const rejects = join(dir, `rejects-${++runs}.jsonl`);
      const detect = await asim(['detect', '--threads', threads, '--all-bins', '--format', 'jsonl', '--source', 'aws-vpc-flow', '--rejects', rejects, input], { env });
      const summarize = await asim(['summarize', '--threads', threads, '--source', 'aws-vpc-flow', input], { env });
      // one run's window: each thread keeps only that window's cells
      const now = await asim(['detect', '--threads', threads, '--now', '2024-05-01T12:05:00Z', '--format', 'jsonl', '--source', 'aws-vpc-flow', input], { env });
      return { detect, summarize, now, rejects: jsonl(readFileSync(rejects, 'utf8')) };
    };
    const one = await run('1');
    // the main thread and two workers started with the process share the ranges from the first;
    // then the workers alone take them all
    const three = await run('3');
    // workers started by the split, not while the CLI loaded: the command line names no large file
    const only = join(dir, 'only');
    mkdirSync(only);
    copyFileSync(file, join(only, 'flows.log'));
    const notPrestarted = await run('3', undefined, only);
    const workers = await run('3', { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_WORKERS_ONLY: '1' });
    // no worker started with the process (a directory is named): the first range is read, the rest
    // would not take long enough to start workers, so it is read as one more range
    const declined = await run('3', { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_MIN_SECONDS: '1000' }, only);
    expect(one.detect.code).toBe(0);
    expect(jsonl(one.detect.stdout).length).toBeGreaterThan(100);
    const accounting = (r: { stderr: string }) => r.stderr.split('\n').find((l) => l.startsWith('asim: read'));
    expect(accounting(one.detect)).toMatch(/rejected 3 \(bad-value 3\)/);
    expect(one.rejects.map((r) => r.line)).toEqual([5_004, 12_346, 20_000]);
    const nowAlerts = jsonl(one.now.stdout);
    expect(nowAlerts.length).toBeGreaterThan(5);
    // the same alerts as the hunt gives for that window
    expect(nowAlerts).toEqual(jsonl(one.detect.stdout).filter((a) => a.BinEnd === '2024-05-01T12:00:00.000Z'));
    for (const split of [three, notPrestarted, workers, declined]) {
      expect(split.detect.stdout).toBe(one.detect.stdout);
      expect(split.summarize.stdout).toBe(one.summarize.stdout);
      expect(split.now.stdout).toBe(one.now.stdout);
      expect(accounting(split.detect)).toBe(accounting(one.detect));
      expect(split.rejects.map(({ path: _, ...r }) => r)).toEqual(one.rejects.map(({ path: _, ...r }) => r));
    }
  });

  it('detect reads a file its batch fast path counts on one thread below 512 MiB, and splits it when told to', async () => {
    // splitting costs ~0.3 s on 2 vCPUs: VPC's batch path counts 222 MiB in less than it gains
    const dir = tempDir();
    const file = join(dir, 'flows.log');
    await GENERATORS['vpc-v2'].write(file, 300_000); // ~33 MiB: past the size from which files may be split
    const args = ['--log-level', 'debug', 'detect', '--threads', '2', '--all-bins', '--format', 'jsonl', '--source', 'aws-vpc-flow', file];
    const oneThread = await asim(args);
    expect(oneThread.code).toBe(0);
    expect(oneThread.stderr).toContain('read on one thread: a batch fast path counts it faster than a split would');
    expect(oneThread.stderr).not.toContain('splitting among threads');
    const split = await asim(args, { env: { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_MIN_SECONDS: '0' } });
    expect(split.stderr).toContain('splitting among threads');
    expect(split.stdout).toBe(oneThread.stdout);
    expect(jsonl(oneThread.stdout).length).toBeGreaterThan(10);
  });

  it('normalize writes the same records (as a set) and the same accounting with 1 or 3 threads', async () => {
    const dir = tempDir();
    const file = await flowFile(dir);
    const env = { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_MIN_SECONDS: '0' };
    const one = await asim(['normalize', '--threads', '1', '--source', 'aws-vpc-flow', file], { env });
    const three = await asim(['normalize', '--threads', '3', '--source', 'aws-vpc-flow', file], { env });
    const workers = await asim(['normalize', '--threads', '3', '--source', 'aws-vpc-flow', file], { env: { ...env, ASIMKIT_SPLIT_WORKERS_ONLY: '1' } });
    const sorted = (r: { stdout: string }) => r.stdout.split('\n').filter(Boolean).sort();
    const accounting = (r: { stderr: string }) => r.stderr.split('\n').find((l) => l.startsWith('asim: read'))!;
    for (const split of [three, workers]) {
      expect(split.code).toBe(0);
      expect(sorted(split)).toEqual(sorted(one));
      expect(accounting(split)).toBe(accounting(one));
    }
    expect(sorted(one)).toHaveLength(Number(/emitted (\d+)/.exec(accounting(one))![1]));
    expect(accounting(one)).toMatch(/rejected 3 \(bad-value 3\)/);
  });

  it('normalize --out FILE: worker threads write their lines to the file themselves, none lost or torn', async () => {
    const dir = tempDir();
    const file = await flowFile(dir);
    const env = { ASIMKIT_SPLIT_MIN_BYTES: '1', ASIMKIT_SPLIT_MIN_SECONDS: '0' };
    const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).sort();
    const run = async (name: string, threads: string, extra: Record<string, string> = {}) => {
      const out = join(dir, name);
      const r = await asim(['normalize', '--threads', threads, '--source', 'aws-vpc-flow', '--out', out, file], { env: { ...env, ...extra } });
      expect(r.code, r.stderr).toBe(0);
      return lines(out);
    };
    const one = await run('one.jsonl', '1');
    expect(one.length).toBeGreaterThan(19_000);
    expect(await run('three.jsonl', '3')).toEqual(one);
    expect(await run('workers.jsonl', '3', { ASIMKIT_SPLIT_WORKERS_ONLY: '1' })).toEqual(one);
  });
});
