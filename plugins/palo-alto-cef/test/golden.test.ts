import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cefSyslogCodec, type CommonSecurityLogRow, type TableRow } from '@asimkit/sdk';
import { runParserOnFile, type Outcome } from '@asimkit/sdk/testkit';
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { PaloAltoCefParser } from '../src/parser.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new PaloAltoCefParser();
const ctx = { options: { msBytes: false }, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2000-01-01T00:00:00.000Z' };

describeGoldenFixtures(parser, fixtures);

const records = (name: string, options: Record<string, string> = {}) =>
  runParserOnFile(parser, `${fixtures}/${name}`, options).filter((o): o is Record<string, unknown> => !('_skipped' in o) && !('_rejected' in o));
const outcomes = (name: string): Outcome[] => runParserOnFile(parser, `${fixtures}/${name}`);

describe('palo-alto-cef: one mapping for both raw forms and the table form', () => {
  it('the real metron PAN-OS CSV file: 49 TRAFFIC sessions, 50 THREAT skipped, the damaged line rejected', () => {
    const all = outcomes('real-metron-panos-csv.log');
    expect(all).toHaveLength(100);
    expect(all.filter((o) => 'EventType' in o)).toHaveLength(49);
    expect(all.filter((o) => '_skipped' in o).map((o) => (o as { _skipped: { reason: string } })._skipped.reason)).toEqual(Array(50).fill('not TRAFFIC: PAN-OS THREAT log'));
    // the anonymiser turned one destination address into "23.200,10,217"
    expect(all.filter((o) => '_rejected' in o)).toEqual([{ _rejected: { line: 88, reason: 'bad-value', detail: 'field 8 (dst) "23.200" is not an IP address' } }]);
  });

  it('a native CSV line and its CEF rendering give the same ASIM record', () => {
    const csv = '<14>Jan  5 12:51:34 PAN1 1,2015/01/05 12:51:33,0011C103117,TRAFFIC,end,1,2015/01/05 12:51:33,10.0.0.53,10.1.0.174,0.0.0.0,0.0.0.0,EX-EasyAV2,,,mssql-db,vsys1,v_dmz-internal,v_dmz-external,ethernet1/4,ethernet1/3,LOG-Default,2015/01/05 12:51:33,34103936,1,54270,40004,0,0,0x401c,tcp,allow,5385,3299,2086,26,2015/01/05 12:51:01,30,any,0,17754932047,0x0,10.0.0.0-10.255.255.255,10.0.0.0-10.255.255.255,0,11,15,tcp-fin';
    const cef =
      '<14>Jan  5 12:51:34 PAN1 CEF:0|Palo Alto Networks|PAN-OS||end|TRAFFIC||rt=Jan 05 2015 12:51:33 GMT deviceExternalId=0011C103117 src=10.0.0.53 dst=10.1.0.174 sourceTranslatedAddress=0.0.0.0 destinationTranslatedAddress=0.0.0.0 cs1Label=Rule cs1=EX-EasyAV2 suser= duser= app=mssql-db cs3Label=Virtual System cs3=vsys1 cs4Label=Source Zone cs4=v_dmz-internal cs5Label=Destination Zone cs5=v_dmz-external deviceInboundInterface=ethernet1/4 deviceOutboundInterface=ethernet1/3 cs6Label=LogProfile cs6=LOG-Default cn1Label=SessionID cn1=34103936 cnt=1 spt=54270 dpt=40004 sourceTranslatedPort=0 destinationTranslatedPort=0 flexString1Label=Flags flexString1=0x401c proto=tcp act=allow flexNumber1Label=Total bytes flexNumber1=5385 in=3299 out=2086 cn2Label=Packets cn2=26 PanOSPacketsReceived=15 PanOSPacketsSent=11 start=Jan 05 2015 12:51:33 GMT cn3Label=Elapsed time in seconds cn3=30 cs2Label=URL Category cs2=any externalId=17754932047 reason=tcp-fin';
    const decode = (line: string) => {
      const rows: CommonSecurityLogRow[] = [];
      parser.createDecoder(ctx).decode(line, { row: (r) => rows.push(r), skip: (s) => rows.push({ Message: `skip ${s}` }) });
      expect(rows).toHaveLength(1);
      return parser.map(rows[0]!, ctx) as unknown as Record<string, unknown>;
    };
    const fromCsv = decode(csv);
    const fromCef = decode(cef);
    // the CSV form knows the session's own start time (field 35); the CEF template does not carry it
    expect(fromCsv.EventStartTime).toBe('2015-01-05T12:51:01.000Z');
    expect(fromCef.EventStartTime).toBe('2015-01-05T12:51:03.000Z');
    delete fromCsv.EventStartTime;
    delete fromCef.EventStartTime;
    expect(fromCef).toEqual(fromCsv);
  });

  it('a raw CEF line and the same row exported from Sentinel give the same ASIM record', () => {
    const line = readFileSync(`${fixtures}/documented-cef-traffic.log`, 'utf8').split('\n')[0]!;
    const rows: TableRow[] = [];
    cefSyslogCodec.createDecoder({ ...ctx, options: {} }).decode(line, { row: (r) => rows.push(r), skip() {} });
    // what an export of that row looks like: every value a string, our extras gone
    const exported: TableRow = {};
    for (const [k, v] of Object.entries(rows[0]!)) if (!k.startsWith('__') && k !== 'AdditionalExtensionsKV') exported[k] = String(v);
    const viaCodec = parser.map(parser.fromTableRow(rows[0]!) as CommonSecurityLogRow, ctx);
    const viaExport = parser.map(parser.fromTableRow(exported) as CommonSecurityLogRow, ctx);
    expect(viaExport).toEqual(viaCodec);
  });
});

describe('palo-alto-cef: decisions (see README)', () => {
  it('bytes: SrcBytes is what the client sent (CEF in = bytes_sent); msBytes=true reproduces Microsoft', () => {
    const [ours] = records('documented-cef-traffic.log');
    const [ms] = records('documented-cef-ms-bytes.log', { msBytes: 'true' });
    expect(ours).toMatchObject({ SrcBytes: 61325, DstBytes: 8421, NetworkBytes: 69746, SrcPackets: 64, DstPackets: 58, NetworkPackets: 122 });
    expect(ms).toMatchObject({ SrcBytes: 8421, DstBytes: 61325, NetworkBytes: 69746, SrcPackets: 64, DstPackets: 58 });
  });

  it('time: TimeGenerated/EventEndTime = the log time (start = time_generated), EventStartTime = end − elapsed', () => {
    const [first] = records('documented-cef-traffic.log');
    expect(first).toMatchObject({ TimeGenerated: '2025-07-16T10:32:03.000Z', EventEndTime: '2025-07-16T10:32:03.000Z', EventStartTime: '2025-07-16T10:31:51.000Z', NetworkDuration: 12000 });
  });

  it('an unexpanded template placeholder is no time: rt stands in', () => {
    const third = records('documented-cef-traffic.log')[2]!;
    expect(third).toMatchObject({ TimeGenerated: '2024-05-08T08:10:31.000Z', EventStartTime: '2024-05-08T08:10:31.000Z' });
  });

  it('NAT placeholders 0.0.0.0 / :: and port 0 without a NAT address are no NAT', () => {
    const [first, , third, fourth] = records('documented-cef-traffic.log');
    expect(first).toMatchObject({ SrcNatIpAddr: '198.51.100.7', SrcNatPortNumber: 40112 });
    expect(first).not.toHaveProperty('DstNatIpAddr');
    expect(first).not.toHaveProperty('DstNatPortNumber');
    for (const r of [third, fourth]) for (const f of ['SrcNatIpAddr', 'DstNatIpAddr', 'SrcNatPortNumber', 'DstNatPortNumber']) expect(r).not.toHaveProperty(f);
  });

  it('actions, subtypes and end reasons map per the tables; hyphenated and spaced actions alike', () => {
    const recs = records('documented-cef-traffic.log');
    expect(recs.map((r) => [r.DvcAction, r.EventResult, r.EventSeverity, r.EventSubType ?? '', r.EventResultDetails ?? ''])).toEqual([
      ['Allow', 'Success', 'Informational', 'End', ''],
      ['Deny', 'Failure', 'Low', '', 'Terminated'],
      ['Allow', 'Success', 'Informational', 'End', 'Timeout'],
      ['Allow', 'Success', 'Informational', 'Start', 'NA'],
      ['Drop ICMP', 'Failure', 'Low', '', 'Terminated'],
      ['Reset Destination', 'Failure', 'Low', 'End', 'Reset'],
      ['Reset', 'Failure', 'Low', 'End', 'Terminated'],
      ['Allow', 'Success', 'Informational', 'End', ''],
    ]);
  });

  it('labels are checked: a custom cs1 label is not a rule name, a custom zone label is not a zone', () => {
    const seventh = records('documented-cef-traffic.log')[6]!;
    expect(seventh).not.toHaveProperty('NetworkRuleName');
    expect(seventh).not.toHaveProperty('SrcZone');
    expect(seventh).toMatchObject({ DstZone: 'untrust', SrcPackets: 7, DstPackets: 9, NetworkPackets: 16 });
  });

  it('usernames get their type: Windows, UPN, Simple, DN', () => {
    const recs = records('documented-cef-traffic.log');
    expect([recs[0]!.SrcUsernameType, recs[3]!.SrcUsernameType, recs[6]!.SrcUsernameType, recs[7]!.DstUsernameType]).toEqual(['Windows', 'UPN', 'Simple', 'DN']);
  });

  it('protocols become IANA keywords (numbers too), IP version from the address', () => {
    const recs = records('documented-cef-traffic.log');
    expect(recs.map((r) => r.NetworkProtocol)).toEqual(['TCP', 'TCP', 'UDP', 'TCP', 'ICMP', 'TCP', 'TCP', 'TCP']);
    expect(recs[3]).toMatchObject({ NetworkProtocolVersion: 'IPv6', SrcIpAddr: '2001:db8:10::5' });
  });

  it('zone-less PAN-OS CSV times follow the timezone option (DST included)', () => {
    const [nov, jul] = records('documented-native-csv-timezone.log', { timezone: 'America/New_York' });
    expect(nov!.TimeGenerated).toBe('2018-11-30T21:09:07.000Z');
    expect(jul!.TimeGenerated).toBe('2018-07-30T20:09:07.000Z');
  });

  it('PAN-OS 10 CSV: braces keep the commas of Link Switches, quotes the commas of a category', () => {
    const second = records('documented-native-csv.log')[1]!;
    expect(second).toMatchObject({ AdditionalFields: { UrlCategory: 'business,and-economy' }, DvcFQDN: 'PA-3220.branch.example', EventResultDetails: 'Reset' });
    expect(second.AdditionalFields).toMatchObject({ PanOSPolicyID: '12' });
  });

  it('sniffs native PAN-OS lines and PAN-OS table rows; leaves CEF lines to the codec', () => {
    const csvLines = readFileSync(`${fixtures}/real-metron-panos-csv.log`, 'utf8').split('\n').slice(0, 20);
    expect(parser.sniff({ lines: csvLines })).toBeGreaterThanOrEqual(0.5);
    const cefLines = readFileSync(`${fixtures}/documented-cef-traffic.log`, 'utf8').split('\n');
    expect(parser.sniff({ lines: cefLines })).toBe(0);
    expect(cefSyslogCodec.sniff({ lines: cefLines })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK'] })).toBe(0);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'PAN-OS' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog' }] })).toBe(0);
  });

  it('claims PAN-OS rows (product case-insensitively), not Cortex Data Lake LF rows or other vendors', () => {
    expect(parser.claimsRow({ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'PAN-OS' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'Pan-Os' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'LF' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'palo alto networks', DeviceProduct: 'PAN-OS' })).toBe(false);
  });

  it('a bad timezone option is a configuration error naming the zone', () => {
    const r = parser.optionsSchema.safeParse({ timezone: 'Europe/Atlantis' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('Europe/Atlantis');
    expect(parser.optionsSchema.safeParse({ msBytes: 'yes' }).success).toBe(false);
  });
});

describe('palo-alto-cef: PAN-OS CSV TRAFFIC in every release\'s layout (documented-native-csv-versions.log)', () => {
  /** [last field, release that added it] per line, in file order. */
  const LAYOUTS = [
    [45, '6.1'], [52, '7.0'], [53, '7.1'], [60, '8.0'], [64, '8.1'], [66, '9.0'], [74, '9.1'], [91, '10.0'], [102, '10.1'], [113, '10.2'], [114, '11.0'], [116, '11.1'], [117, 'later'],
  ] as const;
  const CORE = ['SrcIpAddr', 'DstIpAddr', 'SrcPortNumber', 'DstPortNumber', 'NetworkProtocol', 'DvcAction', 'SrcBytes', 'DstBytes', 'SrcPackets', 'DstPackets', 'NetworkRuleName', 'SrcZone', 'DstZone', 'NetworkDuration'] as const;

  it('every layout, 46 to 118 fields, is one session with the same core fields', () => {
    const recs = records('documented-native-csv-versions.log');
    expect(recs).toHaveLength(LAYOUTS.length);
    recs.forEach((r, i) => expect(r.NetworkSessionId, `PAN-OS ${LAYOUTS[i]![1]}`).toBe(String(22751 + LAYOUTS[i]![0] + 1)));
    const core = (r: Record<string, unknown>) => Object.fromEntries(CORE.map((f) => [f, r[f]]));
    for (const r of recs) expect(core(r)).toEqual(core(recs[0]!));
    expect(recs[0]).toMatchObject({ SrcIpAddr: '192.168.15.207', DstPortNumber: 443, SrcBytes: 1758, DstBytes: 5976, SrcPackets: 16, DstPackets: 20 });
  });

  it('fields appear with the release that added them: end reason, action source, rule UUID, policy ID, device-ID hosts and MACs', () => {
    const byRelease = new Map<string, Record<string, unknown>>(records('documented-native-csv-versions.log').map((r, i) => [LAYOUTS[i]![1], r]));
    expect(byRelease.get('6.1')).not.toHaveProperty('EventOriginalResultDetails');
    expect(byRelease.get('7.0')).toMatchObject({ EventOriginalResultDetails: 'tcp-fin' });
    expect(byRelease.get('7.0')!.AdditionalFields).not.toHaveProperty('ActionSource');
    expect(byRelease.get('7.1')!.AdditionalFields).toMatchObject({ ActionSource: 'from-policy' });
    expect(byRelease.get('9.0')!.AdditionalFields).toMatchObject({ PanOSRuleUUID: 'c9fdc0a6-7a52-4b7e-9f5e-1d2c3b4a5f60' });
    expect(byRelease.get('9.1')!.AdditionalFields).toMatchObject({ PanOSPolicyID: '7' });
    expect(byRelease.get('9.1')).not.toHaveProperty('SrcHostname');
    for (const release of ['10.0', '10.1', '10.2', '11.0', '11.1', 'later']) {
      expect(byRelease.get(release), release).toMatchObject({
        SrcHostname: 'laptop-17', SrcDomain: 'corp.example', SrcDomainType: 'FQDN', SrcFQDN: 'laptop-17.corp.example', SrcMacAddr: '00:1b:44:11:3a:b7', DstHostname: 'maps',
      });
    }
  });

  it('PAN-OS 10.1+: the high-resolution time (ms, with its zone) is the log time, and its zone corrects the zone-less session start', () => {
    const byRelease = new Map<string, Record<string, unknown>>(records('documented-native-csv-versions.log').map((r, i) => [LAYOUTS[i]![1], r]));
    // without a timezone option the zone-less times read as UTC; the +01:00 of the high-resolution time tells better
    expect(byRelease.get('10.0')).toMatchObject({ TimeGenerated: '2018-11-30T16:09:07.000Z', EventStartTime: '2018-11-30T15:59:04.000Z' });
    for (const release of ['10.1', '10.2', '11.0', '11.1', 'later']) {
      expect(byRelease.get(release), release).toMatchObject({ TimeGenerated: '2018-11-30T15:09:07.412Z', EventEndTime: '2018-11-30T15:09:07.412Z', EventStartTime: '2018-11-30T14:59:04.000Z' });
    }
    // with the right zone configured, the same instants
    const berlin = records('documented-native-csv-versions.log', { timezone: 'Europe/Berlin' });
    expect(berlin[8]).toMatchObject({ TimeGenerated: '2018-11-30T15:09:07.412Z', EventStartTime: '2018-11-30T14:59:04.000Z' });
    expect(berlin[7]).toMatchObject({ TimeGenerated: '2018-11-30T15:09:07.000Z', EventStartTime: '2018-11-30T14:59:04.000Z' });
  });

  it('named fields up to Cluster Name (116) land in AdditionalExtensions under their names, a later one as PanOSField<N>', () => {
    const lines = readFileSync(`${fixtures}/documented-native-csv-versions.log`, 'utf8').split('\n');
    const rows: CommonSecurityLogRow[] = [];
    parser.createDecoder(ctx).decode(lines[12]!, { row: (r) => rows.push(r), skip() {} });
    const ae = rows[0]!.AdditionalExtensions!;
    for (const kv of ['PanOSSourceDeviceOSFamily=Windows', 'PanOSDestinationEDL=panw-highrisk-ip-list', 'PanOSAppTechnology=browser-based', 'PanOSFlowType=NonProxyTraffic', 'PanOSField117=x-future']) expect(ae).toContain(kv);
    expect(rows[0]).toMatchObject({ SourceHostName: 'laptop-17.corp.example', SourceMACAddress: '00:1b:44:11:3a:b7', DestinationHostName: 'maps' });
  });

  it('a malformed MAC address or high-resolution time is a rejection naming the field', () => {
    const all = outcomes('documented-native-csv-versions.log');
    expect(all.slice(LAYOUTS.length)).toEqual([
      { _rejected: { line: 14, reason: 'bad-value', detail: 'field 83 (smac) "00:1B:44:11:3A" is not a MAC address' } },
      { _rejected: { line: 15, reason: 'bad-value', detail: 'field 102 (PanOSTimeGeneratedHighResolution) "2018-11-31T16:09:07.412+01:00" is not an ISO 8601 time with zone (2021-03-04T10:00:01.123-08:00)' } },
    ]);
  });

  it('a CEF record with the high-resolution time key reads it the same way', () => {
    const line = readFileSync(`${fixtures}/documented-cef-traffic.log`, 'utf8').split('\n')[0]!;
    const rows: CommonSecurityLogRow[] = [];
    parser.createDecoder(ctx).decode(`${line} PanOSTimeGeneratedHighResolution=2025-07-16T12:32:03.250+02:00`, { row: (r) => rows.push(r), skip() {} });
    expect(parser.map(rows[0]!, ctx)).toMatchObject({ TimeGenerated: '2025-07-16T10:32:03.250Z' });
    rows.length = 0;
    parser.createDecoder(ctx).decode(`${line} PanOSTimeGeneratedHighResolution=$high_res_timestamp`, { row: (r) => rows.push(r), skip() {} });
    expect(parser.map(rows[0]!, ctx)).toMatchObject({ TimeGenerated: '2025-07-16T10:32:03.000Z' });
  });

  it('claims native PAN-OS lines for per-line routing, and nothing else', () => {
    const lines = readFileSync(`${fixtures}/documented-native-csv-versions.log`, 'utf8').split('\n').filter((l) => l !== '');
    for (const l of lines) expect(parser.claimsLine(l)).toBe(true);
    const threat = readFileSync(`${fixtures}/real-metron-panos-csv.log`, 'utf8').split('\n').find((l) => l.includes(',THREAT,'))!;
    expect(parser.claimsLine(threat)).toBe(true); // a THREAT line is PAN-OS's: it is skipped as such, not left unrouted
    expect(parser.claimsLine(readFileSync(`${fixtures}/documented-cef-traffic.log`, 'utf8').split('\n')[0]!)).toBe(false);
    expect(parser.claimsLine('<13>Nov 30 16:09:17 PA-220 sshd[123]: Accepted password for admin from 192.168.1.5 port 50000 ssh2')).toBe(false);
    expect(parser.claimsLine('date=2020-04-23 time=12:11:51 devid="FG100E" logid="0000000013" type="traffic"')).toBe(false);
  });
});
