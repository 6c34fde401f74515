// The ASIM filtering parameters of Sentinel's vimNetworkSession parsers as flags of normalize,
// detect and summarize, with Microsoft's semantics (ASIM spec §7).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, tempDir } from './helpers.js';

const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const flow = (src: string, dst: string, port: number, action: string, start: number) => `2 123456789012 eni-0a ${src} ${dst} 40000 ${port} 6 10 1000 ${start} ${start + 5} ${action} OK`;
const T0 = 1714521600; // 2024-05-01T00:00:00Z
const LINES = [
  flow('10.1.2.3', '203.0.113.9', 443, 'ACCEPT', T0),
  flow('10.2.0.1', '10.1.9.9', 22, 'REJECT', T0 + 60),
  flow('192.168.1.5', '198.51.100.7', 443, 'REJECT', T0 + 3600),
  flow('10.1.0.7', '198.51.100.7', 3389, 'ACCEPT', T0 + 7200),
];

async function normalized(args: string[]) {
  const dir = tempDir();
  writeFileSync(join(dir, 'vpc.log'), [HEADER, ...LINES].join('\n') + '\n');
  const r = await asim(['normalize', ...args, join(dir, 'vpc.log')]);
  return { code: r.code, stderr: r.stderr, recs: jsonl(r.stdout), path: join(dir, 'vpc.log') };
}

describe('ASIM filter parameters', () => {
  it('time window, port, action and result, inclusive as Microsoft\'s parsers are', async () => {
    expect((await normalized(['--starttime', '2024-05-01T00:01:00Z', '--endtime', '2024-05-01T01:00:00Z'])).recs.map((r) => r.DstPortNumber)).toEqual([22, 443]);
    expect((await normalized(['--dstportnumber', '443'])).recs).toHaveLength(2);
    expect((await normalized(['--dvcaction', 'Deny'])).recs.map((r) => r.DvcAction)).toEqual(['Deny', 'Deny']);
    expect((await normalized(['--eventresult', 'Success'])).recs).toHaveLength(2);
    expect((await normalized(['--eventresult', '*'])).recs).toHaveLength(4);
  });

  it('IP prefixes on whole octets, each side or either, marking which matched', async () => {
    expect((await normalized(['--srcipaddr-has-any-prefix', '10.1.'])).recs.map((r) => r.SrcIpAddr)).toEqual(['10.1.2.3', '10.1.0.7']);
    // `10.1` is the octet prefix `10.1.`: 10.10.x would not match
    expect((await normalized(['--dstipaddr-has-any-prefix', '10.1'])).recs.map((r) => r.DstIpAddr)).toEqual(['10.1.9.9']);
    const either = (await normalized(['--ipaddr-has-any-prefix', '10.1.,198.51.100.7'])).recs;
    expect(either.map((r) => r.ASimMatchingIpAddr)).toEqual(['SrcIpAddr', 'DstIpAddr', 'DstIpAddr', 'Both']);
  });

  it('lists from a file (up to 10,000 items), and bad values are usage errors naming the flag', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'prefixes.txt'), ['192.168.', ...Array.from({ length: 9000 }, (_, i) => `172.${i % 256}.${Math.floor(i / 256)}.`)].join('\n'));
    expect((await normalized(['--srcipaddr-has-any-prefix', `@${join(dir, 'prefixes.txt')}`])).recs.map((r) => r.SrcIpAddr)).toEqual(['192.168.1.5']);
    writeFileSync(join(dir, 'too-many.txt'), Array.from({ length: 10_001 }, (_, i) => `10.${i % 256}.${Math.floor(i / 256) % 256}.`).join('\n'));
    const tooMany = await normalized(['--srcipaddr-has-any-prefix', `@${join(dir, 'too-many.txt')}`]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('at most 10000');
    const bad = await normalized(['--dstipaddr-has-any-prefix', '10.x.']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--dstipaddr-has-any-prefix');
    expect((await normalized(['--starttime', 'yesterday'])).code).toBe(2);
  });

  it('detect and summarize count only what the filters keep, on the fast path and off it', async () => {
    const { path } = await normalized([]);
    const onKeys = await asim(['summarize', '--dstportnumber', '443', '--dvcaction', 'Deny', path]);
    expect(jsonl(onKeys.stdout).map((r) => [r.DstPortNumber_d, r.count__d])).toEqual([[443, 1]]);
    const onRecords = await asim(['summarize', '--srcipaddr-has-any-prefix', '10.', path]);
    expect(jsonl(onRecords.stdout).reduce((n, r) => n + Number(r.count__d), 0)).toBe(3);
    expect(onRecords.stderr).toContain('filtered out by the ASIM filter parameters 1');
  });
});
