import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATORS } from '../bench/generators.mjs';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';

/**
 * Source formats users have (issue 16, item 2), end to end through `asim`: the Zscaler NSS feed in
 * JSON, Check Point firewall logs under their recent product names, and native PAN-OS CSV lines in
 * a relay file that mixes vendors — each read exactly as that source's own file would be.
 */

const fixture = (plugin: string, name: string): string => join(ROOT, 'plugins', plugin, 'test/fixtures', name);
const lineOf = (plugin: string, name: string, line: number): string => readFileSync(fixture(plugin, name), 'utf8').split('\n')[line - 1]!;

/** Parses `asim: read N / parsed N / skipped N (...) / rejected N (...) / emitted N` (reasons may hold parentheses). */
function accounting(stderr: string): { read: number; parsed: number; skipped: number; rejected: number; text: string } {
  const m = /read (\d+) \/ parsed (\d+) \/ skipped (\d+)(?: \(.*?\))? \/ rejected (\d+)(?: \(.*?\))? \/ emitted (\d+)$/m.exec(stderr);
  expect(m, stderr).not.toBeNull();
  const [, read, parsed, skipped, rejected] = m!.map(Number);
  expect(read).toBe(parsed! + skipped! + rejected!);
  return { read: read!, parsed: parsed!, skipped: skipped!, rejected: rejected!, text: m![0] };
}

const withoutLineage = (r: Record<string, unknown>): Record<string, unknown> => {
  const { _Lineage: _, ...rest } = r;
  return rest;
};

let dir: string;
beforeAll(() => {
  dir = tempDir();
});

describe('a relay file mixing vendors, native formats among them', () => {
  /** One line per source and form, with the plugin that must read it. */
  const LINES: [string, string][] = [
    [lineOf('palo-alto-cef', 'documented-native-csv-versions.log', 9), 'palo-alto-cef'], // PAN-OS 10.1 CSV
    [lineOf('fortinet-fortigate', 'native-kv-documented.log', 1), 'fortinet-fortigate'],
    [lineOf('palo-alto-cef', 'real-metron-panos-csv.log', 51), 'palo-alto-cef'], // PAN-OS 6.1 CSV, real
    [
      '<134>Apr 17 07:35:10 cp-logserver CEF:0|Check Point|VPN & FireWall|Check Point|Log|https|Unknown|act=Drop deviceDirection=1 rt=1713339310000 spt=51240 dpt=443 src=10.1.2.3 dst=203.0.113.80 proto=6 inzone=Internal outzone=External origin=10.120.63.36 product=VPN & FireWall',
      'checkpoint',
    ],
    [
      '<134>1 2024-04-17T07:35:11Z cp-logserver CheckPoint 1930 - [action:"Drop"; ifdir:"outbound"; origin:"10.120.63.36"; time:"1713339311"; dst:"203.0.113.81"; inzone:"Internal"; outzone:"External"; product:"VPN & FireWall-1"; proto:"17"; s_port:"51241"; service:"53"; src:"10.1.2.3"]',
      'checkpoint',
    ],
    [lineOf('zscaler-zia', 'documented-variant1.log', 1), 'zscaler-zia'],
    [lineOf('palo-alto-cef', 'documented-cef-traffic.log', 1), 'palo-alto-cef'],
  ];

  it('each line gives what it gives in a file of its own source', async () => {
    const mixed = join(dir, 'relay.log');
    writeFileSync(mixed, LINES.map(([l]) => l).join('\n') + '\n');
    const r = await asim(['normalize', '--lineage', mixed]);
    expect(r.code, r.stderr).toBe(0);
    const acc = accounting(r.stderr);
    expect(acc).toMatchObject({ read: LINES.length, parsed: LINES.length, rejected: 0 });
    const byLine = new Map(jsonl(r.stdout).map((rec) => [(rec._Lineage as { line: number }).line, withoutLineage(rec)]));

    for (const [i, [line, plugin]] of LINES.entries()) {
      const alone = join(dir, `alone-${i + 1}.log`);
      writeFileSync(alone, line + '\n');
      const own = await asim(['normalize', '--source', plugin, alone]);
      expect(own.code, own.stderr).toBe(0);
      const expected = jsonl(own.stdout);
      expect(expected, `line ${i + 1} (${plugin}) alone`).toHaveLength(1);
      expect(byLine.get(i + 1), `line ${i + 1} (${plugin})`).toEqual(expected[0]);
    }
    // the Check Point Drop records under the recent product names are sessions, not skips
    expect([byLine.get(4)?.DvcAction, byLine.get(5)?.DvcAction]).toEqual(['Drop', 'Drop']);
  });

  it('in a Filebeat archive (message), PAN-OS CSV, FortiGate key=value and VPC lines normalize exactly as the raw lines do', async () => {
    const lines = [
      LINES[0]![0],
      LINES[1]![0],
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      LINES[2]![0],
    ];
    const raw = join(dir, 'raw-mixed.log');
    writeFileSync(raw, lines.join('\n') + '\n');
    const archive = join(dir, 'filebeat-mixed.ndjson');
    writeFileSync(archive, lines.map((message, i) => JSON.stringify({ '@timestamp': `2026-01-01T00:00:0${i}.000Z`, message, host: { name: 'relay-01' }, agent: { type: 'filebeat' } })).join('\n') + '\n');
    const fromRaw = await asim(['normalize', raw]);
    const fromArchive = await asim(['normalize', archive]);
    expect(fromRaw.code, fromRaw.stderr).toBe(0);
    expect(fromArchive.code, fromArchive.stderr).toBe(0);
    expect(accounting(fromArchive.stderr)).toMatchObject({ read: 4, parsed: 4 });
    expect(jsonl(fromArchive.stdout).map((r) => r.EventProduct)).toEqual(['PanOS', 'Fortigate', 'VPC', 'PanOS']);
    expect(fromArchive.stdout).toBe(fromRaw.stdout);
  });

  it('a PAN-OS THREAT line among them is skipped as PAN-OS\'s, not left unrouted', async () => {
    const mixed = join(dir, 'relay-threat.log');
    const threat = readFileSync(fixture('palo-alto-cef', 'real-metron-panos-csv.log'), 'utf8').split('\n').find((l) => l.includes(',THREAT,'))!;
    writeFileSync(mixed, [LINES[1]![0], threat, LINES[4]![0]].join('\n') + '\n');
    const r = await asim(['normalize', mixed]);
    expect(r.code, r.stderr).toBe(0);
    expect(accounting(r.stderr)).toMatchObject({ read: 3, parsed: 2, skipped: 1 });
    expect(r.stderr).toContain('not TRAFFIC: PAN-OS THREAT log 1');
  });
});

describe('the Zscaler NSS firewall feed in JSON', () => {
  it('NSS JSON lines are sniffed as Zscaler records, without --source; --source gives the same', async () => {
    const input = fixture('zscaler-zia', 'documented-nss-json.log');
    const sniffed = await asim(['normalize', input]);
    expect(sniffed.code, sniffed.stderr).toBe(0);
    expect(accounting(sniffed.stderr)).toMatchObject({ read: 10, parsed: 5, skipped: 1, rejected: 4 });
    const recs = jsonl(sniffed.stdout);
    expect(recs.map((r) => r.EventProduct)).toEqual(Array(5).fill('ZIA Firewall'));
    expect(recs[1]).toMatchObject({ SrcIpAddr: '10.1.2.3', DstIpAddr: '203.0.113.9', DstPortNumber: 443, DvcAction: 'Allow', SrcUsername: 'jdoe@corp.example' });
    const named = await asim(['normalize', '--source', 'zscaler-zia', input]);
    expect(named.stdout).toBe(sniffed.stdout);
  });

  it('a Filebeat archive of the JSON feed, mixed with other sources\' lines, normalizes exactly as the raw records and lines do', async () => {
    const nss = readFileSync(fixture('zscaler-zia', 'documented-nss-json.log'), 'utf8').split('\n').slice(0, 6);
    const pan = lineOf('palo-alto-cef', 'documented-native-csv-versions.log', 9);
    const checkpoint = '<134>Apr 17 07:35:10 cp-logserver CEF:0|Check Point|VPN & FireWall|Check Point|Log|https|Unknown|act=Drop rt=1713339310000 spt=51240 dpt=443 src=10.1.2.3 dst=203.0.113.80 proto=6 origin=10.120.63.36';
    const beat = (text: string, i: number) => JSON.stringify({ '@timestamp': `2025-07-16T10:40:0${i}.000Z`, event: { original: text, dataset: 'zscaler_zia.firewall' }, host: { name: 'collector-01' }, agent: { type: 'filebeat' } });
    const archive = join(dir, 'filebeat.ndjson');
    writeFileSync(archive, [...nss, pan, checkpoint].map(beat).join('\n') + '\n');
    const shipped = await asim(['normalize', archive]);
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(accounting(shipped.stderr)).toMatchObject({ read: 8, parsed: 7, skipped: 1, rejected: 0 });

    const rawNss = join(dir, 'nss.log');
    writeFileSync(rawNss, nss.join('\n') + '\n');
    const expected = [];
    for (const [input, content] of [[rawNss, undefined], [join(dir, 'pan.log'), pan], [join(dir, 'cp.log'), checkpoint]] as const) {
      if (content !== undefined) writeFileSync(input, content + '\n');
      const r = await asim(['normalize', input]);
      expect(r.code, r.stderr).toBe(0);
      expected.push(...jsonl(r.stdout));
    }
    expect(jsonl(shipped.stdout)).toEqual(expected);
  });

  it('a Cloud NSS JSON array normalizes like the CommonSecurityLog rows its DCR writes', async () => {
    const raw = await asim(['normalize', fixture('zscaler-zia', 'raw-cloud-nss.json')]);
    const table = await asim(['normalize', fixture('zscaler-zia', 'table-cloud-nss.json')]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(accounting(raw.stderr)).toMatchObject({ read: 5, parsed: 3, skipped: 1, rejected: 1 });
    expect(jsonl(raw.stdout).slice(0, 2)).toEqual(jsonl(table.stdout).slice(0, 2));
  });

  it('summarize counts the JSON feed\'s sessions', async () => {
    const r = await asim(['summarize', fixture('zscaler-zia', 'documented-nss-json.log')]);
    expect(r.code, r.stderr).toBe(0);
    expect(accounting(r.stderr)).toMatchObject({ parsed: 5 });
    const rows = jsonl(r.stdout);
    expect(rows.reduce((n, row) => n + (row.count__d as number), 0)).toBe(5);
    expect(rows).toContainEqual(expect.objectContaining({ DstPortNumber_d: 4444, DvcAction_s: 'Drop', NetworkProtocol_s: 'TCP' }));
  });
});


describe('the benchmark inputs of these forms', () => {
  it.each(['pan-csv', 'zia-nss-json', 'checkpoint-cef'])('%s: every generated record is sniffed, parsed and valid ASIM, without --source', async (name) => {
    const file = join(dir, `${name}.log`);
    await GENERATORS[name]!.write(file, 2_000);
    const r = await asim(['normalize', '--validate', '--out', '/dev/null', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(accounting(r.stderr)).toMatchObject({ read: 2_000, parsed: 2_000, rejected: 0 });
  });
});
