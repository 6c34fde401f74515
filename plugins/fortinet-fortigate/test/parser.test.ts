import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { cefSyslogCodec, RecordRejected, Skip, type CommonSecurityLogRow, type TableRow } from '@asimkit/sdk';
import { FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { FortiGateParser } from '../src/parser.js';

const parser = new FortiGateParser();
const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: FIXED_RECEIVED_AT };

/** What `--source fortinet-fortigate` does with one raw line: its rows, mapped, or the skip reason. */
function viaDecoder(line: string): (NetworkSession | string)[] {
  const out: (NetworkSession | string)[] = [];
  parser.createDecoder(ctx).decode(line, {
    row: (row) => {
      const r = parser.map(row, ctx);
      out.push(r instanceof Skip ? r.reason : r);
    },
    skip: (reason) => out.push(reason),
  });
  return out;
}

/** What the pipeline does without --source: the shared codec, the claim, fromTableRow, map. */
function viaCodec(line: string): NetworkSession | string {
  const rows: TableRow[] = [];
  cefSyslogCodec.createDecoder(ctx).decode(line, { row: (r) => rows.push(r), skip: () => {} });
  expect(rows).toHaveLength(1);
  if (!parser.claimsRow(rows[0]!)) return 'not claimed';
  const row = parser.fromTableRow(rows[0]!);
  if (row instanceof Skip) return row.reason;
  const r = parser.map(row, ctx);
  return r instanceof Skip ? r.reason : r;
}

function one(line: string): NetworkSession {
  const [r] = viaDecoder(line);
  if (typeof r === 'string' || r === undefined) throw new Error(`expected a record, got ${String(r)}`);
  return r;
}

const CEF_603 =
  'Dec 27 11:07:55 FGT-A-LOG CEF: 0|Fortinet|Fortigate|v6.0.3|00013|traffic:forward close|3|deviceExternalId=FGT5HD3915800610 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward FTNTFGTlevel=notice FTNTFGTvd=vdom1 FTNTFGTeventtime=1545937675 src=10.1.100.11 spt=54190 deviceInboundInterface=port12 FTNTFGTsrcintfrole=undefined dst=52.53.140.235 dpt=443 deviceOutboundInterface=port11 FTNTFGTdstintfrole=undefined externalId=402 proto=6 act=close FTNTFGTpolicyid=1 FTNTFGTpolicytype=policy app=HTTPS FTNTFGTdstcountry=United States FTNTFGTsrccountry=Reserved FTNTFGTtrandisp=snat sourceTranslatedAddress=172.16.200.1 sourceTranslatedPort=54190 FTNTFGTappid=40568 FTNTFGTapp=HTTPS.BROWSER FTNTFGTappcat=Web.Client FTNTFGTapprisk=medium FTNTFGTapplist=g-default FTNTFGTduration=2 out=3652 in=146668 FTNTFGTsentpkt=58 FTNTFGTrcvdpkt=105 FTNTFGTutmaction=allow FTNTFGTcountapp=2';

/** The same log in FortiOS's native format (the 6.2.5 "traffic log support for CEF" page pairs them). */
const NATIVE_603 =
  '<189>date=2018-12-27 time=11:07:55 devname="FGT-A-LOG" devid="FGT5HD3915800610" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="vdom1" eventtime=1545937675 srcip=10.1.100.11 srcport=54190 srcintf="port12" srcintfrole="undefined" dstip=52.53.140.235 dstport=443 dstintf="port11" dstintfrole="undefined" sessionid=402 proto=6 action="close" policyid=1 policytype="policy" service="HTTPS" dstcountry="United States" srccountry="Reserved" trandisp="snat" transip=172.16.200.1 transport=54190 appid=40568 app="HTTPS.BROWSER" appcat="Web.Client" apprisk="medium" applist="g-default" duration=2 sentbyte=3652 rcvdbyte=146668 sentpkt=58 rcvdpkt=105 utmaction="allow" countapp=2';

describe('fortinet-fortigate: one mapping for every form', () => {
  it('a duration NetworkDuration cannot hold (over 24.8 days of ms) is kept in AdditionalFields, and the start is the end (a fuzz case threw "Invalid time value")', () => {
    const r = one(NATIVE_603.replace('duration=2 ', 'duration=42949672965462 '));
    expect(r.NetworkDuration).toBeUndefined();
    expect(r.EventStartTime).toBe(r.EventEndTime);
    expect(r.AdditionalFields).toMatchObject({ duration: '42949672965462' });
    const cef = one(CEF_603.replace('FTNTFGTduration=2 ', 'FTNTFGTduration=2147484 '));
    expect(cef.NetworkDuration).toBeUndefined();
    expect(one(CEF_603.replace('FTNTFGTduration=2 ', 'FTNTFGTduration=2147483 ')).NetworkDuration).toBe(2147483000);
  });

  it('the native key=value log maps like its CEF counterpart', () => {
    const cef = one(CEF_603);
    const native = one(NATIVE_603);
    const same = [
      'TimeGenerated', 'EventStartTime', 'EventEndTime', 'EventResult', 'EventSubType', 'DvcAction', 'DvcOriginalAction', 'DvcId',
      'DvcHostname', 'Dvc', 'DvcInboundInterface', 'DvcOutboundInterface', 'SrcIpAddr', 'SrcPortNumber', 'DstIpAddr', 'DstPortNumber',
      'SrcNatIpAddr', 'SrcNatPortNumber', 'DstGeoCountry', 'NetworkProtocol', 'NetworkApplicationProtocol', 'NetworkDuration',
      'NetworkSessionId', 'NetworkRuleNumber', 'SrcBytes', 'DstBytes', 'NetworkBytes', 'SrcPackets', 'DstPackets', 'DstAppName', 'DstAppId',
      'EventMessage', 'EventOriginalType', 'EventOriginalSubType', 'AdditionalFields',
    ] as const;
    for (const field of same) expect(native[field], field).toEqual(cef[field]);
    // FortiOS sends out=sentbyte (client → server) and in=rcvdbyte
    expect(cef).toMatchObject({ SrcBytes: 3652, DstBytes: 146668, NetworkDuration: 2000, EventEndTime: '2018-12-27T19:07:55.000Z' });
  });

  it('a CEF line gives the same record through --source (createDecoder) and through the shared codec', () => {
    expect(viaCodec(CEF_603)).toEqual(one(CEF_603));
  });

  it('the vendor key prefixes FTNTFGT, FortinetFortiGate, ad. and none are read alike', () => {
    const base = one(CEF_603);
    for (const prefix of ['FortinetFortiGate', 'ad.']) expect(one(CEF_603.replace(/FTNTFGT/g, prefix))).toEqual(base);
    // Bare keys occur in exported rows (Microsoft's sample data): on the wire a bare `app=` would be
    // CEF's own `app` key, so the row is built the way an export holds it.
    const rows: TableRow[] = [];
    cefSyslogCodec.createDecoder(ctx).decode(CEF_603, { row: (r) => rows.push(r), skip: () => {} });
    const exported: TableRow = { ...rows[0]!, AdditionalExtensions: String(rows[0]!.AdditionalExtensions).replace(/FTNTFGT/g, '') };
    delete exported.AdditionalExtensionsKV;
    expect(parser.map(parser.fromTableRow(exported) as CommonSecurityLogRow, ctx)).toEqual(base);
  });

  it('a prefixed key wins over the bare one, whatever the order', () => {
    const line = CEF_603.replace('FTNTFGTpolicyid=1', 'policyid=99 FTNTFGTpolicyid=1');
    expect(one(line).NetworkRuleNumber).toBe(1);
  });

  it('the action comes from act, else the prefixed action key, else the last word of the Name', () => {
    const noAct = CEF_603.replace(' act=close', '');
    expect(one(noAct.replace('FTNTFGTpolicyid', 'FTNTFGTaction=timeout FTNTFGTpolicyid'))).toMatchObject({
      DvcOriginalAction: 'timeout',
      EventResult: 'Failure',
      EventResultDetails: 'Timeout',
    });
    expect(one(noAct.replace('traffic:forward close', 'traffic:local server-rst'))).toMatchObject({
      DvcOriginalAction: 'server-rst',
      DvcAction: 'Allow',
      EventResultDetails: 'Reset',
    });
  });

  it.each([
    ['accept', 'Allow', 'Success', 'End'],
    ['start', 'Allow', 'Success', 'Start'],
    ['close', 'Allow', 'Success', 'End'],
    ['deny', 'Deny', 'Failure', 'End'],
    ['client-rst', 'Allow', 'Failure', 'End'],
    ['ip-conn', undefined, 'Failure', 'End'],
    ['something-new', undefined, 'NA', 'End'],
  ])('action %s → DvcAction %s, EventResult %s, EventSubType %s', (action, dvcAction, result, subType) => {
    const rec = one(CEF_603.replace('act=close', `act=${action}`).replace('FTNTFGTutmaction=allow', ''));
    expect(rec.DvcAction).toBe(dvcAction);
    expect(rec.EventResult).toBe(result);
    expect(rec.EventSubType).toBe(subType);
  });

  it('utmaction block or reset makes the session a Failure; allow changes nothing', () => {
    expect(one(CEF_603.replace('FTNTFGTutmaction=allow', 'FTNTFGTutmaction=block')).EventResult).toBe('Failure');
    expect(one(CEF_603.replace('FTNTFGTutmaction=allow', 'FTNTFGTutmaction=reset')).EventResult).toBe('Failure');
    expect(one(CEF_603.replace('act=close', 'act=timeout')).EventResult).toBe('Failure');
  });

  it.each([
    ['1545937675', '2018-12-27T19:07:55.000Z'],
    ['1545937675123', '2018-12-27T19:07:55.123Z'],
    ['1545937675123456', '2018-12-27T19:07:55.123Z'],
    ['1545937675123456789', '2018-12-27T19:07:55.123Z'],
  ])('eventtime %s (s, ms, µs or ns) → %s', (eventtime, iso) => {
    expect(one(CEF_603.replace('FTNTFGTeventtime=1545937675', `FTNTFGTeventtime=${eventtime}`)).TimeGenerated).toBe(iso);
  });

  it('without eventtime the native date/time/tz fields give the time', () => {
    const line = NATIVE_603.replace(' eventtime=1545937675', ' tz="-0800"');
    expect(one(line).TimeGenerated).toBe('2018-12-27T19:07:55.000Z');
    expect(one(NATIVE_603.replace(' eventtime=1545937675', '')).TimeGenerated).toBe('2018-12-27T11:07:55.000Z');
    const berlin = parser.createDecoder({ ...ctx, options: { timezone: 'Europe/Berlin' } });
    const rows: CommonSecurityLogRow[] = [];
    berlin.decode(NATIVE_603.replace(' eventtime=1545937675', ''), { row: (r) => rows.push(r), skip: () => {} });
    expect((parser.map(rows[0]!, { ...ctx, options: { timezone: 'Europe/Berlin' } }) as NetworkSession).TimeGenerated).toBe('2018-12-27T10:07:55.000Z');
  });

  it.each([
    ['0', 'Informational'],
    ['3', 'Informational'],
    ['4', 'Low'],
    ['5', 'Low'],
    ['6', 'Medium'],
    ['7', 'Medium'],
    ['8', 'High'],
    ['10', 'High'],
    ['Very-High', 'High'],
  ])('CEF severity %s → EventSeverity %s', (sev, expected) => {
    expect(one(CEF_603.replace('traffic:forward close|3|', `traffic:forward close|${sev}|`)).EventSeverity).toBe(expected);
  });

  it('the native format has no CEF severity: level gives it', () => {
    expect(one(NATIVE_603).EventSeverity).toBe('Informational');
    expect(one(NATIVE_603.replace('level="notice"', 'level="warning"')).EventSeverity).toBe('Low');
    expect(one(NATIVE_603.replace('level="notice"', 'level="critical"')).EventSeverity).toBe('High');
  });

  it('interface roles give the direction, and undefined/Reserved/N/A placeholders are dropped', () => {
    const roles = (s: string, d: string) => one(CEF_603.replace('FTNTFGTsrcintfrole=undefined', `FTNTFGTsrcintfrole=${s}`).replace('FTNTFGTdstintfrole=undefined', `FTNTFGTdstintfrole=${d}`));
    expect(roles('lan', 'wan').NetworkDirection).toBe('Outbound');
    expect(roles('wan', 'dmz').NetworkDirection).toBe('Inbound');
    expect(roles('lan', 'dmz').NetworkDirection).toBe('Local');
    expect(roles('wan', 'wan').NetworkDirection).toBe('External');
    const rec = one(CEF_603);
    expect(rec.NetworkDirection).toBeUndefined();
    expect(rec.SrcZone).toBeUndefined();
    expect(rec.SrcGeoCountry).toBeUndefined();
    expect(one(CEF_603.replace('FTNTFGTutmaction', 'FTNTFGTuser=N/A FTNTFGTutmaction')).SrcUsername).toBeUndefined();
  });

  it('FortiOS 5.6 labels: cs5 Policy Id, cn1 Duration, cn2/cn3 packets; a relabelled field is not read', () => {
    const line =
      'CEF:0|Fortinet|Fortigate|v5.6.0|00013|traffic:forward close|3|cat=traffic:forward src=2.2.2.2 dst=3.3.3.3 externalId=1 proto=6 act=close cs5=10 cs5Label=Policy Id cn1=7 cn1Label=Duration out=398 in=1605 cn2=5 cn2Label=Packets Sent cn3=6 cn3Label=Packets Received';
    expect(one(line)).toMatchObject({ NetworkRuleNumber: 10, NetworkDuration: 7000, SrcPackets: 5, DstPackets: 6, NetworkPackets: 11 });
    const relabelled = one(line.replace('cs5Label=Policy Id', 'cs5Label=Something Else').replace('cn1Label=Duration', 'cn1Label=Other'));
    expect(relabelled.NetworkRuleNumber).toBeUndefined();
    expect(relabelled.NetworkDuration).toBeUndefined();
  });

  it('skips UTM, event, DNS and other vendors’ logs with their reason', () => {
    expect(viaDecoder(CEF_603.replace(/cat=traffic:forward/, 'cat=utm:webfilter'))).toEqual(['not a traffic log (category utm:webfilter)']);
    expect(viaDecoder(CEF_603.replace('act=close', 'act=dns'))).toEqual(['DNS session log (action dns)']);
    expect(viaDecoder(NATIVE_603.replace('type="traffic"', 'type="event"'))).toEqual(['not a traffic log (category event:forward)']);
    expect(viaDecoder('CEF:0|Palo Alto Networks|PAN-OS|9.1|end|TRAFFIC|1|src=10.0.0.1')).toEqual([
      'not a FortiGate log (DeviceVendor/DeviceProduct Palo Alto Networks/PAN-OS)',
    ]);
  });

  it('claims rows by Microsoft’s vendor/product filter (vendor case-sensitive, product prefix case-insensitive)', () => {
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'FortiGate-VM64' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'FORTIGATE-60F' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'fortinet', DeviceProduct: 'Fortigate' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'FortiWeb' })).toBe(false);
    expect(parser.claimsRow({ DeviceProduct: 'Fortigate' })).toBe(false);
  });

  it('rejects malformed native lines and text that is neither CEF nor FortiOS', () => {
    const decoder = parser.createDecoder(ctx);
    const sink = { row: () => {}, skip: () => {} };
    expect(() => decoder.decode('<189>date=2020-04-23 time=12:11:51 logid="0000000013" msg="oops', sink)).toThrow(RecordRejected);
    try {
      decoder.decode('hello world', sink);
    } catch (err) {
      expect((err as RecordRejected).reason).toBe('not-fortigate');
    }
    expect.assertions(2);
  });

  it('sniffs native lines confidently, and leaves CEF lines to the cef-syslog codec', () => {
    expect(parser.sniff({ lines: [NATIVE_603, NATIVE_603] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: [CEF_603] })).toBeLessThan(0.5);
    expect(parser.sniff({ lines: ['<134>1 2020-03-29T13:19:22Z gw CheckPoint 1930 - [action:"Accept"; product:"VPN-1 & FireWall-1"]'] })).toBeLessThan(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Fortinet', DeviceProduct: 'FortiGate' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Check Point', DeviceProduct: 'VPN-1 & FireWall-1' }] })).toBe(0);
  });

  it('an invalid timezone option is a configuration error naming it', () => {
    const result = parser.optionsSchema.safeParse({ timezone: 'Mars/Olympus' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('Mars/Olympus');
  });
});
