import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip, type TableRow } from '@asimkit/sdk';
import { FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { CiscoAsaParser } from '../src/parser.js';

const parser = new CiscoAsaParser();
const context = (options: Record<string, string> = {}) => ({
  options: parser.optionsSchema.parse(options),
  path: '-',
  log: { debug() {}, info() {}, warn() {} },
  receivedAt: FIXED_RECEIVED_AT,
});

/** What `--source cisco-asa` does with one raw line: its record, or the skip reason. */
function raw(line: string, options: Record<string, string> = {}): NetworkSession | string {
  const ctx = context(options);
  const out: (NetworkSession | string)[] = [];
  parser.createDecoder(ctx).decode(line, {
    row: (row) => {
      const r = parser.map(row, ctx);
      out.push(r instanceof Skip ? r.reason : r);
    },
    skip: (reason) => out.push(reason),
  });
  expect(out).toHaveLength(1);
  return out[0]!;
}

function record(line: string, options: Record<string, string> = {}): NetworkSession {
  const r = raw(line, options);
  if (typeof r === 'string') throw new Error(`expected a record, got "${r}"`);
  return r;
}

/** An exported row as Log Analytics writes it to CSV: every cell a string. */
function fromExport(cells: Record<string, string>): NetworkSession | string {
  const row = parser.fromTableRow(cells as TableRow);
  if (row instanceof Skip) return row.reason;
  const r = parser.map(row, context());
  return r instanceof Skip ? r.reason : r;
}

const HEADER = '<166>Jun 27 2024 12:17:46 asa-edge ';
const BUILT_OUT = 'Built outbound TCP connection 11757 for outside:100.66.205.104/80 (100.66.205.104/80) to inside:172.31.98.44/1772 (203.0.113.1/40001)';
const TEARDOWN_OUT = 'Teardown TCP connection 11757 for outside:100.66.205.104/80 to inside:172.31.98.44/1772 duration 1:02:03 bytes 38110 TCP FINs';

describe('cisco-asa: who initiated is Src, the service port is DstPortNumber', () => {
  it('an outbound Built message: the inside host (the `to` tuple) initiated, with its mapped address as SrcNat', () => {
    expect(record(`${HEADER}%ASA-6-302013: ${BUILT_OUT}`)).toMatchObject({
      SrcIpAddr: '172.31.98.44',
      SrcPortNumber: 1772,
      SrcNatIpAddr: '203.0.113.1',
      SrcNatPortNumber: 40001,
      SrcInterfaceName: 'inside',
      DstIpAddr: '100.66.205.104',
      DstPortNumber: 80,
      DstInterfaceName: 'outside',
      NetworkDirection: 'Outbound',
      EventSubType: 'Start',
      NetworkSessionId: '11757',
    });
  });

  it('an inbound Built message: the `for` tuple initiated; the server`s mapped address is DstNat', () => {
    const r = record(`${HEADER}%ASA-6-302013: Built inbound TCP connection 9 for outside:203.0.113.9/51555 (203.0.113.9/51555) to dmz:10.2.2.10/443 (198.51.100.10/443)`);
    expect(r).toMatchObject({ SrcIpAddr: '203.0.113.9', SrcPortNumber: 51555, DstIpAddr: '10.2.2.10', DstPortNumber: 443, DstNatIpAddr: '198.51.100.10', NetworkDirection: 'Inbound' });
    expect(r.SrcNatIpAddr).toBeUndefined(); // mapped = real: no translation
  });

  it('the teardown of that outbound connection has the same ends, its duration in ms and its start before its end', () => {
    const built = record(`${HEADER}%ASA-6-302013: ${BUILT_OUT}`);
    const teardown = record(`${HEADER}%ASA-6-302014: ${TEARDOWN_OUT}`);
    for (const f of ['SrcIpAddr', 'SrcPortNumber', 'DstIpAddr', 'DstPortNumber', 'NetworkSessionId', 'SrcInterfaceName', 'DstInterfaceName'] as const) {
      expect(teardown[f], f).toEqual(built[f]);
    }
    expect(teardown).toMatchObject({ EventSubType: 'End', NetworkDuration: 3_723_000, NetworkBytes: 38110, EventEndTime: '2024-06-27T12:17:46.000Z', EventStartTime: '2024-06-27T11:15:43.000Z' });
  });

  it('Microsoft`s table columns holding the `for` tuple as Source do not override the message', () => {
    const r = fromExport({
      TimeGenerated: '2024-06-27T12:17:46Z', DeviceVendor: 'Cisco', DeviceProduct: 'ASA', DeviceEventClassID: '302013',
      Message: `%ASA-6-302013:  ${BUILT_OUT}`, SourceIP: '100.66.205.104', SourcePort: '80', DestinationIP: '172.31.98.44', DestinationPort: '1772',
    });
    expect(r).toMatchObject({ SrcIpAddr: '172.31.98.44', DstPortNumber: 80 });
  });
});

describe('cisco-asa: one mapping for raw lines and table rows', () => {
  it('a raw line and the row Sentinel stores for it give the same record', () => {
    const line = `${HEADER}%ASA-4-106023: Deny udp src inside:10.1.1.20/5353 dst outside:224.0.0.251/5353 by access-group "inside_in" [0x1a2b3c4d, 0x0]`;
    const fromLine = record(line);
    const fromRow = fromExport({
      TimeGenerated: '2024-06-27T12:17:46.000Z', Type: 'CommonSecurityLog', DeviceVendor: 'Cisco', DeviceProduct: 'ASA', DeviceEventClassID: '106023',
      LogSeverity: '4', OriginalLogSeverity: '4', DeviceFacility: 'local4', Computer: 'asa-edge',
      Message: '%ASA-4-106023: Deny udp src inside:10.1.1.20/5353 dst outside:224.0.0.251/5353 by access-group "inside_in" [0x1a2b3c4d, 0x0]',
    });
    expect(fromRow).toEqual(fromLine);
  });

  it('claims Cisco ASA and FTD rows and lines, and nothing else', () => {
    expect(parser.claimsRow({ DeviceVendor: 'Cisco', DeviceProduct: 'ASA' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Cisco', DeviceProduct: 'FTD' })).toBe(true);
    expect(parser.claimsRow({ DeviceVendor: 'Cisco', DeviceProduct: 'Meraki' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'Cisco', DeviceProduct: 'Firepower' })).toBe(false);
    expect(parser.claimsRow({ DeviceVendor: 'Fortinet', DeviceProduct: 'ASA' })).toBe(false);
    expect(parser.claimsLine(`${HEADER}%ASA-6-302013: ${BUILT_OUT}`)).toBe(true);
    expect(parser.claimsLine(`<166>%FTD-6-302013: ${BUILT_OUT}`)).toBe(true);
    expect(parser.claimsLine('<189>Jul 16 10:32:04 PA-LAB-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|src=1.2.3.4')).toBe(false);
    expect(parser.claimsLine('Jun 27 12:17:46 host sshd[1]: 100% done %ASA-x')).toBe(false);
  });

  it('sniffs ASA lines and Cisco ASA rows as its own', () => {
    expect(parser.sniff({ lines: [`${HEADER}%ASA-6-302013: ${BUILT_OUT}`, `${HEADER}%ASA-6-302014: ${TEARDOWN_OUT}`] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK'] })).toBe(0);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Cisco', DeviceProduct: 'ASA' }] })).toBeGreaterThanOrEqual(0.5);
  });

  it('names the id of a message that is no session, and the product', () => {
    expect(raw(`${HEADER}%ASA-6-305011: Built dynamic TCP translation from inside:10.1.1.20/51000 to outside:203.0.113.1/40001`)).toBe('ASA message 305011 is not a network session');
    expect(raw(`${HEADER}%FTD-1-430003: DeviceUUID: 1a2b, AccessControlRuleAction: Allow`)).toBe('FTD message 430003 is not a network session');
  });

  it('FTD lines are EventProduct FTD, ASA lines ASA', () => {
    expect(record(`${HEADER}%FTD-6-302013: ${BUILT_OUT}`).EventProduct).toBe('FTD');
    expect(record(`${HEADER}%ASA-6-302013: ${BUILT_OUT}`).EventProduct).toBe('ASA');
  });
});

describe('cisco-asa: time', () => {
  it('reads zone-less header times in the timezone option, and leaves times with a zone alone', () => {
    expect(record(`${HEADER}%ASA-6-302013: ${BUILT_OUT}`, { timezone: 'Europe/Berlin' }).TimeGenerated).toBe('2024-06-27T10:17:46.000Z');
    expect(record(`<166>:Jun 27 2024 12:17:46 UTC: %ASA-6-302013: ${BUILT_OUT}`, { timezone: 'Europe/Berlin' }).TimeGenerated).toBe('2024-06-27T12:17:46.000Z');
    expect(record(`<166>:Jun 27 2024 12:17:46 PDT: %ASA-6-302013: ${BUILT_OUT}`).TimeGenerated).toBe('2024-06-27T19:17:46.000Z');
  });

  it('a line without a time gets the receive time and says so; a broken time is rejected', () => {
    const r = record(`%ASA-6-302013: ${BUILT_OUT}`);
    expect(r.TimeGenerated).toBe(FIXED_RECEIVED_AT);
    expect(r.AdditionalFields).toMatchObject({ TimeGeneratedSource: expect.stringContaining('receive time') });
    expect(() => raw(`<166>Feb 30 2024 12:17:46 asa-edge %ASA-6-302013: ${BUILT_OUT}`)).toThrow(RecordRejected);
  });
});

describe('cisco-asa: values', () => {
  it('teardown reasons: outcome from the reason, Allow where the reason names no block', () => {
    const teardown = (reason: string) => record(`${HEADER}%ASA-6-302014: ${TEARDOWN_OUT.replace('TCP FINs', reason)}`);
    expect(teardown('TCP Reset-O')).toMatchObject({ DvcAction: 'Allow', EventResult: 'Failure', EventResultDetails: 'Reset', EventSeverity: 'Low' });
    expect(teardown('Flow reset by IPS')).toMatchObject({ DvcAction: 'Reset', EventResult: 'Failure', EventResultDetails: 'Terminated' });
    expect(teardown('Unauth Deny')).toMatchObject({ DvcAction: 'Deny', EventResultDetails: 'Terminated' });
    expect(teardown('Idle Timeout')).toMatchObject({ DvcAction: 'Allow', EventResult: 'Success', EventSeverity: 'Informational' });
    expect(teardown('TCP FINs from outside').AdditionalFields).toMatchObject({ TeardownInitiator: 'outside' });
  });

  it('106100: the verb decides; hit-cnt is EventCount; ICMP type/code are not ports', () => {
    expect(record(`${HEADER}%ASA-6-106100: access-list out denied udp outside/203.0.113.9(40000) -> inside/10.1.1.20(161) hit-cnt 7 300-second interval [0x1, 0x0]`)).toMatchObject({
      DvcAction: 'Deny', EventCount: 7, DstPortNumber: 161, NetworkRuleName: 'out', SrcInterfaceName: 'outside',
    });
    const icmp = record(`${HEADER}%ASA-6-106100: access-list in permitted icmp inside/10.1.1.20(8) -> outside/198.51.100.7(0) hit-cnt 1 first hit [0x3, 0x0]`);
    expect(icmp).toMatchObject({ DvcAction: 'Allow', NetworkIcmpType: '8', NetworkIcmpCode: 0 });
    expect(icmp.DstPortNumber).toBeUndefined();
  });

  it('protocols by number and name, ICMP identifiers never in port fields', () => {
    expect(record(`${HEADER}%ASA-4-106023: Deny protocol 47 src outside:81.2.69.144 dst inside:172.31.98.44 by access-group "inbound"`).NetworkProtocol).toBe('GRE');
    const ping = record(`${HEADER}%ASA-6-302020: Built outbound ICMP connection for faddr 198.51.100.7/0 gaddr 203.0.113.1/512 laddr 10.1.1.20/512 type 8 code 0`);
    expect(ping).toMatchObject({ SrcIpAddr: '10.1.1.20', SrcNatIpAddr: '203.0.113.1', DstIpAddr: '198.51.100.7', NetworkProtocol: 'ICMP', NetworkIcmpType: '8' });
    expect(ping.SrcPortNumber).toBeUndefined();
    expect(record(`${HEADER}%ASA-6-302020: Built inbound ICMPv6 connection for faddr 2001:db8::9/1 gaddr 2001:db8:1::20/0 laddr 2001:db8:1::20/0 type 128 code 0`)).toMatchObject({
      NetworkProtocol: 'IPv6-ICMP', NetworkProtocolVersion: 'IPv6', SrcIpAddr: '2001:db8::9',
    });
  });

  it('TCP flags of denied packets become the TcpFlags booleans', () => {
    const r = record(`${HEADER}%ASA-6-106015: Deny TCP (no connection) from 192.168.2.2/53089 to 10.10.10.10/443 flags FIN PSH ACK  on interface out111`);
    expect(r).toMatchObject({ TcpFlagsFin: true, TcpFlagsPsh: true, TcpFlagsAck: true, DvcInboundInterface: 'out111' });
    expect(r.TcpFlagsSyn).toBeUndefined();
  });
});

describe('cisco-asa: helpers', () => {
  it('the hand-written IPv4 check says what node`s isIP says', async () => {
    const { isIP } = await import('node:net');
    const { isIp } = await import('../src/mapping.js');
    for (const s of ['10.1.1.20', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.1.1.1', '1.1.1', '1.1.1.1.1', '1..1.1', '1.1.1.1 ', 'a.b.c.d', '2001:db8::9', '::ffff:1.2.3.4', '', '1.1.1.0001', '100.100.100.100']) {
      expect(isIp(s), s).toBe(isIP(s) !== 0);
    }
  });

  it('lines of one minute get their own seconds, and a fraction or a zone after a known minute still counts', () => {
    const at = (time: string) => record(`<166>${time} asa-edge %ASA-6-302013: ${BUILT_OUT}`).TimeGenerated;
    expect(at('Jun 27 2024 12:17:46')).toBe('2024-06-27T12:17:46.000Z');
    expect(at('Jun 27 2024 12:17:05')).toBe('2024-06-27T12:17:05.000Z');
    expect(at('Jun 27 2024 12:17:05.250')).toBe('2024-06-27T12:17:05.250Z');
    expect(at('Jun 27 2024 12:17:05 EDT')).toBe('2024-06-27T16:17:05.000Z');
    expect(at('Jun 27 2024 12:17:59')).toBe('2024-06-27T12:17:59.000Z');
    expect(at('Jun 27 2024 12:18:00')).toBe('2024-06-27T12:18:00.000Z');
  });
});
