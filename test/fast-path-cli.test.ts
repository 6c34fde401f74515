import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../bench/generators.mjs';
import { asim, tempDir } from './helpers.js';

// `detect` and `summarize` read VPC flow lines through the plugin's fast path (bytes straight to
// the counted key); `normalize` builds full records. Both must count exactly the same thing.

describe('the detector fast path, end to end', () => {
  it('summarize gives the same summary rows and accounting as normalize then summarize --source asim', async () => {
    const dir = tempDir();
    const clean = join(dir, 'clean.log');
    await GENERATORS['vpc-v2'].write(clean, 30_000);
    const lines = readFileSync(clean, 'utf8').split('\n');
    lines.splice(7_001, 0, '2 123456789010 eni-bad 10.0.0.1 10.0.0.2 40000 nope 6 1 1 1714521600 1714521660 ACCEPT OK', '', '   ');
    lines.splice(15_000, 0, '2 123456789010 eni-x 10.0.0.1 10.0.0.2 40000 443 6 1 1 - 1714521660 ACCEPT OK');
    const file = join(dir, 'flows.log');
    writeFileSync(file, lines.slice(0, 20_000).join('\n') + '\r\n' + lines.slice(20_000).join('\r\n'));

    const fast = await asim(['summarize', '--threads', '1', '--source', 'aws-vpc-flow', file]);
    const asimFile = join(dir, 'asim.jsonl');
    const normalized = await asim(['normalize', '--threads', '1', '--source', 'aws-vpc-flow', '--out', asimFile, file]);
    const full = await asim(['summarize', '--source', 'asim', asimFile]);
    expect(fast.code).toBe(0);
    expect(full.code).toBe(0);
    expect(fast.stdout.split('\n').length).toBeGreaterThan(1000);
    expect(fast.stdout).toBe(full.stdout);
    const accounting = (r: { stderr: string }) => r.stderr.split('\n').find((l) => l.startsWith('asim: read'));
    expect(accounting(fast)).toBe(accounting(normalized));
    expect(accounting(fast)).toMatch(/rejected 1 \(bad-value 1\)/);

    // gzip (S3 objects) and stdin come in fresh chunks of other sizes: the same counts
    const gz = join(dir, 'flows.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(file)));
    const fromGzip = await asim(['summarize', '--threads', '1', '--source', 'aws-vpc-flow', gz]);
    const fromStdin = await asim(['summarize', '--threads', '1', '--source', 'aws-vpc-flow', '-'], { stdin: readFileSync(file, 'utf8') });
    for (const other of [fromGzip, fromStdin]) {
      expect(other.stdout).toBe(fast.stdout);
      expect(accounting(other)).toBe(accounting(fast));
    }
  });

  it('normalize writes through the JSON-lines fast path what the full path writes, on one thread and on two', async () => {
    const dir = tempDir();
    const clean = join(dir, 'clean.log');
    await GENERATORS['vpc-v2'].write(clean, 40_000);
    const lines = readFileSync(clean, 'utf8').split('\n');
    lines.splice(9_001, 0, '2 123456789010 eni-bad 10.0.0.1 10.0.0.2 40000 nope 6 1 1 1714521600 1714521660 ACCEPT OK', '');
    lines.splice(17_000, 0, '2 123456789010 eni-x 2001:db8::1 10.0.0.2 40000 0443 6 1 1 1714521600 1714521660 REJECT OK');
    lines.splice(25_000, 0, 'version srcaddr dstaddr srcport dstport protocol start end action log-status', '5 10.0.0.9 10.0.0.8 1 2 17 1714521600 1714521601 ACCEPT OK', lines[0]!);
    const file = join(dir, 'flows.log');
    writeFileSync(file, lines.join('\n'));

    const out = (name: string) => join(dir, name);
    const fast = await asim(['normalize', '--threads', '1', '--source', 'aws-vpc-flow', '--out', out('fast.jsonl'), file]);
    // --validate reads every record, so the run takes the full path
    const full = await asim(['normalize', '--threads', '1', '--validate', '--source', 'aws-vpc-flow', '--out', out('full.jsonl'), file]);
    const split = await asim(['normalize', '--threads', '2', '--source', 'aws-vpc-flow', '--out', out('split.jsonl'), file], { env: { ASIMKIT_SPLIT_MIN_BYTES: '100000' } });
    for (const r of [fast, full, split]) expect(r.code, r.stderr).toBe(0);
    const accounting = (r: { stderr: string }) => r.stderr.split('\n').find((l) => l.startsWith('asim: read'));
    expect(accounting(fast)).toBe(accounting(full));
    expect(accounting(split)).toBe(accounting(full));
    expect(accounting(fast)).toMatch(/rejected 1 \(bad-value 1\)/);
    const fastText = readFileSync(out('fast.jsonl'), 'utf8');
    expect(fastText.split('\n').length).toBeGreaterThan(39_000);
    expect(fastText).toBe(readFileSync(out('full.jsonl'), 'utf8'));
    // threads write their ranges as they finish them: the same lines, in another order
    const sorted = (text: string) => text.split('\n').sort();
    expect(sorted(readFileSync(out('split.jsonl'), 'utf8'))).toEqual(sorted(fastText));
  });
});
