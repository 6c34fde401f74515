import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_FIELDS, validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { frameJsonText, jsonRecordsOf, normalizeJsonRow, parseCsvExport, RecordRejected, Skip, type JsonObject, type TableRow } from '@asimkit/sdk';
import { FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { ipv4Mapped, LEAN_FIELDS, localIsService, networkProtocol, urlHost } from '../src/mapping.js';
import { MicrosoftDefenderParser, type MicrosoftDefenderOptions } from '../src/parser.js';
import type { DefenderRow } from '../src/row.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const parser = new MicrosoftDefenderParser();
const ctxWith = (options: MicrosoftDefenderOptions) => ({ options, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: FIXED_RECEIVED_AT });
const ctx = ctxWith({ inspections: false });

const EVENT: JsonObject = {
  Timestamp: '2023-07-19T14:30:34.5955683Z',
  DeviceId: '22bb10ffe3104214b20fc7de339a2b053e915e5c',
  DeviceName: 'janeslaptop1.corporatedomain',
  ActionType: 'InboundConnectionAccepted',
  RemoteIP: '175.16.199.0',
  RemotePort: 54022,
  LocalIP: '89.160.20.112',
  LocalPort: 135,
  Protocol: 'Tcp',
  InitiatingProcessFileName: 'svchost.exe',
  InitiatingProcessId: 1772,
  InitiatingProcessAccountDomain: 'nt authority',
  InitiatingProcessAccountName: 'network service',
  InitiatingProcessAccountSid: 'S-1-5-12',
  ReportId: 884651,
};
const envelope = (properties: JsonObject, category = 'AdvancedHunting-DeviceNetworkEvents'): JsonObject => ({
  time: '2023-07-19T18:03:21.9948950Z',
  tenantId: '12345af3-1234-4c1d-9e3a-0123456789ab',
  category,
  properties,
});

/** Every outcome of one raw record through `decodeRecord` and `map`: records, or skip reasons. */
function viaRecord(record: JsonObject, options: MicrosoftDefenderOptions = { inspections: false }): (NetworkSession | string)[] {
  const out: (NetworkSession | string)[] = [];
  const c = ctxWith(options);
  parser.createDecoder().decodeRecord(record, {
    row: (row) => {
      const r = parser.map(row, c);
      out.push(r instanceof Skip ? r.reason : r);
    },
    skip: (reason) => out.push(reason),
  });
  return out;
}

function one(record: JsonObject, options?: MicrosoftDefenderOptions): NetworkSession {
  const [r] = viaRecord(record, options);
  if (r === undefined || typeof r === 'string') throw new Error(`expected a record, got ${String(r)}`);
  return r;
}

describe('microsoft-defender orientation: what the detector counts', () => {
  it('an accepted inbound connection counts the local listening port and the listening process', () => {
    const r = one(envelope(EVENT));
    expect(r).toMatchObject({ SrcIpAddr: '175.16.199.0', SrcPortNumber: 54022, DstIpAddr: '89.160.20.112', DstPortNumber: 135, DstAppName: 'svchost.exe', NetworkDirection: 'Inbound', NetworkProtocol: 'TCP' });
    expect(r).toMatchObject({ LocalIpAddr: '89.160.20.112', RemoteIpAddr: '175.16.199.0', IpAddr: '89.160.20.112', DstUsername: 'nt authority\\network service' });
    expect(r).not.toHaveProperty('DvcAction');
  });

  it('an outbound connection puts the device in Src and the remote service port in Dst', () => {
    const r = one(envelope({ ...EVENT, ActionType: 'ConnectionSuccess', LocalPort: 50262, RemotePort: 443, RemoteUrl: 'https://login.microsoftonline.com/common/oauth2' }));
    expect(r).toMatchObject({ SrcIpAddr: '89.160.20.112', SrcPortNumber: 50262, DstIpAddr: '175.16.199.0', DstPortNumber: 443, SrcAppName: 'svchost.exe', NetworkDirection: 'Outbound' });
    expect(r).toMatchObject({ DstFQDN: 'login.microsoftonline.com', DstHostname: 'login', DstDomain: 'microsoftonline.com', Hostname: 'login' });
    expect(r).not.toHaveProperty('DstAppName');
  });

  it('ConnectionAttempt and ConnectionAcknowledged are inbound; ConnectionFailed is a Failure without a DvcAction', () => {
    for (const ActionType of ['ConnectionAttempt', 'ConnectionAcknowledged']) expect(one(envelope({ ...EVENT, ActionType }))).toMatchObject({ NetworkDirection: 'Inbound', DstPortNumber: 135 });
    const failed = one(envelope({ ...EVENT, ActionType: 'ConnectionFailed', LocalPort: 50000, RemotePort: 80 }));
    expect(failed).toMatchObject({ EventResult: 'Failure', DstPortNumber: 80, NetworkDirection: 'Outbound' });
    expect(failed).not.toHaveProperty('DvcAction');
  });

  it('a found connection takes the lower port as the service, either way round', () => {
    expect(one(envelope({ ...EVENT, ActionType: 'ConnectionFound', LocalPort: 61736, RemotePort: 8080 }))).toMatchObject({ SrcPortNumber: 61736, DstPortNumber: 8080, NetworkDirection: 'NA', SrcAppName: 'svchost.exe' });
    expect(one(envelope({ ...EVENT, ActionType: 'ConnectionFound', LocalPort: 445, RemotePort: 49833 }))).toMatchObject({ SrcPortNumber: 49833, DstPortNumber: 445, DstAppName: 'svchost.exe' });
    expect(localIsService(undefined, 80)).toBe(true);
  });

  it('a listening socket has the local port in Dst and no wildcard peer', () => {
    const r = one(envelope({ ...EVENT, ActionType: 'ListeningConnectionCreated', RemoteIP: '::', RemotePort: 0, LocalIP: '::', LocalPort: 5985 }));
    expect(r).toMatchObject({ NetworkDirection: 'Listen', DstIpAddr: '::', DstPortNumber: 5985, DstAppName: 'svchost.exe' });
    expect(r).not.toHaveProperty('SrcIpAddr');
    expect(r).not.toHaveProperty('SrcPortNumber');
    expect(r).not.toHaveProperty('DvcIpAddr');
  });

  it('inspection events are skipped by default and mapped with their own direction under inspections=true', () => {
    const http = envelope({ ...EVENT, ActionType: 'HttpConnectionInspected', LocalPort: 50263, RemotePort: 80, AdditionalFields: '{"direction":"Out","host":"a.b"}' });
    expect(viaRecord(http)).toEqual(['inspection HttpConnectionInspected (inspections=true maps it)']);
    expect(one(http, { inspections: true })).toMatchObject({ NetworkDirection: 'Outbound', DstPortNumber: 80, NetworkApplicationProtocol: 'HTTP', AdditionalFields: { AdditionalFields: { direction: 'Out', host: 'a.b' } } });
  });
});

describe('microsoft-defender values', () => {
  it('IPv4-mapped IPv6 addresses become the IPv4 peer, and the original is kept', () => {
    const r = one(envelope({ ...EVENT, RemoteIP: '::ffff:175.16.199.7', LocalIP: '::FFFF:5aa0:1470' }));
    expect(r).toMatchObject({ SrcIpAddr: '175.16.199.7', DstIpAddr: '90.160.20.112', NetworkProtocolVersion: 'IPv4', AdditionalFields: { RemoteIP: '::ffff:175.16.199.7', LocalIP: '::FFFF:5aa0:1470' } });
    expect(ipv4Mapped('0:0:0:0:0:ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(ipv4Mapped('2a02:cf40::ffff:10.0.0.1')).toBeUndefined();
    expect(ipv4Mapped('::1')).toBeUndefined();
  });

  it('`-` and non-IP text never reach an address field', () => {
    const dash = one(envelope({ ...EVENT, RemoteIP: '-' }));
    expect(dash).not.toHaveProperty('SrcIpAddr');
    const text = one(envelope({ ...EVENT, RemoteIP: 'localhost' }));
    expect(text).not.toHaveProperty('SrcIpAddr');
    expect(text.AdditionalFields).toMatchObject({ RemoteIP: 'localhost', RemoteIPDropped: 'not an IP address' });
  });

  it('protocols map by prefix to IANA keywords; ICMP over IPv6 is IPv6-ICMP; Unknown is no protocol', () => {
    expect(networkProtocol('Tcp', false)).toBe('TCP');
    expect(networkProtocol('TcpV6', true)).toBe('TCP');
    expect(networkProtocol('Udp', false)).toBe('UDP');
    expect(networkProtocol('Icmp', false)).toBe('ICMP');
    expect(networkProtocol('Icmp', true)).toBe('IPv6-ICMP');
    expect(networkProtocol('Unknown', false)).toBeUndefined();
    expect(networkProtocol('gre', false)).toBe('GRE');
  });

  it('RemoteUrl yields the host name only; an address literal names no host', () => {
    expect(urlHost('https://user@www.contoso.com:8443/a?b')).toBe('www.contoso.com');
    expect(urlHost('subdomain.domain.tld')).toBe('subdomain.domain.tld');
    expect(urlHost('http://10.0.0.1/x')).toBeUndefined();
    expect(urlHost('http://[2001:db8::1]:80/')).toBeUndefined();
    expect(urlHost('')).toBeUndefined();
  });

  it('the NULL SID and process id 0 are absent values, not identities', () => {
    const r = one(envelope({ ...EVENT, ActionType: 'ConnectionSuccess', InitiatingProcessAccountSid: 'S-1-0-0', InitiatingProcessId: 0 }));
    expect(r).not.toHaveProperty('SrcUserId');
    expect(r).not.toHaveProperty('SrcUserIdType');
    expect(r).not.toHaveProperty('SrcProcessId');
    expect(r).toMatchObject({ SrcProcessName: 'svchost.exe', SrcAppType: 'Process' });
  });

  it('time: Timestamp, else TimeGenerated, else the envelope time, each said; a malformed Timestamp is rejected', () => {
    expect(one(envelope(EVENT)).TimeGenerated).toBe('2023-07-19T14:30:34.595Z');
    const { Timestamp: _drop, ...noTime } = EVENT;
    const r = one(envelope(noTime));
    expect(r.TimeGenerated).toBe('2023-07-19T18:03:21.994Z');
    expect(r.AdditionalFields).toHaveProperty('TimeGeneratedSource');
    expect(() => viaRecord(envelope({ ...EVENT, Timestamp: '2023-02-30T00:00:00Z' }))).toThrow(RecordRejected);
    expect(() => viaRecord(envelope({ ...EVENT, Timestamp: 'yesterday' }))).toThrow(RecordRejected);
  });
});

describe('microsoft-defender forms', () => {
  it('a streaming record read as a table row maps exactly as through decodeRecord', () => {
    const row = parser.fromTableRow(envelope(EVENT));
    expect(row).not.toBeInstanceOf(Skip);
    expect(parser.map(row as DefenderRow, ctx)).toEqual(one(envelope(EVENT)));
    expect(parser.fromTableRow(envelope(EVENT, 'AdvancedHunting-DeviceFileEvents'))).toBeInstanceOf(Skip);
  });

  it('a line holding an Event Hub document yields each of its records', () => {
    const rows: DefenderRow[] = [];
    const skips: string[] = [];
    const doc = { records: [envelope(EVENT), envelope(EVENT, 'AdvancedHunting-DeviceProcessEvents'), envelope({ ...EVENT, ReportId: 2 })] };
    parser.createDecoder().decode(JSON.stringify(doc), { row: (r) => rows.push(r), skip: (s) => skips.push(s) });
    expect(rows.map((r) => r.ReportId)).toEqual(['884651', '2']);
    expect(skips).toEqual(['category AdvancedHunting-DeviceProcessEvents is not DeviceNetworkEvents']);
  });

  it('sniffs streaming records, hunting rows and JSON lines, and not other sources', () => {
    expect(parser.sniff({ records: [envelope(EVENT)] })).toBeGreaterThan(parser.sniff({ rows: [envelope(EVENT)] }));
    expect(parser.sniff({ rows: [EVENT] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ ...EVENT, Type: 'DeviceNetworkEvents' }] })).toBeGreaterThanOrEqual(0.9);
    expect(parser.sniff({ records: [EVENT] })).toBe(0);
    expect(parser.sniff({ lines: [JSON.stringify(envelope(EVENT))] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ TimeGenerated: '2022-05-11T18:09:38Z', Direction: 'outbound', SourceIp: '1.2.3.4', Type: 'VMConnection' }] })).toBe(0);
    expect(parser.sniff({ lines: ['<134>Oct 11 22:14:15 host CEF:0|Palo Alto Networks|PAN-OS|9.1|end|TRAFFIC|1|src=10.0.0.1'] })).toBe(0);
  });
});

/** Every row of every fixture (raw records and table rows), decoded as the test kit reads them. */
function fixtureRows(): DefenderRow[] {
  const dir = fileURLToPath(new URL('./fixtures', import.meta.url));
  const rows: DefenderRow[] = [];
  const decoder = parser.createDecoder();
  const take = (r: DefenderRow | Skip): void => void (r instanceof Skip || rows.push(r));
  const out = { row: (r: DefenderRow) => rows.push(r), skip() {} };
  const tryEach = <T>(items: T[], f: (item: T) => void): void => items.forEach((it) => { try { f(it); } catch (err) { if (!(err instanceof RecordRejected)) throw err; } });
  for (const name of readdirSync(dir).filter((n) => /\.(json|csv)$/.test(n) && !n.endsWith('.options.json'))) {
    const text = readFileSync(`${dir}/${name}`, 'utf8');
    if (name.endsWith('.csv')) tryEach(parseCsvExport(text), ({ row }) => take(parser.fromTableRow(row)));
    else if (text.startsWith('{"')) tryEach(text.split('\n').filter(Boolean), (line) => decoder.decode(line, out));
    else {
      const objects = frameJsonText(text).records.map((f) => JSON.parse(f.text) as JsonObject);
      tryEach(objects.flatMap((o) => jsonRecordsOf(o) as JsonObject[]), (o) => ('properties' in o ? decoder.decodeRecord(o, out) : take(parser.fromTableRow(normalizeJsonRow(o as TableRow)))));
    }
  }
  return rows;
}

describe('microsoft-defender under the detector projection', () => {
  const lean = { ...ctx, fields: new Set<string>(DETECTOR_FIELDS) };
  const sameOnLeanFields = (row: DefenderRow, options: MicrosoftDefenderOptions): void => {
    const full = parser.map(row, ctxWith(options));
    const projected = parser.map(row, { ...lean, options });
    if (full instanceof Skip || projected instanceof Skip) {
      expect(projected).toEqual(full);
      return;
    }
    const keep = (r: NetworkSession) => Object.fromEntries(Object.entries(r).filter(([k]) => LEAN_FIELDS.has(k)));
    expect(projected).toEqual(keep(full));
  };

  it('the lean record has exactly the full record values of every field it keeps, on every fixture row', () => {
    const rows = fixtureRows();
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) for (const inspections of [false, true]) sameOnLeanFields(row, { inspections });
    expect(Object.keys(parser.map(rows[0]!, lean))).not.toContain('AdditionalFields');
  });

  it('a projection asking for more than the lean fields gets the full record', () => {
    const row = fixtureRows()[0]!;
    expect(parser.map(row, { ...ctx, fields: new Set(['DstPortNumber', 'SrcUsername']) })).toEqual(parser.map(row, ctx));
  });
});

describe('microsoft-defender fuzz', () => {
  const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((v) => `::ffff:${v}`), fc.constantFrom('-', '', '0.0.0.0', '::', 'x.y'), fc.string({ maxLength: 6 }));
  const port = fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(null, -1, 65536, '443', 'http', 1.5));
  const action = fc.constantFrom('ConnectionSuccess', 'ConnectionFailed', 'ConnectionRequest', 'InboundConnectionAccepted', 'ConnectionFound', 'ListeningConnectionCreated', 'ConnectionAttempt', 'ConnectionAcknowledged', 'HttpConnectionInspected', 'NetworkSignatureInspected', 'IcmpConnectionInspected', 'LogonSuccess', '');
  const event = fc.record(
    {
      Timestamp: fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '1234Z')), fc.constantFrom(null, 'not a time', '2023-13-01T00:00:00Z')),
      ActionType: action,
      LocalIP: ip,
      RemoteIP: ip,
      LocalPort: port,
      RemotePort: port,
      Protocol: fc.constantFrom('Tcp', 'Udp', 'Icmp', 'Unknown', null, 'TcpV4', 'Weird'),
      RemoteUrl: fc.oneof(fc.webUrl(), fc.domain(), fc.string({ maxLength: 10 })),
      DeviceName: fc.oneof(fc.domain(), fc.string({ maxLength: 10 })),
      DeviceId: fc.constantFrom('22bb10ffe3104214b20fc7de339a2b053e915e5c', ''),
      InitiatingProcessId: fc.oneof(fc.nat(), fc.constantFrom('12', 'x')),
      InitiatingProcessFileName: fc.constantFrom('svchost.exe', 'curl', null),
      InitiatingProcessAccountSid: fc.constantFrom('S-1-5-18', 'S-1-0-0', null),
      InitiatingProcessAccountName: fc.constantFrom('root', 'system', null),
      InitiatingProcessAccountDomain: fc.constantFrom('nt authority', '', null),
      AdditionalFields: fc.oneof(fc.constant(null), fc.constant('{"direction":"In"}'), fc.constant({ direction: 'Out' }), fc.string({ maxLength: 8 })),
    },
    { requiredKeys: [] },
  );

  const sameLean = (row: DefenderRow, inspections: boolean): void => {
    const full = parser.map(row, ctxWith({ inspections }));
    const projected = parser.map(row, { ...ctxWith({ inspections }), fields: new Set<string>(DETECTOR_FIELDS) });
    if (full instanceof Skip || projected instanceof Skip) return void expect(projected).toEqual(full);
    expect(projected).toEqual(Object.fromEntries(Object.entries(full).filter(([k]) => LEAN_FIELDS.has(k))));
  };

  it('fuzz: any event maps to a valid record, a skip or a RecordRejected, the same under the detector projection, and inbound sessions count the local port', () => {
    let mapped = 0;
    fc.assert(
      fc.property(event, fc.boolean(), (e, inspections) => {
        let outcomes: (NetworkSession | string)[];
        try {
          outcomes = viaRecord(envelope(e as JsonObject), { inspections });
          parser.createDecoder().decodeRecord(envelope(e as JsonObject), { row: (row) => sameLean(row, inspections), skip() {} });
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
          return;
        }
        for (const o of outcomes) {
          if (typeof o === 'string') continue;
          mapped++;
          expect(validateNetworkSession(o).filter((v) => v.severity === 'error')).toEqual([]);
          if (o.NetworkDirection === 'Inbound' || o.NetworkDirection === 'Listen') {
            if (typeof e.LocalPort === 'number') expect(o.DstPortNumber).toBe(e.LocalPort);
          }
          if (o.NetworkDirection === 'Outbound' && typeof e.RemotePort === 'number') expect(o.DstPortNumber).toBe(e.RemotePort);
        }
      }),
      { numRuns: RUNS },
    );
    expect(mapped).toBeGreaterThan(RUNS / 50); // the generator reaches the mapping, not only the rejections
  });
});
