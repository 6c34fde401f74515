import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const BIN = join(ROOT, 'packages/cli/dist/bin.js');
export const VPC_FIXTURES = join(ROOT, 'plugins/aws-vpc-flow/test/fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `asim` binary as a user would, optionally feeding stdin. */
export function asim(args: string[], opts: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: opts.cwd ?? ROOT, maxBuffer: 256 << 20, env: { ...process.env, ...opts.env } },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(opts.stdin ?? '');
  });
}

export function jsonl(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'asimkit-test-'));
}
