import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { cefSyslogCodec, RecordRejected, Skip, type CommonSecurityLogRow, type TableRow } from '@asimkit/sdk';
import { FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { sicHostname } from '../src/mapping.js';
import { CheckPointParser } from '../src/parser.js';

const parser = new CheckPointParser();
const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: FIXED_RECEIVED_AT };

/** What `--source checkpoint` does with one raw line: its rows, mapped, or the skip reason. */
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

const CEF =
  '<134>Apr 17 07:34:02 cp-logserver CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Reject deviceDirection=1 rt=1713339242000 spt=51234 dpt=443 src=10.1.2.3 dst=203.0.113.80 proto=6 sourceTranslatedAddress=198.51.100.7 sourceTranslatedPort=40001 cs2Label=Rule Name cs2=Block social media ifname=eth1 inzone=Internal outzone=External layer_name=Network rule_uid=2b7c1d9e-5f3a-4e6b-8c2d-1a0f9e8d7c66 loguid={0x661f7b6a,0x3,0x1c3f780a,0x15d0ab25} origin=10.120.63.36 originsicname=CN\\=chr-cpsg-01,O\\=stal-cpmgr.example.com.9cr9p2 product=VPN-1 & FireWall-1 service_id=https';

/** The same log as Log Exporter's native "syslog" format writes it. */
const NATIVE =
  '<134>1 2024-04-17T07:34:02Z cp-logserver CheckPoint 1930 - [action:"Reject"; ifdir:"outbound"; ifname:"eth1"; loguid:"{0x661f7b6a,0x3,0x1c3f780a,0x15d0ab25}"; origin:"10.120.63.36"; originsicname:"cn=chr-cpsg-01,o=stal-cpmgr.example.com.9cr9p2"; time:"1713339242"; dst:"203.0.113.80"; inzone:"Internal"; layer_name:"Network"; rule_name:"Block social media"; rule_uid:"2b7c1d9e-5f3a-4e6b-8c2d-1a0f9e8d7c66"; outzone:"External"; product:"VPN-1 & FireWall-1"; proto:"6"; s_port:"51234"; service:"443"; service_id:"https"; src:"10.1.2.3"; xlatesrc:"198.51.100.7"; xlatesport:"40001"]';

/** And as R81's structured syslog writes it. */
const R81 =
  '<134>1 2024-04-17T09:34:02+02:00 cp-logserver CP-GW - Log [Fields@1.3.6.1.4.1.2620 action="Reject" ifdir="outbound" ifname="eth1" loguid="{0x661f7b6a,0x3,0x1c3f780a,0x15d0ab25}" origin="10.120.63.36" originsicname="CN=chr-cpsg-01,O=stal-cpmgr.example.com.9cr9p2" dst="203.0.113.80" inzone="Internal" layer_name="Network" rule_name="Block social media" rule_uid="2b7c1d9e-5f3a-4e6b-8c2d-1a0f9e8d7c66" outzone="External" ProductName="VPN-1 & FireWall-1" proto="6" sport_svc="51234" svc="443" service_id="https" src="10.1.2.3" xlatesrc="198.51.100.7" xlatesport_svc="40001" ]';

const SAME = [
  'TimeGenerated', 'EventStartTime', 'EventEndTime', 'EventResult', 'EventSeverity', 'DvcAction', 'DvcOriginalAction', 'EventOriginalUid',
  'Dvc', 'DvcIpAddr', 'DvcHostname', 'DvcOutboundInterface', 'SrcIpAddr', 'SrcPortNumber', 'DstIpAddr', 'DstPortNumber', 'SrcNatIpAddr',
  'SrcNatPortNumber', 'SrcZone', 'DstZone', 'NetworkProtocol', 'NetworkProtocolVersion', 'NetworkDirection', 'NetworkApplicationProtocol',
  'NetworkRuleName', 'Rule', 'AdditionalFields',
] as const;

describe('checkpoint: one mapping for every form', () => {
  it('the native syslog formats map like their CEF counterpart', () => {
    const cef = one(CEF);
    expect(cef).toMatchObject({
      TimeGenerated: '2024-04-17T07:34:02.000Z',
      DvcAction: 'Deny',
      EventResult: 'Failure',
      DvcHostname: 'chr-cpsg-01',
      SrcNatIpAddr: '198.51.100.7',
      NetworkDirection: 'Outbound',
      NetworkRuleName: 'Block social media',
    });
    for (const line of [NATIVE, R81]) {
      const native = one(line);
      for (const field of SAME) expect(native[field], field).toEqual(cef[field]);
    }
  });

  it('a CEF line gives the same record through --source (createDecoder) and through the shared codec', () => {
    expect(viaCodec(CEF)).toEqual(one(CEF));
  });

  it('R81’s malformed offset (--5:00) is repaired, so the header time is kept', () => {
    const line = R81.replace('2024-04-17T09:34:02+02:00', '2024-04-17T02:34:02--5:00');
    expect(one(line).TimeGenerated).toBe('2024-04-17T07:34:02.000Z');
    expect(one(line).EventOriginalType).toBe('Log');
  });

  it.each([
    ['Accept', 'Allow', 'Success', 'Informational'],
    ['Allow', 'Allow', 'Success', 'Informational'],
    ['Bypass', 'Allow', 'Success', 'Informational'],
    ['Encrypt', 'Encrypt', 'Success', 'Informational'],
    ['Decrypt', 'Decrypt', 'Success', 'Informational'],
    ['Drop', 'Drop', 'Failure', 'Low'],
    ['Reject', 'Deny', 'Failure', 'Low'],
    ['Block', 'Deny', 'Failure', 'Low'],
    ['Prevent', 'Deny', 'Failure', 'Low'],
    ['Detect', 'Allow', 'Success', 'Informational'],
    ['Ask User', 'Allow', 'Success', 'Informational'],
    ['drop', 'Drop', 'Failure', 'Low'],
    ['Key Install', undefined, 'NA', 'Informational'],
    ['Redirect', undefined, 'NA', 'Informational'],
  ])('act=%s → DvcAction %s, EventResult %s, EventSeverity %s', (act, dvcAction, result, severity) => {
    const rec = one(CEF.replace('act=Reject', `act=${act}`));
    expect(rec.DvcAction).toBe(dvcAction);
    expect(rec.EventResult).toBe(result);
    expect(rec.EventSeverity).toBe(severity);
    expect(rec.DvcOriginalAction).toBe(act);
  });

  it('no action at all: EventResult NA', () => {
    const rec = one(CEF.replace('act=Reject ', ''));
    expect(rec.EventResult).toBe('NA');
    expect(rec.DvcAction).toBeUndefined();
  });

  it('a threat category raises the severity to High', () => {
    expect(one(CEF.replace('ifname=eth1', 'ifname=eth1 inspection_category=Anomaly inspection_item=Port scan')).EventSeverity).toBe('High');
  });

  it.each([
    ['Incoming', 'External', 'Internal', 'Inbound'],
    ['Outgoing', 'Internal', 'Internal', 'Outbound'],
    ['Internal', 'External', 'External', 'Local'],
    ['External', 'Internal', 'Internal', 'External'],
    [undefined, 'Internal', 'Local', 'Local'],
    [undefined, 'Local', 'Internal', 'Local'],
    [undefined, 'Internal', 'External', 'Outbound'],
    [undefined, 'External', 'Internal', 'Inbound'],
    [undefined, 'External', 'External', 'External'],
    [undefined, 'DMZ', 'External', undefined],
  ])('conn_direction %s, zones %s → %s: NetworkDirection %s', (conn, inzone, outzone, expected) => {
    let line = CEF.replace('inzone=Internal outzone=External', `inzone=${inzone} outzone=${outzone}`);
    if (conn) line = line.replace('ifname=eth1', `ifname=eth1 conn_direction=${conn}`);
    expect(one(line).NetworkDirection).toBe(expected);
  });

  it('label-dependent custom fields are read only under their label', () => {
    const categories = one(CEF.replace('cs2Label=Rule Name', 'cs2Label=Categories'));
    expect(categories.NetworkRuleName).toBe('2b7c1d9e-5f3a-4e6b-8c2d-1a0f9e8d7c66'); // rule_uid, not the category
    const icmp = one(CEF.replace('proto=6', 'proto=1 cn2Label=ICMP Type cn2=8 cn3Label=ICMP Code cn3=0'));
    expect(icmp).toMatchObject({ NetworkIcmpType: '8', NetworkIcmpCode: 0, NetworkProtocol: 'ICMP' });
    const duration = one(CEF.replace('proto=6', 'proto=6 cn2Label=Duration in Seconds cn2=30'));
    expect(duration.NetworkIcmpType).toBeUndefined();
    expect(duration).toMatchObject({ NetworkDuration: 30000, EventStartTime: '2024-04-17T07:33:32.000Z', EventEndTime: '2024-04-17T07:34:02.000Z' });
    const elapsed = one(CEF.replace('proto=6', 'proto=6 cn1Label=Elapsed Time in Seconds cn1=12'));
    expect(elapsed.NetworkDuration).toBe(12000);
  });

  it('IPv6 endpoints come from c6a2/c6a3 when labelled', () => {
    const line = CEF.replace('src=10.1.2.3 dst=203.0.113.80', 'c6a2Label=Source IPv6 Address c6a2=2001:db8::1 c6a3Label=Destination IPv6 Address c6a3=2001:db8::2');
    expect(one(line)).toMatchObject({ SrcIpAddr: '2001:db8::1', DstIpAddr: '2001:db8::2', NetworkProtocolVersion: 'IPv6' });
    expect(one(line.replace('c6a3Label=Destination IPv6 Address', 'c6a3Label=Something')).DstIpAddr).toBeUndefined();
  });

  it('NAT placeholders 0.0.0.0 / 0 are dropped', () => {
    const rec = one(NATIVE.replace('xlatesrc:"198.51.100.7"', 'xlatesrc:"0.0.0.0"; xlatedst:"0.0.0.0"; xlatedport:"0"'));
    expect(rec.SrcNatIpAddr).toBeUndefined();
    expect(rec.SrcNatPortNumber).toBeUndefined();
    expect(rec.DstNatIpAddr).toBeUndefined();
  });

  it('the gateway name comes from the SIC name in every spelling', () => {
    expect(sicHostname('CN=fw1,O=mgmt..abc')).toBe('fw1');
    expect(sicHostname('CN\\=fw1,O\\=mgmt..abc')).toBe('fw1');
    expect(sicHostname('cn=cp_mgmt,o=gw-da58d3..tmn8s8')).toBe('cp_mgmt');
    expect(sicHostname('O=mgmt..abc')).toBeUndefined();
  });

  it('EventProductVersion drops the literal "Check Point" Log Exporter puts in DeviceVersion', () => {
    expect(one(CEF).EventProductVersion).toBeUndefined();
    expect(one(CEF.replace('|Check Point|Log|', '|R81.20|Log|')).EventProductVersion).toBe('R81.20');
  });

  it('skips other blades and vendors with what they are', () => {
    expect(viaDecoder(CEF.replace('|VPN-1 & FireWall-1|', '|SmartDefense|'))).toEqual([
      'not a Check Point firewall log (DeviceVendor/DeviceProduct Check Point/SmartDefense)',
    ]);
    expect(viaDecoder(NATIVE.replace('product:"VPN-1 & FireWall-1"', 'product:"Log Update"'))).toEqual([
      'not a Check Point firewall log (DeviceVendor/DeviceProduct Check Point/Log Update)',
    ]);
    expect(viaCodec(CEF.replace('|Check Point|VPN-1', '|Fortinet|VPN-1'))).toBe('not claimed');
  });

  it('claims rows by the vendor (spaces and case ignored) and the firewall product (case ignored)', () => {
    for (const vendor of ['Check Point', 'CheckPoint', 'checkpoint', 'CHECK POINT']) {
      expect(parser.claimsRow({ DeviceVendor: vendor, DeviceProduct: 'VPN-1 & FireWall-1' }), vendor).toBe(true);
    }
    expect(parser.claimsRow({ DeviceVendor: 'Check Point', DeviceProduct: 'vpn-1 & firewall-1' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Check Point', DeviceProduct: 'SmartDefense' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'Cisco', DeviceProduct: 'VPN-1 & FireWall-1' })).toBe(false);
  });

  it.each(['VPN-1 & FireWall-1', 'VPN & FireWall-1', 'VPN & FireWall', 'Firewall'])('a Drop record of product %s is a firewall session, in CEF, native syslog and table form', (product) => {
    const cef = CEF.replace('|VPN-1 & FireWall-1|', `|${product}|`).replace('act=Reject', 'act=Drop').replace('product=VPN-1 & FireWall-1', `product=${product}`);
    for (const rec of [viaCodec(cef), one(cef), one(NATIVE.replace('product:"VPN-1 & FireWall-1"', `product:"${product}"`).replace('action:"Reject"', 'action:"Drop"')), one(R81.replace('ProductName="VPN-1 & FireWall-1"', `ProductName="${product}"`).replace('action="Reject"', 'action="Drop"'))]) {
      expect(rec, product).toMatchObject({ EventVendor: 'Check Point', EventProduct: 'Firewall', DvcAction: 'Drop', EventResult: 'Failure', SrcIpAddr: '10.1.2.3', DstPortNumber: 443 });
    }
  });

  it.each(['SmartDefense', 'Log Update', 'Application Control', 'URL Filtering', 'Anti Malware', 'Threat Emulation', 'VPN', 'Identity Awareness'])('product %s (another blade) is not claimed', (product) => {
    expect(parser.claimsRow({ DeviceVendor: 'Check Point', DeviceProduct: product })).toBe(false);
  });

  it('rejects malformed native lines and text that is neither CEF nor Check Point syslog', () => {
    const decoder = parser.createDecoder(ctx);
    const sink = { row: (_: CommonSecurityLogRow) => {}, skip: () => {} };
    expect(() => decoder.decode(NATIVE.replace('"Reject";', '"Reject'), sink)).toThrow(RecordRejected);
    let reason = '';
    try {
      decoder.decode('hello world', sink);
    } catch (err) {
      reason = (err as RecordRejected).reason;
    }
    expect(reason).toBe('not-checkpoint');
  });

  it('sniffs the native formats confidently, and leaves CEF lines to the cef-syslog codec', () => {
    expect(parser.sniff({ lines: [NATIVE, R81] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: [CEF] })).toBeLessThan(0.5);
    expect(parser.sniff({ lines: ['<189>date=2020-04-23 time=12:11:51 devid="x" logid="0000000013" type="traffic"'] })).toBeLessThan(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Check Point', DeviceProduct: 'VPN-1 & FireWall-1' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate' }] })).toBe(0);
  });
});
