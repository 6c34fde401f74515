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
});
