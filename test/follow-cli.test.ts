import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';
import { accounting, startAsim } from './live-helpers.js';

const PAN = join(ROOT, 'examples/palo-alto-cef/pa-fw-01.syslog.log.gz');
const LINES = gunzipSync(readFileSync(PAN)).toString('utf8').split('\n').filter(Boolean);
const text = (from: number, to: number) => LINES.slice(from, to).join('\n') + '\n';
const pause = (ms = 600) => new Promise((r) => setTimeout(r, ms));

describe('--follow', () => {
  it('normalize --follow reads appended lines across a rename rotation and a truncation, like tail -F', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    writeFileSync(log, text(0, 500));
    const run = await startAsim(['normalize', '--follow', log]);
    await run.until((o) => o.split('\n').length > 500);
    appendFileSync(log, text(500, 800) + LINES[800]!); // the last line is not ended yet
    await pause();
    renameSync(log, `${log}.1`); // logrotate: the old file is read to its end, the new one from its start
    appendFileSync(`${log}.1`, '\n');
    writeFileSync(log, text(801, 1200));
    await run.until((o) => o.split('\n').length > 1200);
    writeFileSync(log, text(1200, 1300)); // truncated in place and rewritten (copytruncate)
    await pause();
    appendFileSync(log, text(1300, 2000));
    await run.until((o) => o.split('\n').length > 2000);
    const { code, stdout, stderr } = await run.stop('SIGTERM');
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: 2000, parsed: 2000, emitted: 2000 });
    const batch = await asim(['normalize', PAN]);
    expect(jsonl(stdout)).toEqual(jsonl(batch.stdout));
  });

  it('follows the files a glob gains, once each (a rotated file is not read again under its new name)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), text(0, 300));
    const run = await startAsim(['summarize', '--follow', '--allowed-lateness', '0', join(dir, '*.log*')]);
    await pause(300);
    writeFileSync(join(dir, 'b.log'), text(300, 1000));
    await pause(1500);
    renameSync(join(dir, 'a.log'), join(dir, 'a.log.1'));
    appendFileSync(join(dir, 'b.log'), text(1000, 2000));
    await pause(1500);
    const { code, stdout, stderr } = await run.stop('SIGINT');
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: 2000, parsed: 2000 });
    // rows of one bucket may come in parts (a window closes at its end, buckets start there): they add up
    const sum = (rows: Record<string, unknown>[]) => {
      const m = new Map<string, number>();
      for (const r of rows) {
        const k = `${r.EventTime_t as string}|${r.DstPortNumber_d as number}|${r.NetworkProtocol_s as string}|${r.DvcAction_s as string}|${r.NetworkDirection_s as string}|${r.DstAppName_s as string}`;
        m.set(k, (m.get(k) ?? 0) + (r.count__d as number));
      }
      return m;
    };
    const batch = await asim(['summarize', PAN]);
    expect(sum(jsonl(stdout))).toEqual(sum(jsonl(batch.stdout)));
  });

  it('detect --follow writes each bin’s alerts as it closes, the same as --all-bins; a record for a closed bin is late', async () => {
    const dir = tempDir();
    const log = join(dir, 'fw.log');
    writeFileSync(log, text(0, 1000));
    const run = await startAsim(['detect', '--follow', '--allowed-lateness', '1m', '--format', 'jsonl', log]);
    await run.until((o) => o.length > 0); // bins close while the file is still being written
    appendFileSync(log, text(1000, 2000));
    await pause();
    appendFileSync(log, LINES[0]! + '\n'); // hours behind the newest record: its bin has closed
    await pause();
    const { code, stdout, stderr } = await run.stop('SIGTERM');
    expect(code).toBe(0);
    expect(accounting(stderr)).toMatchObject({ read: 2001, late: 1 });
    const batch = await asim(['detect', '--all-bins', '--format', 'jsonl', PAN]);
    expect(stdout).toBe(batch.stdout);
  });
});
