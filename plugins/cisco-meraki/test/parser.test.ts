import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { RecordProcessor, RecordRejected, type TableRow } from '@asimkit/sdk';
import { merakiHeader } from '../src/header.js';
import { CiscoMerakiParser } from '../src/parser.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const parser = new CiscoMerakiParser();
const ctx = (options: Record<string, string> = {}) => ({ options, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' });

type Outcome = { session: NetworkSession } | { skipped: string } | { rejected: string; detail: string };

/** Every outcome of raw lines through --source cisco-meraki's decoder. */
function runLines(lines: readonly string[], options: Record<string, string> = {}): Outcome[] {
  const processor = new RecordProcessor(parser, ctx(options));
  const outcomes: Outcome[] = [];
  lines.forEach((line, i) =>
    processor.raw(line, i + 1, {
      session: (session) => void outcomes.push({ session }),
      skipped: (skipped) => void outcomes.push({ skipped }),
      rejected: (rejected, detail) => void outcomes.push({ rejected, detail }),
    }),
  );
  return outcomes;
}

const session = (o: Outcome | undefined): NetworkSession => {
  if (o === undefined || !('session' in o)) throw new Error(`not a session: ${JSON.stringify(o)}`);
  return o.session;
};

describe('the Meraki header', () => {
  it('finds the epoch as a token of its own, not inside a relay header\'s address or clock', () => {
    const line = 'Oct 13 06:54:17 10.100.10.100  1602571975.232247147 firewallname flows src=10.1.1.1 dst=10.2.2.2 protocol=tcp';
    const h = merakiHeader(line)!;
    expect([h.epoch, h.device, h.logType, line.slice(h.bodyStart, h.bodyStart + 4)]).toEqual(['1602571975.232247147', 'firewallname', 'flows', 'src=']);
    expect(h.epochMs).toBe(1602571975232);
  });

  it('takes the device from its position, whatever it is called (a device named "events")', () => {
    expect(merakiHeader('<14>1 1602571976.0 events flows src=10.1.1.2')).toMatchObject({ device: 'events', logType: 'flows' });
  });

  it('has none without a 9–10 digit epoch, a device and a log type', () => {
    for (const text of ['<134>1 16474789.5 MX84 flows src=1.2.3.4', '<134>1 16474789801.5 MX84 flows src=1.2.3.4', '<134>1 1647478988 MX84 flows', '<134>1 1647478988.5 MX84', '<134>1 1647478988.5 MX84 Flows x', 'a b c d e f g h i j k 1647478988.5 MX84 flows']) {
      expect(merakiHeader(text), text).toBeUndefined();
    }
  });
});

describe('claims and forms', () => {
  it('claims Syslog rows by the header shape, meraki_CL rows and REST security events; not other Syslog rows', () => {
    const meraki = { Type: 'Syslog', Computer: 'CiscoMeraki', SyslogMessage: '<134>1 1687012366.347759008 CDSAPF308 flows deny src=11.22.33.45 dst=10.20.30.47 protocol=tcp sport=51989 dport=8010' };
    const sshd = { Type: 'Syslog', Computer: 'web01', ProcessName: 'sshd', SyslogMessage: 'Accepted publickey for alice from 10.0.0.5 port 50522 ssh2' };
    expect(parser.claimsRow(meraki)).toBe(true);
    expect(parser.claimsRow(sshd)).toBe(false);
    expect(parser.claimsRow({ Type: 'meraki_CL', Message: 'anything' })).toBe(true);
    expect(parser.claimsRow({ ts: '2018-02-11T00:00:00Z', eventType: 'IDS Alert', srcIp: '1.2.3.4:1' })).toBe(true);
    expect(parser.sniff({ rows: [meraki, meraki, sshd, meraki] as TableRow[] })).toBeCloseTo(0.675);
  });

  it('reads a JSON input of REST security events as raw records, and rejects other records', () => {
    const event = { ts: '2018-02-11T00:00:00Z', eventType: 'IDS Alert', srcIp: '1.2.3.4:1', destIp: '10.0.0.1:80' };
    expect(parser.sniff({ records: [event] })).toBeGreaterThan(parser.sniff({ rows: [event] }));
    const decoder = parser.createDecoder(ctx());
    expect(() => decoder.decodeRecord!({ foo: 1 }, { row() {}, skip() {} })).toThrow(RecordRejected);
  });
});

describe('mapping decisions a user would notice', () => {
  it('keeps sub-second time, reads 0/1 patterns as inbound allow/deny, and the old action word', () => {
    const [inbound, old] = runLines([
      '<134>1 1647478988.476061795 MX84 flows src=216.160.83.57 dst=10.0.0.5 protocol=tcp sport=54446 dport=443 pattern: 0 all',
      '<134>1 1687012366.347759008 CDSAPF308 flows Blocked src=11.22.83.44 dst=10.29.30.200 protocol=tcp sport=51989 dport=8009',
    ]).map(session);
    expect([inbound!.TimeGenerated, inbound!.DvcAction, inbound!.NetworkDirection, inbound!.EventResult]).toEqual(['2022-03-17T01:03:08.476Z', 'Allow', 'Inbound', 'Success']);
    expect([old!.DvcAction, old!.EventResult, old!.NetworkDirection]).toEqual(['Deny', 'Failure', undefined]);
  });

  it('maps ip_flow NAT translations and never splits an IPv6 address on its colons', () => {
    const [flow, ids] = runLines([
      '<134>1 1647479325.891451682 ATT_Primary ip_flow_end src=10.0.2.249 dst=10.0.0.1 protocol=udp sport=7421 dport=53 translated_dst_ip=89.160.20.112 translated_port=53',
      '<134>1 1637691300.1 ATT security_event ids_alerted signature=1:1:1 priority=3 timestamp=1637691300.092 direction=egress protocol=udp/ip src=[2001:db8::7]:5353 dst=2001:db8::53 decision=blocked message: m',
    ]).map(session);
    expect([flow!.EventType, flow!.EventSubType, flow!.DstNatIpAddr, flow!.DstNatPortNumber, flow!.DvcAction]).toEqual(['NetworkSession', 'End', '89.160.20.112', 53, undefined]);
    expect([ids!.SrcIpAddr, ids!.SrcPortNumber, ids!.DstIpAddr, ids!.DstPortNumber, ids!.DvcAction, ids!.NetworkProtocolVersion]).toEqual(['2001:db8::7', 5353, '2001:db8::53', undefined, 'Deny', 'IPv6']);
  });

  it('with the hosts option, maps only lines from the listed senders (by syslog host or Meraki device name)', () => {
    const lines = [
      'Oct 13 06:54:17 10.100.10.100  1602571975.2 fw1 flows src=10.1.1.1 dst=10.2.2.2 protocol=tcp sport=1 dport=445 pattern: allow all',
      'Oct 13 06:54:17 10.100.10.200  1602571975.3 fw2 flows src=10.1.1.1 dst=10.2.2.2 protocol=tcp sport=1 dport=445 pattern: allow all',
      '<134>1 1602571975.4 FW3 flows src=10.1.1.1 dst=10.2.2.2 protocol=tcp sport=1 dport=445 pattern: allow all',
    ];
    const kinds = (o: Outcome[]) => o.map((x) => ('session' in x ? 'session' : 'skipped' in x ? 'skipped' : 'rejected'));
    expect(kinds(runLines(lines))).toEqual(['session', 'session', 'session']);
    expect(kinds(runLines(lines, { hosts: '10.100.10.100,fw3' }))).toEqual(['session', 'skipped', 'session']);
  });

  it('finds no decision, protocol or severity in words that are object properties (constructor, __proto__)', () => {
    const [fw, ids] = runLines([
      '<134>1 1700000000.1 MX84 firewall src=10.0.0.1 dst=10.0.0.2 protocol=constructor sport=1 dport=2 pattern: constructor all',
      '<134>1 1700000000.2 MX84 ids-alerts signature=1:1:1 priority=__proto__ timestamp=1700000000.1 direction=toString protocol=tcp/ip src=1.2.3.4:5 decision=valueOf',
    ]).map(session);
    expect([fw!.DvcAction, fw!.NetworkProtocol, fw!.EventResult]).toEqual([undefined, undefined, 'Success']);
    expect([ids!.EventSeverity, ids!.NetworkDirection, ids!.DvcAction]).toEqual(['Informational', undefined, undefined]);
  });

  it('drops a value that is not an address, port or MAC, and says so', () => {
    const rec = session(runLines(['948077334.886213117 MX60 flows src=39.41.X.X dst=114.18.X.X mac=00:18:0A:XX:XX:XX protocol=udp sport=13943 dport=99999 pattern: 1 all'])[0]);
    expect(rec.SrcIpAddr).toBeUndefined();
    expect(rec.DstPortNumber).toBeUndefined();
    expect(rec.AdditionalFields).toEqual({ Dropped: { src: 'not an IP address: 39.41.X.X', dst: 'not an IP address: 114.18.X.X', dport: 'not a port: 99999', mac: 'not a MAC address: 00:18:0A:XX:XX:XX' } });
  });
});

describe('cisco-meraki parser fuzz', () => {
  const fixture = fileURLToPath(new URL('./fixtures/raw-every-logtype-documented.log', import.meta.url));
  const lines = readFileSync(fixture, 'utf8').split('\n').filter((l) => l !== '');

  it('fuzz: garbled Meraki lines map to valid ASIM, are skipped or rejected with a reason, never a parser error', () => {
    const edits = fc.constantFrom("'", '"', '=', ' ', '\t', ':', '[', ']', 'pattern: ', 'message: ', 'src=', 'dst=[::1]:', 'dport=', 'é', '1700000000.1 ', '', '\\');
    fc.assert(
      fc.property(fc.constantFrom(...lines), fc.nat(), edits, fc.nat(4), (line, pos, insert, del) => {
        const p = pos % (line.length + 1);
        const garbled = line.slice(0, p) + insert + line.slice(p + del);
        for (const o of runLines([garbled])) {
          if ('rejected' in o) expect(o.rejected, `${garbled}: ${o.detail}`).not.toBe('parser-error');
          if ('session' in o) expect(validateNetworkSession(o.session).filter((v) => v.severity === 'error'), garbled).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
