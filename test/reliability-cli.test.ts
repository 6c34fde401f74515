// The failure model, as a hostile tester would try it (issue "Reliability"): per record → rejected
// with a reason; per input → reported, its good records kept, the run goes on (exit 4); per output →
// the run stops, says where and why (exit 3). No stack trace for anything a user can cause.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asim, BIN, jsonl, ROOT, tempDir, type RunResult } from './helpers.js';

const PAN_LINE =
  '<14>May  1 00:00:28 PA-FW-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=1714521628000 src=18.198.158.166 dst=10.0.105.23 ' +
  'cs1Label=Rule cs1=rule-0 app=dns cs4Label=Source Zone cs4=untrust cs5Label=Destination Zone cs5=trust cnt=1 spt=5353 dpt=53 proto=udp act=allow in=300 out=200 cat=from-policy';
const panLines = (n: number) => Array.from({ length: n }, (_, i) => PAN_LINE.replace('spt=5353', `spt=${5000 + i}`)).join('\n') + '\n';

/** No Node stack trace: a user-caused failure prints `asim: ...` lines only. */
function noStack(r: RunResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|node:internal|Error: .*\n\s+at /);
}

function accounting(stderr: string): Record<string, number> {
  const line = stderr.split('\n').find((l) => l.startsWith('asim: read '));
  expect(line, stderr).toBeDefined();
  const out: Record<string, number> = {};
  for (const m of line!.matchAll(/(read|parsed|skipped|rejected|emitted|inputs failed) (\d+)/g)) out[m[1]!] = Number(m[2]);
  expect(out.read).toBe(out.parsed! + out.skipped! + out.rejected!);
  return out;
}

describe('output failures stop the run, say where, and exit 3', () => {
  const input = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pa.log'), panLines(20));
    return { dir, file: join(dir, 'pa.log') };
  };

  it.each([
    ['normalize', ['normalize']],
    ['detect', ['detect', '--all-bins']],
    ['summarize', ['summarize']],
  ])('%s --out on a full device, to a directory, or into a missing directory', async (_name, args) => {
    const { dir, file } = input();
    for (const [out, cause] of [
      ['/dev/full', /ENOSPC|no space left/],
      [dir, /EISDIR|directory/],
      [join(dir, 'missing', 'x.out'), /ENOENT|no such file/],
    ] as const) {
      const r = await asim(['--log-level', 'error', ...args, '--out', out, file]);
      expect(r.code, `${args.join(' ')} --out ${out}`).toBe(3);
      expect(r.stderr).toContain(`asim: cannot write to ${out}`);
      expect(r.stderr).toMatch(cause);
      noStack(r);
    }
  });

  it('a worker thread that fails to write to --out fails the run as the main thread would', async () => {
    // the file is split among worker threads only, which write to the output themselves
    const dir = tempDir();
    writeFileSync(join(dir, 'big.log'), panLines(5000));
    const env = { ASIMKIT_SPLIT_MIN_BYTES: '100000', ASIMKIT_SPLIT_MIN_SECONDS: '0', ASIMKIT_SPLIT_WORKERS_ONLY: '1' };
    const r = await asim(['--log-level', 'error', 'normalize', '--threads', '2', '--out', '/dev/full', join(dir, 'big.log')], { env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('asim: cannot write to /dev/full');
    expect(r.stderr).toMatch(/ENOSPC|no space left/);
    noStack(r);
  });

  it('stdout on a full device is a failed write, not success', async () => {
    const { file } = input();
    const r = await new Promise<RunResult>((done) => {
      execFile('bash', ['-c', `node ${BIN} normalize ${file} > /dev/full`], { cwd: ROOT }, (err, stdout, stderr) =>
        done({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot write to stdout');
    noStack(r);
  });

  it('a reader that closes stdout early ends a run split among threads quietly too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.log'), panLines(20000));
    const r = await new Promise<RunResult>((done) => {
      execFile('bash', ['-c', `set -o pipefail; node ${BIN} normalize --threads 2 ${dir}/big.log | head -1 > /dev/null`], { cwd: ROOT, env: { ...process.env, ASIMKIT_SPLIT_MIN_BYTES: '100000', ASIMKIT_SPLIT_MIN_SECONDS: '0' } }, (err, stdout, stderr) =>
        done({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });
    expect(r.code, r.stderr).toBe(0);
    noStack(r);
    expect(r.stderr).toContain('closed by its reader');
  });

  it('a reader that closes stdout early ends the run quietly, and --rejects still holds every rejected record read', async () => {
    const dir = tempDir();
    const bad = PAN_LINE.replace('src=18.198.158.166', 'src=hello');
    writeFileSync(join(dir, 'mixed.log'), `${bad}\n${bad}\n${panLines(3000)}`);
    const r = await new Promise<RunResult>((done) => {
      execFile('bash', ['-c', `set -o pipefail; node ${BIN} normalize --rejects ${dir}/rejects.jsonl ${dir}/mixed.log | head -1 > /dev/null`], { cwd: ROOT }, (err, stdout, stderr) =>
        done({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(0);
    noStack(r);
    expect(jsonl(readFileSync(join(dir, 'rejects.jsonl'), 'utf8')).map((x) => x.reason)).toEqual(['invalid-value', 'invalid-value']);
  });
});

describe('one bad container or table input is reported; the other inputs and its own good records stand (exit 4)', () => {
  // each case writes its bad input and returns the paths to read, the bad one first
  it.each([
    ['a gzip cut short', (dir: string) => write(dir, 'bad.log.gz', halfOf(gzipSync(panLines(400)))), /cut short/],
    ['a gzip followed by garbage', (dir: string) => write(dir, 'bad.log.gz', Buffer.concat([gzipSync(panLines(400)), Buffer.from('garbage\n')])), /gzip/],
    ['a CSV export with an unclosed quote', (dir: string) => write(dir, 'bad.csv', 'TimeGenerated,Type,DeviceVendor\n2024-05-01T00:00:00Z,CommonSecurityLog,"Palo\n'), /CSV export is broken/],
    ['a CSV header naming a column twice', (dir: string) => write(dir, 'bad.csv', 'Type,DeviceVendor,DeviceVendor\nCommonSecurityLog,a,b\n'), /names column "DeviceVendor" twice/],
    ['a JSON array cut mid-way', (dir: string) => write(dir, 'bad.json', '[{"Type":"CommonSecurityLog","DeviceVendor":"x"},\n{"Type":"Comm'), /cut short/],
    // /proc/self/mem fails every read, even for root (whom file permissions do not stop)
    ['a file that cannot be read', () => '/proc/self/mem', /cannot read/],
  ])('%s', async (_what, makeBad, reason) => {
    const dir = tempDir();
    const good = write(dir, 'good.log', panLines(5));
    const r = await asim(['normalize', '--log-level', 'error', makeBad(dir), good]);
    noStack(r);
    expect(r.code).toBe(4);
    const acc = accounting(r.stderr);
    expect(acc['inputs failed']).toBe(1);
    expect(r.stderr).toMatch(reason);
    // every good record of the readable input is emitted
    expect(jsonl(r.stdout).filter((x) => x.EventProduct === 'PanOS').length).toBeGreaterThanOrEqual(5);
  });

  it('a gzip cut short keeps the records before the cut, and one followed by garbage keeps them all', async () => {
    const dir = tempDir();
    const whole = gzipSync(panLines(2000));
    writeFileSync(join(dir, 'cut.gz'), halfOf(whole));
    writeFileSync(join(dir, 'garbage.gz'), Buffer.concat([whole, Buffer.from('trailing junk\n')]));
    const cut = await asim(['normalize', '--log-level', 'error', join(dir, 'cut.gz')]);
    expect(jsonl(cut.stdout).length).toBeGreaterThan(500);
    const garbage = await asim(['normalize', '--log-level', 'error', join(dir, 'garbage.gz')]);
    expect(jsonl(garbage.stdout)).toHaveLength(2000);
    expect(garbage.code).toBe(4);
  });

  it('JSON nested 100k deep is one rejected record, not a stack overflow', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'deep.jsonl'), `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}\n`);
    writeFileSync(join(dir, 'deep.json'), `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`);
    for (const f of ['deep.jsonl', 'deep.json']) {
      const r = await asim(['normalize', '--source', 'palo-alto-cef', '--rejects', join(dir, 'rejects.jsonl'), join(dir, f)]);
      noStack(r);
      expect(r.code).toBe(0);
      expect(accounting(r.stderr)).toMatchObject({ read: 1, rejected: 1 });
      expect(r.stderr).toContain('json-depth');
    }
  });

  it('a pipe given as a path (<(zcat f.gz)) is read once, in order', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pa.log.gz'), gzipSync(panLines(50)));
    const r = await new Promise<RunResult>((done) => {
      execFile('bash', ['-c', `node ${BIN} normalize <(zcat ${dir}/pa.log.gz)`], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        done({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toHaveLength(50);
  });
});

describe('records are framed and counted one way', () => {
  it('lone-CR line endings keep CEF records apart', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cr.log'), panLines(3).replace(/\n/g, '\r'));
    const recs = jsonl((await asim(['normalize', join(dir, 'cr.log')])).stdout);
    expect(recs.map((r) => r.SrcPortNumber)).toEqual([5000, 5001, 5002]);
  });

  it('detect and summarize count exactly the records normalize emits, invalid tokens included', async () => {
    const dir = tempDir();
    const header = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
    const good = '2 123456789012 eni-0a 10.1.238.102 13.243.133.22 60310 443 6 266 295260 1714521634 1714521803 ACCEPT OK';
    const lines = [header, good, good.replace('10.1.238.102', '999.1.238.102'), good.replace(' 266 ', ' 26x '), good.replace(' 60310 ', ' 99999999999 '), good];
    writeFileSync(join(dir, 'vpc.log'), lines.join('\n') + '\n');
    const normalized = await asim(['normalize', join(dir, 'vpc.log')]);
    const summarized = await asim(['summarize', join(dir, 'vpc.log')]);
    expect(accounting(summarized.stderr)).toEqual(accounting(normalized.stderr));
    expect(jsonl(normalized.stdout)).toHaveLength(2);
    const counted = jsonl(summarized.stdout).reduce((sum, row) => sum + Number(row.count__d), 0);
    expect(counted).toBe(2);
  });

  it('ASIM JSON lines are recognised without --source, so normalize output can be fed back', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pa.log'), panLines(5));
    const out = (await asim(['normalize', join(dir, 'pa.log')])).stdout;
    writeFileSync(join(dir, 'asim.jsonl'), out);
    const again = await asim(['normalize', join(dir, 'asim.jsonl')]);
    expect(jsonl(again.stdout)).toEqual(jsonl(out));
    const detect = await asim(['detect', '--all-bins', '--format', 'jsonl', join(dir, 'asim.jsonl')]);
    const direct = await asim(['detect', '--all-bins', '--format', 'jsonl', join(dir, 'pa.log')]);
    expect(detect.stdout).toBe(direct.stdout);
    expect(jsonl(detect.stdout).length).toBeGreaterThan(0);
  });
});

describe('no invalid or invented values in the output', () => {
  it('non-IP text in address fields is rejected with the field named, with or without --validate', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.log'), [PAN_LINE.replace('src=18.198.158.166', 'src=hello'), PAN_LINE.replace('dst=10.0.105.23', 'dst=999.2.140.37'), PAN_LINE].join('\n'));
    const r = await asim(['normalize', '--rejects', join(dir, 'rejects.jsonl'), join(dir, 'bad.log')]);
    expect(jsonl(r.stdout)).toHaveLength(1);
    const rejects = jsonl(readFileSync(join(dir, 'rejects.jsonl'), 'utf8'));
    expect(rejects.map((x) => x.detail)).toEqual([expect.stringContaining('SrcIpAddr'), expect.stringContaining('DstIpAddr')]);
    expect(rejects[0]!.raw).toBe(PAN_LINE.replace('src=18.198.158.166', 'src=hello'));
  });

  it('an impossible syslog date is a rejection, never the wall clock; four-digit years are literal', async () => {
    const dir = tempDir();
    const noRt = PAN_LINE.replace('rt=1714521628000 ', '');
    writeFileSync(join(dir, 'dates.log'), [noRt.replace('May  1', 'Feb 30'), noRt.replace('<14>May  1 00:00:28', '<14>1 0050-05-01T00:00:28Z')].join('\n'));
    const r = await asim(['normalize', '--rejects', join(dir, 'rejects.jsonl'), join(dir, 'dates.log')]);
    expect(jsonl(r.stdout).map((x) => x.TimeGenerated)).toEqual(['0050-05-01T00:00:28.000Z']);
    expect(jsonl(readFileSync(join(dir, 'rejects.jsonl'), 'utf8')).map((x) => x.reason)).toEqual(['bad-timestamp']);
  });
});

describe('bounded resources', () => {
  it('a line longer than --max-line is rejected with its reason and the lines around it are read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'long.log'), `${PAN_LINE}\n${PAN_LINE.replace('cat=from-policy', `cat=${'x'.repeat(3 << 20)}`)}\n${PAN_LINE}\n`);
    const r = await asim(['normalize', join(dir, 'long.log')]);
    expect(jsonl(r.stdout)).toHaveLength(2);
    expect(accounting(r.stderr)).toMatchObject({ read: 3, rejected: 1 });
    expect(r.stderr).toContain('line-too-long');
    const small = await asim(['normalize', '--max-line', '200', join(dir, 'long.log')]);
    expect(accounting(small.stderr)).toMatchObject({ read: 3, rejected: 3 });
  });
});

describe('smaller promises', () => {
  it('a bad --log-level is a usage error (2); validate reports invalid records with 5', async () => {
    const bad = await asim(['--log-level', 'bogus', 'plugins']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-level must be one of');
    const dir = tempDir();
    writeFileSync(join(dir, 'x.jsonl'), '{"EventType":"Nope"}\n');
    expect((await asim(['validate', join(dir, 'x.jsonl')])).code).toBe(5);
  });

  it('an empty file and a blank-only file both read as nothing, without error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.log'), '');
    writeFileSync(join(dir, 'blank.log'), '\n  \n\t\n');
    for (const f of ['empty.log', 'blank.log']) {
      const r = await asim(['normalize', join(dir, f)]);
      expect(r.code, f).toBe(0);
      expect(accounting(r.stderr)).toMatchObject({ read: 0 });
    }
  });

  it('a table row without a Type column is skipped naming what it lacks, not "table undefined"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rows.jsonl'), '{"Type":"CommonSecurityLog","DeviceVendor":"Palo Alto Networks","DeviceProduct":"PAN-OS","Activity":"TRAFFIC"}\n{"DeviceVendor":"x"}\n');
    const r = await asim(['normalize', join(dir, 'rows.jsonl')]);
    expect(r.stderr).not.toContain('undefined');
    expect(r.stderr).toContain('no table');
  });
});

const halfOf = (b: Buffer): Buffer => b.subarray(0, b.length >> 1);

function write(dir: string, name: string, data: string | Buffer): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}
