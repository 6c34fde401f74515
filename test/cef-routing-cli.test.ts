import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';

/**
 * Raw CEF/syslog lines and CommonSecurityLog exports mixing vendors are split row by row among the
 * enabled CEF plugins (the shared `cef-syslog` codec decodes each line once, each plugin's
 * `claimsRow` takes its own), without `--source`. Unclaimed rows are skipped and named.
 */

interface PluginInfo {
  id: string;
  vendor: string;
  product: string;
}

const fixture = (plugin: string, name: string, line: number): string =>
  readFileSync(join(ROOT, 'plugins', plugin, 'test/fixtures', name), 'utf8').split('\n')[line - 1]!;

/** One input line and who should take it: a plugin id, or the skip/reject reason. */
interface Case {
  line: string;
  plugin?: string;
  skipped?: string;
  rejected?: string;
}

const ACME = '<134>Jul 16 10:40:00 acme-gw CEF:0|Acme|Widget|1.0|100|Flow|3|src=10.9.9.9 dst=10.8.8.8 spt=1 dpt=2 proto=TCP';
const CASES: Case[] = [
  { line: fixture('palo-alto-cef', 'documented-cef-traffic.log', 1), plugin: 'palo-alto-cef' },
  { line: fixture('zscaler-zia', 'documented-variant1.log', 1), plugin: 'zscaler-zia' },
  { line: '<134>Apr 17 07:34:02 cp-logserver CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Reject deviceDirection=1 rt=1713339242000 spt=51234 dpt=443 src=10.1.2.3 dst=203.0.113.80 proto=6 origin=10.120.63.36', plugin: 'checkpoint' },
  { line: 'Dec 27 11:07:55 FGT-A-LOG CEF: 0|Fortinet|Fortigate|v6.0.3|00013|traffic:forward close|3|deviceExternalId=FGT5HD3915800610 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward FTNTFGTvd=vdom1 FTNTFGTeventtime=1545937675 src=10.1.100.11 spt=54190 deviceInboundInterface=port12 dst=52.53.140.235 dpt=443 deviceOutboundInterface=port11 proto=6 act=close FTNTFGTpolicyid=1 out=1850 in=3720 FTNTFGTsentpkt=8 FTNTFGTrcvdpkt=7', plugin: 'fortinet-fortigate' },
  { line: fixture('palo-alto-cef', 'documented-cef-traffic.log', 8), skipped: 'not TRAFFIC: PAN-OS THREAT log' },
  { line: ACME, skipped: 'no enabled parser for DeviceVendor/DeviceProduct Acme/Widget' },
  { line: fixture('zscaler-zia', 'documented-variant1.log', 10), skipped: 'no enabled parser for DeviceVendor/DeviceProduct Zscaler/NSSWeblog' },
  { line: '<14>Jul 16 10:36:11 PA-LAB-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2', rejected: 'cef-header' },
  { line: fixture('palo-alto-cef', 'documented-cef-traffic.log', 2), plugin: 'palo-alto-cef' },
  { line: fixture('zscaler-zia', 'documented-variant1.log', 4), plugin: 'zscaler-zia' },
];

let plugins: Map<string, PluginInfo>;
let dir: string;

beforeAll(async () => {
  const r = await asim(['plugins', '--json']);
  plugins = new Map((JSON.parse(r.stdout) as PluginInfo[]).map((p) => [p.id, p]));
  dir = tempDir();
});

/** What a case yields when `disabled` plugins are off: its plugin's vendor/product, or a skip. */
function expectation(c: Case, disabled: readonly string[] = []): Case {
  if (!c.plugin) return c;
  if (plugins.has(c.plugin) && !disabled.includes(c.plugin)) return c;
  const header = c.line.slice(c.line.indexOf('CEF:')).split('|');
  return { line: c.line, skipped: `no enabled parser for DeviceVendor/DeviceProduct ${header[1]}/${header[2]}` };
}

/** Parses `asim: read N / parsed N / skipped N (...) / rejected N (...) / emitted N`. */
function accounting(stderr: string): { read: number; parsed: number; skipped: number; rejected: number; emitted: number; text: string } {
  const m = /read (\d+) \/ parsed (\d+) \/ skipped (\d+)(?: \([^)]*\))? \/ rejected (\d+)(?: \([^)]*\))? \/ emitted (\d+)/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  const [, read, parsed, skipped, rejected, emitted] = m!.map(Number);
  return { read: read!, parsed: parsed!, skipped: skipped!, rejected: rejected!, emitted: emitted!, text: m![0] };
}

function counts(list: (string | undefined)[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of list) if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

async function checkRawRouting(disabled: readonly string[], flags: readonly string[] = []): Promise<void> {
  const name = `mixed-${disabled.join('-') || 'all'}${flags.length ? '-flags' : ''}`;
  const input = join(dir, `${name}.log`);
  writeFileSync(input, CASES.map((c) => c.line).join('\n') + '\n');
  const out = join(dir, `${name}.jsonl`);
  const args = [...(disabled.length ? ['--disable', disabled.join(',')] : []), 'normalize', ...flags, '--lineage', '--out', out, input];
  const r = await asim(args);
  expect(r.code, r.stderr).toBe(0);
  const expected = CASES.map((c) => expectation(c, disabled));

  // every record comes from the line its plugin claims, and says so in EventVendor/EventProduct
  const recs = jsonl(readFileSync(out, 'utf8'));
  const byLine = new Map(recs.map((rec) => [(rec._Lineage as { line: number }).line, rec]));
  expected.forEach((c, i) => {
    const rec = byLine.get(i + 1);
    if (c.plugin) {
      const p = plugins.get(c.plugin)!;
      expect(rec, `line ${i + 1} should be parsed by ${c.plugin}`).toBeDefined();
      expect([rec!.EventVendor, rec!.EventProduct], `line ${i + 1}`).toEqual([p.vendor, p.product]);
    } else expect(rec, `line ${i + 1} should yield no record`).toBeUndefined();
  });
  expect(recs).toHaveLength(expected.filter((c) => c.plugin).length);

  // the accounting adds up, with every skip and reject under its reason
  const acc = accounting(r.stderr);
  expect(acc.read).toBe(CASES.length);
  expect(acc.read).toBe(acc.parsed + acc.skipped + acc.rejected);
  expect(acc.parsed).toBe(recs.length);
  expect(acc.emitted).toBe(recs.length);
  for (const [reason, n] of counts(expected.map((c) => c.skipped))) expect(acc.text).toContain(`${reason} ${n}`);
  for (const [reason, n] of counts(expected.map((c) => c.rejected))) expect(acc.text).toContain(`${reason} ${n}`);
  expect(acc.rejected).toBe(expected.filter((c) => c.rejected).length);

  const v = await asim(['validate', out]);
  expect(v.code, v.stdout).toBe(0);
  expect(v.stdout).toContain(`${recs.length} records: ${recs.length} valid, 0 invalid`);
}

describe('CEF routing without --source', () => {
  it('the CEF plugins this test relies on are discovered', () => {
    expect(plugins.has('palo-alto-cef')).toBe(true);
    expect(plugins.has('zscaler-zia')).toBe(true);
  });

  it('a raw syslog file mixing vendors: each line goes to its plugin, the rest is skipped or rejected with a reason', async () => {
    await checkRawRouting([]);
  });

  it('--table CommonSecurityLog routes a raw syslog file the same way', async () => {
    await checkRawRouting([], ['--table', 'CommonSecurityLog']);
  });

  it('disabling a plugin leaves its lines unclaimed, named by vendor/product', async () => {
    await checkRawRouting(['zscaler-zia']);
  });

  it('with --source, lines of other vendors are skipped as not that plugin\'s', async () => {
    const input = join(dir, 'mixed-source.log');
    writeFileSync(input, CASES.map((c) => c.line).join('\n') + '\n');
    const r = await asim(['normalize', '--source', 'palo-alto-cef', input]);
    expect(r.code, r.stderr).toBe(0);
    const recs = jsonl(r.stdout);
    expect(recs.map((x) => x.EventProduct)).toEqual(['PanOS', 'PanOS']);
    const acc = accounting(r.stderr);
    expect(acc.read).toBe(acc.parsed + acc.skipped + acc.rejected);
    expect(acc.text).toContain(`not a palo-alto-cef row ${CASES.filter((c) => !c.line.includes('Palo Alto Networks')).length}`);
  });

  it('a CommonSecurityLog CSV export with several vendors is split the same way', async () => {
    const columns = ['TimeGenerated [UTC]', 'DeviceVendor', 'DeviceProduct', 'DeviceVersion', 'DeviceEventClassID', 'Activity', 'LogSeverity', 'DeviceAction', 'SourceIP', 'DestinationIP', 'SourcePort', 'DestinationPort', 'Protocol', 'Computer', 'DeviceName', 'AdditionalExtensions', 'Type'];
    const row = (values: Record<string, string>) => columns.map((c) => JSON.stringify(values[c.replace(' [UTC]', '')] ?? '')).join(',');
    const common = { TimeGenerated: '7/16/2025, 10:40:00.000 AM', SourceIP: '10.0.0.1', DestinationIP: '10.0.0.2', SourcePort: '40000', DestinationPort: '443', Type: 'CommonSecurityLog' };
    const rows: [Record<string, string>, string | undefined][] = [
      [{ ...common, DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'PAN-OS', DeviceEventClassID: 'end', Activity: 'TRAFFIC', DeviceAction: 'allow', Protocol: 'tcp', DeviceName: 'PA-LAB-01' }, 'palo-alto-cef'],
      [{ ...common, DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog', DeviceEventClassID: 'Allow', Activity: 'Allow_HTTPS', DeviceAction: 'Allow', Protocol: 'TCP', Computer: 'zscaler-nss-fw' }, 'zscaler-zia'],
      [{ ...common, DeviceVendor: 'Check Point', DeviceProduct: 'VPN-1 & FireWall-1', DeviceEventClassID: 'Log', Activity: 'https', DeviceAction: 'Accept', Protocol: '6', Computer: 'cp-logserver', AdditionalExtensions: 'origin=10.120.63.36' }, 'checkpoint'],
      [{ ...common, DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate', DeviceVersion: 'v6.4.7', DeviceEventClassID: '00013', Activity: 'traffic:forward close', DeviceAction: 'close', Protocol: '6', Computer: 'FGT-A-LOG', AdditionalExtensions: 'FTNTFGTsubtype=forward;cat=traffic:forward' }, 'fortinet-fortigate'],
      [{ ...common, DeviceVendor: 'Acme', DeviceProduct: 'Widget', Activity: 'Flow' }, undefined],
      [{ ...common, DeviceVendor: 'Zscaler', DeviceProduct: 'NSSWeblog', Activity: 'Allowed' }, undefined],
      [{ ...common, DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'PAN-OS', DeviceEventClassID: 'url', Activity: 'THREAT' }, undefined],
    ];
    const csv = join(dir, 'commonsecuritylog.csv');
    writeFileSync(csv, [columns.join(','), ...rows.map(([values]) => row(values))].join('\r\n') + '\r\n');
    const out = join(dir, 'commonsecuritylog.jsonl');
    const r = await asim(['normalize', '--lineage', '--out', out, csv]);
    expect(r.code, r.stderr).toBe(0);

    const recs = jsonl(readFileSync(out, 'utf8'));
    const byLine = new Map(recs.map((rec) => [(rec._Lineage as { line: number }).line, rec]));
    const expectedSkips: string[] = [];
    rows.forEach(([values, plugin], i) => {
      const line = i + 2; // after the header
      const p = plugin === undefined ? undefined : plugins.get(plugin);
      if (p) expect([byLine.get(line)?.EventVendor, byLine.get(line)?.EventProduct], `CSV line ${line}`).toEqual([p.vendor, p.product]);
      else {
        expect(byLine.get(line), `CSV line ${line}`).toBeUndefined();
        expectedSkips.push(values.Activity === 'THREAT' ? 'not TRAFFIC: PAN-OS THREAT log' : `no enabled parser for DeviceVendor/DeviceProduct ${values.DeviceVendor}/${values.DeviceProduct}`);
      }
    });
    const acc = accounting(r.stderr);
    expect(acc.read).toBe(rows.length);
    expect(acc.read).toBe(acc.parsed + acc.skipped + acc.rejected);
    expect(acc.parsed).toBe(recs.length);
    expect(acc.skipped).toBe(expectedSkips.length);
    for (const [reason, n] of counts(expectedSkips)) expect(acc.text).toContain(`${reason} ${n}`);

    const v = await asim(['validate', out]);
    expect(v.code, v.stdout).toBe(0);
  });
});
