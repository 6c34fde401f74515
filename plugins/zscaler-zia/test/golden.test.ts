import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cefSyslogCodec, normalizeJsonRow, Skip, type CommonSecurityLogRow, type JsonObject, type TableRow } from '@asimkit/sdk';
import { runParserOnFile } from '@asimkit/sdk/testkit';
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { ZscalerZiaParser } from '../src/parser.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new ZscalerZiaParser();

describeGoldenFixtures(parser, fixtures);

const records = (name: string, options: Record<string, string> = {}) =>
  runParserOnFile(parser, `${fixtures}/${name}`, options).filter((o): o is Record<string, unknown> => !('_skipped' in o) && !('_rejected' in o));
const ctx = (options: Record<string, unknown>) => ({ options: { msBytes: false, ...options }, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2025-08-01T00:00:00.000Z' });

describe('zscaler-zia: decisions (see README)', () => {
  it('claims NSSFWlog only: web proxy rows and other vendors (the real Sentinel sample) are not claimed', () => {
    expect(runParserOnFile(parser, `${fixtures}/real-sentinel-cef-zscaler.json`)).toEqual([
      { _skipped: { line: 1, reason: 'not a zscaler-zia row' } },
      { _skipped: { line: 2, reason: 'not a zscaler-zia row' } },
    ]);
    expect(parser.claimsRow({ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Zscaler', DeviceProduct: 'nssfwlog' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate' })).toBe(false);
  });

  it('duplicate cs5 (template variant 1): the raw form recovers the threat category the second pair overwrote', () => {
    const ips = records('documented-variant1.log')[3]!;
    expect(ips).toMatchObject({ ThreatName: 'Win32.Backdoor.Meterpreter', ThreatCategory: 'Botnet Callback', EventSeverity: 'Medium', DvcAction: 'Drop' });
    expect(ips.AdditionalFields).toMatchObject({ IpCategory: 'Malicious Sites' });
    // a stored row kept only the last pair (ipCat): no threat category, as Microsoft's table has it
    const stored = records('table-portal-export.csv')[1]!;
    expect(stored).not.toHaveProperty('ThreatCategory');
    // template variant 2 sends the threat category in `cat`
    expect(records('documented-variant2-timezone.log', { timezone: 'Europe/Berlin' })[1]).toMatchObject({ ThreatCategory: 'Botnet Callback' });
  });

  it('bytes: SrcBytes = inbytes (CEF in); msBytes=true reproduces Microsoft (SrcBytes = outbytes)', () => {
    const line = readFileSync(`${fixtures}/documented-variant1.log`, 'utf8').split('\n')[0]!;
    const map = (options: Record<string, unknown>) => {
      const rows: CommonSecurityLogRow[] = [];
      parser.createDecoder(ctx(options)).decode(line, { row: (r) => rows.push(r), skip() {} });
      return parser.map(rows[0]!, ctx(options));
    };
    expect(map({})).toMatchObject({ SrcBytes: 1734, DstBytes: 19052, NetworkBytes: 20786 });
    expect(map({ msBytes: true })).toMatchObject({ SrcBytes: 19052, DstBytes: 1734, NetworkBytes: 20786 });
  });

  it('SrcNatIpAddr is the Zscaler egress address (ssip); the tunnel source (tsip) goes to AdditionalFields', () => {
    const [first] = records('documented-variant1.log');
    expect(first).toMatchObject({ SrcNatIpAddr: '198.51.100.21', SrcNatPortNumber: 30123, AdditionalFields: { TunnelSrcIpAddr: '192.0.2.10', TunnelSrcPortNumber: 51514 } });
  });

  it('actions: Allow due to insufficient app data is a Success; unknown actions have no DvcAction and fail', () => {
    const recs = records('documented-variant1.log');
    expect(recs.map((r) => [r.DvcOriginalAction, r.DvcAction ?? '', r.EventResult])).toEqual([
      ['Allow', 'Allow', 'Success'],
      ['Block/Drop', 'Drop', 'Failure'],
      ['Block/ICMP', 'Drop ICMP', 'Failure'],
      ['IPS Drop', 'Drop', 'Failure'],
      ['Allow due to insufficient app data', 'Allow', 'Success'],
      ['Allow', 'Allow', 'Success'],
      ['Block/Reset', 'Reset', 'Failure'],
      ['IPS Reset', 'Reset', 'Failure'],
      ['Quarantine', '', 'Failure'],
    ]);
  });

  it('an aggregated record is a Flow counting numsessions; the location as user is no user', () => {
    const agg = records('documented-variant1.log')[5]!;
    expect(agg).toMatchObject({ EventType: 'Flow', EventCount: 5, AdditionalFields: { SrcUserLocation: 'HQ Berlin', Aggregated: 'Yes' } });
    expect(agg).not.toHaveProperty('SrcUsername');
    expect(agg).not.toHaveProperty('User');
  });

  it('time: rt in the configured zone, its year from the row time; Cloud NSS epochtime; header time when neither', () => {
    const [allow, ips, gre] = records('documented-variant2-timezone.log', { timezone: 'Europe/Berlin' });
    expect(allow).toMatchObject({ TimeGenerated: '1999-07-16T10:32:04.000Z', EventEndTime: '1999-07-16T10:32:04.000Z', EventStartTime: '1999-07-16T10:32:02.500Z' });
    expect(ips!.TimeGenerated).toBe('1999-01-16T11:39:59.000Z'); // CET in January
    expect(gre!.TimeGenerated).toBe('1999-07-16T10:33:00.000Z');
    expect(records('table-cloud-nss.json')[0]!.TimeGenerated).toBe('2025-07-16T10:32:04.000Z'); // epochtime 1752661924
    expect(records('table-portal-export.csv')[0]!.TimeGenerated).toBe('2025-07-16T10:32:04.000Z'); // rt, year of TimeGenerated
  });

  it('a zone set on the codec (--opt cef-syslog.timezone) also applies to rt when the plugin has none', () => {
    const line = readFileSync(`${fixtures}/documented-variant2-timezone.log`, 'utf8').split('\n')[0]!;
    const rows: TableRow[] = [];
    cefSyslogCodec.createDecoder({ ...ctx({}), options: { timezone: 'Europe/Berlin' } }).decode(line, { row: (r) => rows.push(r), skip() {} });
    const rec = parser.map(parser.fromTableRow(rows[0]!) as CommonSecurityLogRow, ctx({}));
    expect(rec).toMatchObject({ TimeGenerated: '2025-07-16T10:32:04.000Z' });
  });

  it('NSS sentinels (None/NA) and 0.0.0.0 placeholders are no value', () => {
    const insufficient = records('documented-variant1.log')[4]!;
    expect(insufficient).not.toHaveProperty('DstAppName');
    expect(insufficient).not.toHaveProperty('ThreatName');
    expect(insufficient).not.toHaveProperty('ThreatCategory');
    const ccp = records('table-cloud-nss.json')[1]!;
    expect(ccp.AdditionalFields).not.toHaveProperty('TunnelSrcIpAddr');
  });

  it('sniffs table rows and the feed\'s JSON records; raw CEF lines are the codec\'s', () => {
    const lines = readFileSync(`${fixtures}/documented-variant1.log`, 'utf8').split('\n');
    expect(parser.sniff({ lines })).toBe(0);
    expect(cefSyslogCodec.sniff({ lines })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSWeblog' }] })).toBe(0);
  });
});

/** The JSON objects of a fixture, one per line (NDJSON) or the elements of a JSON array. */
function jsonObjects(name: string): JsonObject[] {
  const text = readFileSync(`${fixtures}/${name}`, 'utf8');
  if (text.trimStart().startsWith('[')) return JSON.parse(text) as JsonObject[];
  return text.split('\n').flatMap((l) => {
    try {
      const v = JSON.parse(l) as unknown;
      return typeof v === 'object' && v !== null ? [v as JsonObject] : [];
    } catch {
      return [];
    }
  });
}

/** One JSON record through the plugin's raw decoder and mapping: the record, or the skip reason. */
function fromJson(record: JsonObject, options: Record<string, unknown> = {}): Record<string, unknown> | string {
  const rows: CommonSecurityLogRow[] = [];
  let skipped = '';
  parser.createDecoder(ctx(options)).decodeRecord!(record, { row: (r) => rows.push(r), skip: (r) => void (skipped = r) });
  if (rows.length === 0) return skipped;
  const rec = parser.map(rows[0]!, ctx(options));
  return rec instanceof Skip ? rec.reason : (rec as unknown as Record<string, unknown>);
}

describe('zscaler-zia: the NSS feed in JSON (spec §2.4) and the Cloud NSS JSON records (§2.3)', () => {
  it('an NSS JSON record maps like the same record in the CEF feed', () => {
    const cefLine = readFileSync(`${fixtures}/documented-variant2-timezone.log`, 'utf8').split('\n')[0]!;
    const rows: CommonSecurityLogRow[] = [];
    parser.createDecoder(ctx({})).decode(cefLine, { row: (r) => rows.push(r), skip() {} });
    const cef = parser.map(rows[0]!, ctx({})) as unknown as Record<string, unknown>;
    const record = jsonObjects('documented-nss-json.log')[1]!;
    // the same session as the CEF line (its time read as UTC here, its ssport), without the device fields the CEF line lacks
    const event: JsonObject = { ...(record.event as JsonObject), datetime: 'Wed Jul 16 12:32:04 2025', ssport: '31000' };
    delete event.deviceowner;
    delete event.devicehostname;
    const json = fromJson({ ...record, event }) as Record<string, unknown>;
    // what only the CEF feed carries: the syslog host, the template's severity and version
    const { Dvc, DvcHostname, EventOriginalSeverity, EventProductVersion, ...shared } = cef;
    expect([Dvc, DvcHostname, EventOriginalSeverity, EventProductVersion]).toEqual(['zscaler-nss-fw', 'zscaler-nss-fw', '3', '5.7']);
    expect(json).toEqual({ ...shared, Dvc: 'ZIA Firewall' });
  });

  it('Elastic-style and SEKOIA-style field names, wrapped or bare, with URL-encoded values decoded', () => {
    const [elastic, , sekoia, bare] = records('documented-nss-json.log');
    expect(elastic).toMatchObject({ NetworkRuleName: 'Access Blocked', DvcAction: 'Drop', AdditionalFields: { SrcUserLocation: 'TestLoc DB' } });
    expect(elastic).not.toHaveProperty('SrcIpAddr'); // 0.0.0.0 is Zscaler's "none"
    expect(sekoia).toMatchObject({ SrcIpAddr: '10.1.9.9', SrcPortNumber: 49152, DstIpAddr: '192.0.2.200', DstPortNumber: 4444, SrcUsername: 'mallory@corp.example', SrcNatIpAddr: '198.51.100.22', ThreatCategory: 'Botnet Callback' });
    expect(bare).toMatchObject({ EventType: 'Flow', EventCount: 5, DstPortNumber: 123 });
    expect(bare).not.toHaveProperty('SrcUsername'); // the location as user: unauthenticated traffic
  });

  it('the NSS time is read in the feed\'s zone (timezone option)', () => {
    const record = jsonObjects('documented-nss-json.log')[1]!;
    expect(fromJson(record)).toMatchObject({ TimeGenerated: '2025-07-16T10:32:04.000Z' });
    expect(fromJson(record, { timezone: 'Europe/Berlin' })).toMatchObject({ TimeGenerated: '2025-07-16T08:32:04.000Z' });
  });

  it('web, DNS and tunnel feeds are skipped as what they are; a record of no Zscaler shape is rejected', () => {
    expect(fromJson({ sourcetype: 'zscalernss-dns', event: { datetime: 'Wed Jul 16 10:36:10 2025' } })).toBe('not a ZIA firewall record (NSS feed zscalernss-dns)');
    expect(() => fromJson({ vendorName: 'Zscaler' })).toThrow(/neither a Zscaler NSS JSON record/);
  });

  it('a Cloud NSS record read raw gives what the row its DCR writes gives', () => {
    const raw = runParserOnFile(parser, `${fixtures}/raw-cloud-nss.json`);
    const table = runParserOnFile(parser, `${fixtures}/table-cloud-nss.json`);
    expect(raw.slice(0, 3)).toEqual(table.slice(0, 3));
    expect(raw[4]).toMatchObject({ _rejected: { reason: 'bad-value' } });
  });

  it('Cloud NSS keys the DCR does not declare are kept in AdditionalExtensions, not dropped', () => {
    const rows: CommonSecurityLogRow[] = [];
    parser.createDecoder(ctx({})).decodeRecord!({ ...jsonObjects('raw-cloud-nss.json')[0]!, nwsvc_category: 'Web' }, { row: (r) => rows.push(r), skip() {} });
    expect(rows[0]!.AdditionalExtensions).toMatch(/;zpa_app_seg_name=;nwsvc_category=Web$/);
  });

  it('sniffs JSON records of either feed as records, and CommonSecurityLog exports as rows', () => {
    for (const name of ['documented-nss-json.log', 'raw-cloud-nss.json']) {
      const objects = jsonObjects(name);
      expect(parser.sniff({ records: objects }), name).toBeGreaterThanOrEqual(0.5);
      expect(parser.sniff({ rows: objects.map(normalizeJsonRow) }), name).toBe(0);
    }
    const exported = jsonObjects('table-cloud-nss.json');
    expect(parser.sniff({ records: exported })).toBe(0);
    expect(parser.sniff({ rows: exported.map(normalizeJsonRow) })).toBeGreaterThanOrEqual(0.5);
  });

  it('claims JSON text lines of the feeds for per-line routing (a shipper\'s archive of the JSON feed), nothing else', () => {
    const lines = readFileSync(`${fixtures}/documented-nss-json.log`, 'utf8').split('\n');
    expect(lines.slice(0, 8).map((l) => parser.claimsLine(l))).toEqual(Array(8).fill(true)); // the web feed's record too: skipped as such
    expect(parser.claimsLine(lines[8]!)).toBe(false); // no Zscaler shape
    const cloud = JSON.stringify(jsonObjects('raw-cloud-nss.json')[0]);
    expect(parser.claimsLine(cloud)).toBe(true);
    expect(parser.claimsLine(readFileSync(`${fixtures}/documented-variant1.log`, 'utf8').split('\n')[0]!)).toBe(false); // CEF: the codec's
    expect(parser.claimsLine('{"@timestamp":"2025-07-16T10:40:00Z","message":"hello"}')).toBe(false);
    expect(parser.sniff({ lines: lines.slice(0, 6) })).toBeGreaterThanOrEqual(0.5);
  });

  it('a JSON text line under --source goes to the JSON decoder', () => {
    const line = readFileSync(`${fixtures}/documented-nss-json.log`, 'utf8').split('\n')[1]!;
    const rows: CommonSecurityLogRow[] = [];
    parser.createDecoder(ctx({})).decode(line, { row: (r) => rows.push(r), skip() {} });
    expect(rows[0]).toMatchObject({ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog', SourceIP: '10.1.2.3', DeviceAction: 'Allow' });
  });
});
