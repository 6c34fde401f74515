import { validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip } from '@asimkit/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowsSecurityEventParser } from '../src/parser.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const parser = new WindowsSecurityEventParser();
const ctx = { options: {}, path: 'test', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2000-01-01T00:00:00.000Z' };

function row(eventId: number, data: Record<string, string>): Record<string, unknown> {
  const xml = `<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${Object.entries(data)
    .map(([k, v]) => `\r\n  <Data Name="${k}">${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Data>`)
    .join('')}\r\n</EventData>`;
  return { TimeGenerated: '2022-05-13T08:54:05.21Z', Computer: 'WORKSTATION5.theshire.local', EventID: eventId, Type: 'SecurityEvent', EventData: xml };
}

function session(r: Record<string, unknown>): NetworkSession {
  const ev = parser.fromTableRow(r);
  if (ev instanceof Skip) throw new Error(`skipped: ${ev.reason}`);
  const rec = parser.map(ev, ctx);
  if (rec instanceof Skip) throw new Error(`skipped: ${rec.reason}`);
  return rec;
}

const tuple = { SourceAddress: '10.0.0.100', SourcePort: '49278', DestAddress: '10.0.0.10', DestPort: '3333', Protocol: '6', FilterRTID: '70201', RemoteUserID: 'S-1-0-0', RemoteMachineID: 'S-1-0-0' };

describe('WFP mapping', () => {
  it('an outbound and an inbound 5156 of one connection keep the initiator as Src, so the service port is DstPortNumber in both', () => {
    const out = session(row(5156, { ProcessID: '3100', Application: '\\device\\harddiskvolume2\\windows\\system32\\curl.exe', Direction: '%%14593', ...tuple, LayerName: '%%14611', LayerRTID: '48' }));
    const inb = session(row(5156, { ProcessID: '4556', Application: '\\device\\harddiskvolume2\\documents\\listener.exe', Direction: '%%14592', ...tuple, LayerName: '%%14610', LayerRTID: '44' }));
    for (const r of [out, inb]) expect([r.SrcIpAddr, r.SrcPortNumber, r.DstIpAddr, r.DstPortNumber]).toEqual(['10.0.0.100', 49278, '10.0.0.10', 3333]);
    expect([out.NetworkDirection, out.SrcAppName, out.DstAppName]).toEqual(['Outbound', '\\device\\harddiskvolume2\\windows\\system32\\curl.exe', undefined]);
    expect([inb.NetworkDirection, inb.DstAppName, inb.SrcAppName]).toEqual(['Inbound', '\\device\\harddiskvolume2\\documents\\listener.exe', undefined]);
  });

  it('reads ProcessID/ProcessId in any case, and the protocol number by the IANA table (2 IGMP, 58 IPv6-ICMP, 88 EIGRP)', () => {
    const r = (proto: string) => session(row(5156, { processid: '77', Application: 'System', Direction: '%%14593', ...tuple, Protocol: proto }));
    expect(r('6').SrcProcessId).toBe('77');
    expect(['2', '58', '88', '47', '255'].map((p) => r(p).NetworkProtocol)).toEqual(['IGMP', 'IPv6-ICMP', 'EIGRP', 'GRE', 'Reserved']);
  });

  it('skips other event ids by what they are, before reading their EventData', () => {
    expect(parser.fromTableRow({ EventID: 4624, EventData: '<broken' })).toEqual(Skip.because('not a WFP network event (EventID 4624: logon)'));
  });

  it('fuzz: any EventData values of a WFP event map to valid ASIM or are rejected; nothing else escapes', () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('%%14592', '%%14593', '%%14594', 'Inbound', '-', '0', '::1', '127.0.0.1', 'fe80::1', '::ffff:1.2.3.4', '65535', '65536', '0x1f', 'S-1-5-18', '1', '58'));
    const names = ['ProcessID', 'ProcessId', 'Application', 'Direction', 'SourceAddress', 'SourcePort', 'DestAddress', 'DestPort', 'Protocol', 'FilterRTID', 'LayerName', 'LayerRTID', 'RemoteUserID', 'RemoteMachineID'];
    fc.assert(
      fc.property(fc.integer({ min: 5150, max: 5159 }), fc.dictionary(fc.constantFrom(...names), value), (id, data) => {
        // XML 1.0 cannot carry control characters: the test keeps them out on purpose
        // eslint-disable-next-line no-control-regex
        const clean = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '')]));
        let rec: NetworkSession | Skip;
        try {
          const ev = parser.fromTableRow(row(id, clean));
          rec = ev instanceof Skip ? ev : parser.map(ev, ctx);
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
          return;
        }
        if (rec instanceof Skip) return;
        expect(validateNetworkSession(rec).filter((v) => v.severity === 'error')).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
