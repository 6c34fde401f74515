import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParserOnFile, type Outcome } from '@asimkit/sdk/testkit';
import { AzureNsgParser } from '../src/parser.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new AzureNsgParser();
const outcomes = (name: string): Outcome[] => runParserOnFile(parser, `${fixtures}/${name}`);
type Rec = Record<string, unknown> & { AdditionalFields?: Record<string, unknown> };
const sessions = (name: string): Rec[] => outcomes(name).filter((o) => 'EventType' in o) as Rec[];

/**
 * The flows of `nsg-v2-blob` as Traffic Analytics aggregates them (`analytics-same-flows-as-nsg-v2`,
 * built by hand from the TA schema: one row per src, dst, dst port, protocol, rule and direction,
 * public peers listed in Src/DestPublicIPs_s). Both forms must name the same flows.
 */
describe('azure-nsg: the same flows as AzureNetworkAnalytics_CL rows and as raw v2 tuples', () => {
  const tuples = sessions('nsg-v2-blob.from-docs.json');
  const aggregates = sessions('analytics-same-flows-as-nsg-v2.from-docs.csv');
  const key = (src: unknown, dst: unknown, r: Rec) => [src, dst, r.DstPortNumber, r.NetworkProtocol, r.NetworkDirection, r.DvcAction, r.NetworkRuleName].join(' ');
  /** A TA row stands for every public peer it lists, not only the first (its SrcIpAddr/DstIpAddr). */
  const aggregateKeys = (r: Rec): string[] => {
    const srcs = (r.AdditionalFields?.SrcIpAddresses as string[] | undefined) ?? [r.SrcIpAddr];
    const dsts = (r.AdditionalFields?.DstIpAddresses as string[] | undefined) ?? [r.DstIpAddr];
    return srcs.flatMap((s) => dsts.map((d) => key(s, d, r)));
  };

  it('give the same src/dst addresses, dst ports and protocols (with direction, action and rule)', () => {
    expect(tuples).toHaveLength(13);
    expect(aggregates).toHaveLength(6);
    const fromTuples = new Set(tuples.map((r) => key(r.SrcIpAddr, r.DstIpAddr, r)));
    const fromAggregates = new Set(aggregates.flatMap(aggregateKeys));
    expect([...fromAggregates].sort()).toEqual([...fromTuples].sort());
  });

  it('Traffic Analytics drops source ports; the tuples keep them', () => {
    for (const r of aggregates) expect(r).not.toHaveProperty('SrcPortNumber');
    for (const r of tuples) expect(typeof r.SrcPortNumber).toBe('number');
  });

  it('the first public peer of a row is its address, and the others stay in AdditionalFields', () => {
    const outbound443 = aggregates.find((r) => r.DstPortNumber === 443 && r.NetworkDirection === 'Outbound')!;
    expect(outbound443.DstIpAddr).toBe('203.0.113.118');
    expect(outbound443.AdditionalFields?.DstIpAddresses).toEqual(['203.0.113.118', '203.0.113.117', '203.0.113.115', '198.51.100.225']);
  });

  it('a row counts its flows, and its bytes and packets per direction are the sums of the tuples (src→dst = Outbound*, both directions)', () => {
    for (const agg of aggregates) {
      const peers = new Set(aggregateKeys(agg));
      const members = tuples.filter((t) => peers.has(key(t.SrcIpAddr, t.DstIpAddr, t)));
      const flows = new Set(members.map((t) => `${t.SrcIpAddr} ${t.SrcPortNumber} ${t.DstIpAddr}`));
      expect(agg.EventCount, JSON.stringify(agg)).toBe(flows.size);
      const sum = (field: string) => members.reduce((s, t) => s + ((t[field] as number | undefined) ?? 0), 0);
      for (const field of ['SrcBytes', 'DstBytes', 'SrcPackets', 'DstPackets']) expect(agg[field] ?? 0, `${field} of ${String(agg.DstPortNumber)}`).toBe(sum(field));
      expect(agg.EventStartTime).toBe(members.map((t) => t.TimeGenerated as string).sort()[0]);
    }
  });
});

describe('azure-nsg raw records', () => {
  it('the Event Hub form (one records document per line) gives what the blob gives', () => {
    expect(outcomes('nsg-v2-event-hub.from-docs.jsonl').filter((o) => 'EventType' in o)).toEqual(sessions('nsg-v2-blob.from-docs.json'));
  });

  it('reads the records nested inside a records document (Microsoft v1 sample artefact)', () => {
    const recs = sessions('nsg-v1-blob.from-docs.json');
    expect(recs).toHaveLength(9);
    expect(recs.filter((r) => r.NetworkRuleName === 'DefaultRule_AllowInternetOutBound').map((r) => r.DstPortNumber)).toEqual([443, 123]);
  });

  it('a v1 tuple has no flow state and no counters; a v2 B tuple has a state and no counters', () => {
    const [v1] = sessions('nsg-v1-blob.from-docs.json');
    expect(v1).not.toHaveProperty('EventOriginalSubType');
    expect(v1).not.toHaveProperty('NetworkBytes');
    const [b] = sessions('nsg-v2-blob.from-docs.json');
    expect(b).toMatchObject({ EventOriginalSubType: 'B', EventProductVersion: '2' });
    expect(b).not.toHaveProperty('SrcBytes');
  });

  it('NSG tuple times are seconds, VNet tuple times milliseconds (seconds-looking VNet times are read as seconds)', () => {
    expect(sessions('nsg-v2-blob.from-docs.json')[0]!.TimeGenerated).toBe('2018-11-13T12:00:02.000Z');
    const vnet = sessions('vnet-v4-blob.from-docs.json');
    expect(vnet[0]!.TimeGenerated).toBe('2022-09-14T09:00:03.599Z');
    expect(vnet[vnet.length - 1]!.TimeGenerated).toBe('2017-05-02T22:25:38.000Z');
  });

  it('VNet: state D is a denied flow, protocol numbers become IANA names, the NIC MAC is on the local side', () => {
    const vnet = sessions('vnet-v4-blob.from-docs.json');
    const denied = vnet.filter((r) => r.EventOriginalSubType === 'D');
    expect(denied.length).toBe(6);
    for (const r of denied) expect(r).toMatchObject({ DvcAction: 'Deny', EventResult: 'Failure', EventSeverity: 'Low', NetworkDirection: 'Inbound', DstMacAddr: '11:22:33:44:55:66' });
    expect(new Set(vnet.map((r) => r.NetworkProtocol))).toEqual(new Set(['TCP', 'ICMP', 'UDP', 'GRE']));
    expect(vnet.find((r) => r.NetworkProtocolVersion === 'IPv6')).toMatchObject({ SrcIpAddr: 'fd00:db8:deca::7' });
  });

  it('a malformed tuple rejects its record only after every good tuple of it was emitted, naming each bad tuple', () => {
    const all = outcomes('nsg-malformed-and-skipped.from-docs.json');
    // outcomes are in input order: the record's two good tuples, then its rejection
    type Rejected = { _rejected: { line: number; reason: string; detail: string } };
    expect(all.slice(0, 3).map((o) => ('_rejected' in o ? `rejected line ${(o as Rejected)._rejected.line}` : (o as Rec).SrcPortNumber))).toEqual([44932, 44936, 'rejected line 1']);
    const rejected = all.find((o) => '_rejected' in o && (o as Rejected)._rejected.reason === 'bad-flow-tuple') as Rejected;
    expect(rejected._rejected.detail).toMatch(/^6 of 8 flow tuples malformed \(the other 2 were emitted\)/);
    expect(rejected._rejected.detail).toContain('flowTuples[1]');
  });

  it('NSG rule events and counters (the AzureNSG connector) and empty records are skipped with a reason; unknown shapes are rejected', () => {
    const all = outcomes('nsg-malformed-and-skipped.from-docs.json');
    expect(all.filter((o) => '_skipped' in o).map((o) => (o as { _skipped: { reason: string } })._skipped.reason)).toEqual([
      'no flow tuples in the record',
      'NSG rule event (NetworkSecurityGroupEvent): no flow, no source address',
      'NSG rule counter (NetworkSecurityGroupRuleCounter): no flow, no source address',
    ]);
    expect(all.filter((o) => '_rejected' in o).map((o) => (o as { _rejected: { reason: string } })._rejected.reason)).toEqual([
      'bad-flow-tuple',
      'not-an-object',
      'bad-record',
      'not-a-flow-record',
      'bad-flow-tuple',
    ]);
  });

  it('a rule entry without flows costs only itself: the other tuples of its record are emitted first', () => {
    const all = outcomes('nsg-malformed-and-skipped.from-docs.json');
    expect((all[all.length - 2] as Rec).DstPortNumber).toBe(53);
    expect(all[all.length - 1]).toEqual({
      _rejected: { line: 9, reason: 'bad-flow-tuple', detail: '1 of 2 flow tuples malformed (the other 1 were emitted): properties.flows[1] is not a rule with flows' },
    });
  });

  it('a MAC that is not one is kept in AdditionalFields, not emitted', () => {
    const last = sessions('nsg-malformed-and-skipped.from-docs.json').find((r) => r.TimeGenerated === '2018-11-13T12:04:10.000Z')!;
    expect(last).not.toHaveProperty('SrcMacAddr');
    expect(last.AdditionalFields?.macAddress).toBe('00-0D-3A');
  });

  it('decodes a JSON line (a record or a records document) through decode, as per-line routing sends it', () => {
    const line = readFileSync(`${fixtures}/nsg-v2-event-hub.from-docs.jsonl`, 'utf8').split('\n')[0]!;
    expect(parser.claimsLine(line)).toBe(true);
    expect(parser.claimsLine('{"TimeGenerated":"2025-01-01T00:00:00Z"}')).toBe(false);
    const rows: unknown[] = [];
    parser.createDecoder().decode(line, { row: (r) => rows.push(r), skip: () => {} });
    expect(rows).toHaveLength(7);
    expect(() => parser.createDecoder().decode('{"records": [', { row() {}, skip() {} })).toThrow(/invalid JSON/);
  });

  it('one big record: every tuple becomes one record, in order, in linear time', () => {
    const n = 50_000;
    const tuples = Array.from({ length: n }, (_, i) => `${1542110400 + (i % 3600)},10.5.16.4,203.0.113.${i % 250},${1024 + (i % 60000)},443,T,O,A,E,${i % 7},${i},${i % 5},${2 * i}`);
    const record = { category: 'NetworkSecurityGroupFlowEvent', properties: { Version: 2, flows: [{ rule: 'r', flows: [{ mac: '000D3AF87856', flowTuples: tuples }] }] } };
    const rows: unknown[] = [];
    const started = performance.now();
    parser.createDecoder().decodeRecord!(record, { row: (r) => rows.push(r), skip: () => {} });
    const mapped = rows.map((r) => parser.map(r as never, { receivedAt: '2000-01-01T00:00:00.000Z' } as never) as unknown as Rec);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(mapped).toHaveLength(n);
    expect(mapped[n - 1]).toMatchObject({ SrcBytes: n - 1, DstBytes: 2 * (n - 1), SrcPortNumber: 1024 + ((n - 1) % 60000) });
  });
});

describe('azure-nsg tables', () => {
  it('maps every row of the msticpy AzureNetworkAnalytics_CL export (its first column is a pandas index, many columns are missing)', () => {
    const all = outcomes('msticpy-az-net-flows.csv');
    expect(all).toHaveLength(460);
    expect(all.filter((o) => !('EventType' in o))).toEqual([]);
  });

  it('msticpy rows: the VM side from VMIPAddress/VMName, the peer from AllExtIPs, the action from the flow counts', () => {
    const recs = sessions('msticpy-az-net-flows.csv');
    const rdp = recs.find((r) => r.DstPortNumber === 3389)!;
    expect(rdp).toMatchObject({ SrcIpAddr: '131.107.147.209', DstIpAddr: '10.0.3.5', DstHostname: 'msticalertswin1', NetworkDirection: 'Inbound', DvcAction: 'Allow' });
    expect(rdp).not.toHaveProperty('DvcOriginalAction');
    const expanded = recs.filter((r) => r.EventStartTime === '2019-02-12T13:00:48.000Z' && r.TimeGenerated === '2019-02-12T14:22:40.681Z');
    expect(expanded.map((r) => r.DstIpAddr)).toEqual(['13.71.172.128', '13.71.172.130']);
    const intra = recs.filter((r) => r.EventOriginalSubType === 'IntraVNet' && r.DstPortNumber === 445);
    for (const r of intra) expect(r).toMatchObject({ SrcIpAddr: '10.0.3.4', DstIpAddr: '10.0.3.5' });
  });

  it('zone-less table datetimes are UTC', () => {
    expect(sessions('msticpy-az-net-flows.csv')[0]!.TimeGenerated).toBe('2019-02-12T14:22:40.697Z');
  });

  it('NTANetAnalytics: the destination host comes from DestVm (Microsoft takes SrcVm), the country from the remote side', () => {
    const [intra, inbound] = sessions('nta-net-analytics.from-docs.json');
    expect(intra).toMatchObject({ SrcHostname: 'web01', DstHostname: 'api01', SrcPortNumber: 50211, EventCount: 3 });
    expect(inbound).toMatchObject({ SrcIpAddr: '203.0.113.50', SrcGeoCountry: 'NL', DvcAction: 'Deny', EventSeverity: 'Low', EventCount: 1 });
  });

  it('sniffs raw records, table rows and JSON lines, and not the other form', () => {
    const blob = JSON.parse(readFileSync(`${fixtures}/nsg-v2-blob.from-docs.json`, 'utf8')) as { records: Record<string, unknown>[] };
    expect(parser.sniff({ records: blob.records })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: blob.records })).toBe(0);
    const nta = JSON.parse(readFileSync(`${fixtures}/nta-net-analytics.from-docs.json`, 'utf8')) as Record<string, unknown>[];
    expect(parser.sniff({ rows: nta })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ records: nta })).toBe(0);
    expect(parser.sniff({ rows: [{ FlowType_s: 'IntraVNet', FlowDirection_s: 'I' }] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ rows: [{ DeviceVendor: 'Palo Alto Networks', Activity: 'TRAFFIC' }] })).toBe(0);
    expect(parser.sniff({ lines: readFileSync(`${fixtures}/nsg-v2-event-hub.from-docs.jsonl`, 'utf8').trim().split('\n') })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'] })).toBe(0);
  });

  it('a row of another table is rejected, an AzureDiagnostics NSG rule event skipped', () => {
    expect(() => parser.fromTableRow({ Type: 'CommonSecurityLog', DeviceVendor: 'x' })).toThrow(/a CommonSecurityLog row/);
    expect(parser.fromTableRow({ Type: 'AzureDiagnostics', Category: 'NetworkSecurityGroupEvent' })).toMatchObject({ reason: expect.stringContaining('NSG rule event') });
  });
});

describe('azure-nsg under a projection (asim detect)', () => {
  it('the lean tuple record has exactly the full record values of every field it keeps, on every raw fixture tuple', async () => {
    const { DETECTOR_FIELDS, validateNetworkSession } = await import('@asimkit/schema');
    const { LEAN_TUPLE_FIELDS } = await import('../src/mapping.js');
    const full = { receivedAt: '2000-01-01T00:00:00.000Z' } as never;
    const lean = { receivedAt: '2000-01-01T00:00:00.000Z', fields: new Set<string>(DETECTOR_FIELDS) } as never;
    let n = 0;
    for (const name of ['nsg-v1-blob.from-docs.json', 'nsg-v2-blob.from-docs.json', 'vnet-v4-blob.from-docs.json', 'nsg-malformed-and-skipped.from-docs.json']) {
      const doc = JSON.parse(readFileSync(`${fixtures}/${name}`, 'utf8')) as { records: unknown[] };
      for (const record of doc.records) {
        if (typeof record !== 'object' || record === null) continue;
        const rows: unknown[] = [];
        try {
          parser.createDecoder().decodeRecord!(record as Record<string, unknown>, { row: (r) => rows.push(r), skip() {} });
        } catch {
          continue;
        }
        for (const row of rows.filter((r) => (r as { kind: string }).kind === 'tuple')) {
          const a = parser.map(row as never, full) as unknown as Rec;
          const b = parser.map(row as never, lean) as unknown as Rec;
          for (const f of LEAN_TUPLE_FIELDS) expect(b[f], `${name} ${f}`).toEqual(a[f]);
          expect(Object.keys(b).every((k) => LEAN_TUPLE_FIELDS.has(k))).toBe(true);
          expect(validateNetworkSession(b).filter((v) => v.severity === 'error')).toEqual([]);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(40);
  });
});
