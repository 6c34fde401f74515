import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_FIELDS, validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { normalizeJsonRow, parseCsvExport, RecordRejected, Skip, type TableRow } from '@asimkit/sdk';
import { LEAN_FIELDS } from '../src/mapping.js';
import { FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { VmConnectionParser } from '../src/parser.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const parser = new VmConnectionParser();
const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: FIXED_RECEIVED_AT };

/** The real sample's inbound row (OTRF Log4Shell): the attacker's request to java on 8080. */
const INBOUND: TableRow = {
  TimeGenerated: '2022-05-11T18:09:38.868Z', Computer: 'UBUNTU5', Direction: 'inbound', ProcessName: 'java',
  SourceIp: '192.168.2.6', DestinationIp: '192.168.2.5', DestinationPort: 8080, Protocol: 'tcp', RemoteIp: '192.168.2.6',
  BytesSent: 333, BytesReceived: 137, LinksTerminated: 1, LinksEstablished: 1, Responses: 1, ResponseTimeSum: 1088,
  ConnectionId: '0A3C96B56A448DBC2323B3AA40255EF44B2BFC66', Machine: 'm-1', Process: 'p-dbad', Type: 'VMConnection',
};

function outcome(row: TableRow): NetworkSession | string {
  const r = parser.fromTableRow(row);
  if (r instanceof Skip) return r.reason;
  const m = parser.map(r, ctx);
  return m instanceof Skip ? m.reason : m;
}

function one(row: TableRow): NetworkSession {
  const r = outcome(row);
  if (typeof r === 'string') throw new Error(`expected a record, got ${r}`);
  return r;
}

describe('vm-connection semantics', () => {
  it('an inbound row counts the local listening port and process, and the local machine is Dst', () => {
    expect(one(INBOUND)).toMatchObject({
      NetworkDirection: 'Inbound', SrcIpAddr: '192.168.2.6', DstIpAddr: '192.168.2.5', DstPortNumber: 8080, DstAppName: 'java',
      DstHostname: 'UBUNTU5', DvcIpAddr: '192.168.2.5', LocalIpAddr: '192.168.2.5', RemoteIpAddr: '192.168.2.6', IpAddr: '192.168.2.5',
    });
  });

  it('bytes are the reporting machine’s: on an inbound row what it sent is the destination’s', () => {
    expect(one(INBOUND)).toMatchObject({ SrcBytes: 137, DstBytes: 333, NetworkBytes: 470 });
    expect(one({ ...INBOUND, Direction: 'outbound', SourceIp: '192.168.2.5', DestinationIp: '192.168.2.6' })).toMatchObject({ SrcBytes: 333, DstBytes: 137 });
  });

  it('EventCount is the links opened or failed in the window, at least 1; a long-lived connection’s minute rows count 1', () => {
    expect(one({ ...INBOUND, LinksEstablished: 4, LinksFailed: 2 }).EventCount).toBe(6);
    expect(one({ ...INBOUND, LinksEstablished: 0, LinksTerminated: 0, LinksLive: 1 }).EventCount).toBe(1);
    expect(one({ ...INBOUND, LinksEstablished: undefined, LinksTerminated: undefined }).EventCount).toBe(1);
  });

  it('failed links make the result Failure or Partial', () => {
    expect(one({ ...INBOUND, LinksEstablished: 0, LinksTerminated: 0, LinksFailed: 2 }).EventResult).toBe('Failure');
    expect(one({ ...INBOUND, LinksFailed: 1 }).EventResult).toBe('Partial');
    expect(one(INBOUND).EventResult).toBe('Success');
  });

  it('no average response time passes for a duration; the window gives the end time', () => {
    const r = one(INBOUND);
    expect(r).not.toHaveProperty('NetworkDuration');
    expect(r.EventEndTime).toBe('2022-05-11T18:10:38.868Z');
    expect(r.AdditionalFields).toMatchObject({ Responses: 1, ResponseTimeSum: 1088 });
  });

  it('threat intel: severity 4 and 5 are High, the flagged side is named, Confidence is a confidence', () => {
    const r = one({ ...INBOUND, MaliciousIp: '192.168.2.6', IndicatorThreatType: 'C2', Severity: '4', Confidence: '75' });
    expect(r).toMatchObject({ EventSeverity: 'High', EventOriginalSeverity: '4', ThreatIpAddr: '192.168.2.6', ThreatField: 'SrcIpAddr', ThreatCategory: 'C2', ThreatConfidence: 75 });
    expect(r).not.toHaveProperty('ThreatRiskLevel');
    expect(() => outcome({ ...INBOUND, Severity: '9' })).toThrow(RecordRejected);
  });

  it('the remote name comes from the first DNS canonical name; bad JSON is kept, not fatal', () => {
    const out = { ...INBOUND, Direction: 'outbound', SourceIp: '192.168.2.5', DestinationIp: '192.168.2.6' };
    expect(one({ ...out, RemoteDnsCanonicalNames: '["cdn.example.net","b.example"]' })).toMatchObject({ DstHostname: 'cdn', DstDomain: 'example.net', DstFQDN: 'cdn.example.net', DstDomainType: 'FQDN', Hostname: 'cdn' });
    expect(one({ ...out, RemoteDnsCanonicalNames: '["cdn.exa', RemoteDnsQuestions: '["www.example.org"]' })).toMatchObject({ DstFQDN: 'www.example.org', AdditionalFields: { RemoteDnsCanonicalNames: '["cdn.exa' } });
  });

  it('rows that are not sessions are skipped, malformed ones rejected', () => {
    expect(outcome({ ...INBOUND, Direction: 'listen' })).toBe('Direction listen is neither inbound nor outbound');
    expect(outcome({ ...INBOUND, Type: 'VMBoundPort' })).toBe('table VMBoundPort is not VMConnection');
    expect(() => outcome({ ...INBOUND, DestinationPort: '80/tcp' })).toThrow(RecordRejected);
    expect(() => outcome({ ...INBOUND, TimeGenerated: 'soon' })).toThrow(RecordRejected);
    expect(() => outcome({ ...INBOUND, BytesSent: -5 })).toThrow(RecordRejected);
    expect(() => outcome({ ...INBOUND, RemoteLatitude: '100' })).toThrow(RecordRejected);
    expect(() => outcome({ ...INBOUND, RemoteLongitude: -180.5 })).toThrow(RecordRejected);
    expect(one({ ...INBOUND, RemoteLatitude: '-90', RemoteLongitude: 180 })).toMatchObject({ SrcGeoLatitude: -90, SrcGeoLongitude: 180 });
  });

  it('sniffs VMConnection rows and not Defender or CEF rows', () => {
    expect(parser.sniff({ rows: [INBOUND] })).toBeGreaterThanOrEqual(0.9);
    const { Type: _t, ...untyped } = INBOUND;
    expect(parser.sniff({ rows: [untyped] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ ActionType: 'ConnectionSuccess', LocalIP: '1.2.3.4', RemoteIP: '5.6.7.8', DeviceId: 'x' }] })).toBe(0);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Fortinet', SourceIP: '1.2.3.4', Type: 'CommonSecurityLog' }] })).toBe(0);
    expect(parser.sniff({ lines: ['anything'] })).toBe(0);
  });
});

const lean = { ...ctx, fields: new Set<string>(DETECTOR_FIELDS) };

/** The full record and the detector projection's record agree on every field the lean one keeps. */
function sameUnderProjection(row: TableRow): void {
  let decoded;
  try {
    decoded = parser.fromTableRow(row);
  } catch (err) {
    if (err instanceof RecordRejected) return;
    throw err;
  }
  if (decoded instanceof Skip) return;
  const full = parser.map(decoded, ctx);
  const projected = parser.map(decoded, lean);
  if (full instanceof Skip || projected instanceof Skip) return void expect(projected).toEqual(full);
  expect(projected).toEqual(Object.fromEntries(Object.entries(full).filter(([k]) => LEAN_FIELDS.has(k))));
}

describe('vm-connection under the detector projection', () => {
  it('the lean record has exactly the full record values of every field it keeps, on every fixture row', () => {
    const dir = fileURLToPath(new URL('./fixtures', import.meta.url));
    let rows = 0;
    for (const name of readdirSync(dir).filter((n) => /\.(json|csv)$/.test(n))) {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      const tableRows = name.endsWith('.csv')
        ? parseCsvExport(text).map((p) => p.row)
        : text.startsWith('[') ? (JSON.parse(text) as TableRow[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as TableRow);
      for (const row of tableRows) {
        rows++;
        sameUnderProjection(normalizeJsonRow(row));
      }
    }
    expect(rows).toBeGreaterThanOrEqual(20);
    expect(parser.map(parser.fromTableRow(INBOUND) as never, lean)).not.toHaveProperty('AdditionalFields');
  });
});

describe('vm-connection fuzz', () => {
  const text = fc.string({ maxLength: 8 });
  const num = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }) },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) },
    { weight: 4, arbitrary: fc.constantFrom(null, '') },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -2, max: 100000 }), fc.constantFrom('x', 1.5)) },
  );
  const row = fc.record(
    {
      TimeGenerated: fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom(null, '2024-02-30T00:00:00Z', 'x')),
      Direction: fc.constantFrom('inbound', 'outbound', 'Outbound', 'listen', null),
      Computer: fc.oneof(fc.domain(), text),
      SourceIp: fc.oneof(fc.ipV4(), fc.ipV6(), text),
      DestinationIp: fc.oneof(fc.ipV4(), text),
      DestinationPort: num,
      Protocol: fc.constantFrom('tcp', 'udp', 'sctp', 'weird', null),
      BytesSent: num,
      BytesReceived: num,
      LinksEstablished: num,
      LinksFailed: num,
      LinksLive: num,
      RemoteDnsCanonicalNames: fc.oneof(fc.domain().map((d) => JSON.stringify([d])), text, fc.constant('[]')),
      RemoteLatitude: fc.oneof(fc.double({ min: -90, max: 90, noNaN: true }), text),
      MaliciousIp: fc.oneof(fc.ipV4(), text),
      Severity: num,
      Confidence: fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), text),
      ProcessName: text,
      Machine: text,
    },
    { requiredKeys: [] },
  );

  it('fuzz: any row maps to a valid record, a skip or a RecordRejected, counts at least one event, and the same under the detector projection', () => {
    let mapped = 0;
    fc.assert(
      fc.property(row, (r) => {
        let o: NetworkSession | string;
        try {
          o = outcome(r as TableRow);
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
          return;
        }
        if (typeof o === 'string') return;
        mapped++;
        sameUnderProjection(r as TableRow);
        expect(validateNetworkSession(o).filter((v) => v.severity === 'error')).toEqual([]);
        expect(o.EventCount).toBeGreaterThanOrEqual(1);
        if (typeof r.DestinationPort === 'number') expect(o.DstPortNumber).toBe(r.DestinationPort);
      }),
      { numRuns: RUNS },
    );
    expect(mapped).toBeGreaterThan(RUNS / 50); // the generator reaches the mapping, not only the rejections
  });
});
