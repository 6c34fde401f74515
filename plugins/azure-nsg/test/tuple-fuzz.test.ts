import { isIP } from 'node:net';
import fc from 'fast-check';
import { IANA_PROTOCOL_NAMES } from '@asimkit/schema';
import { describe, expect, it } from 'vitest';
import type { AzureNsgRow, FlowGroup, FlowTupleRow } from '../src/row.js';
import { FlowLogDecoder } from '../src/flow-log.js';
import { parseFlowTuple } from '../src/tuple.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const group = (log: 'nsg' | 'vnet'): FlowGroup => ({
  log,
  version: log === 'nsg' ? 2 : 4,
  resourceId: undefined,
  resourceName: undefined,
  subscriptionId: undefined,
  rule: 'r',
  mac: undefined,
  badMac: undefined,
  additional: {},
});

const ip = fc.oneof(fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 0, max: 65535 });
const count = fc.integer({ min: 0, max: 2 ** 40 });
/** 2000-01-01 .. 2100-01-01 in seconds. */
const epochSeconds = fc.integer({ min: 946684800, max: 4102444800 });

interface Fields {
  seconds: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  dir: 'I' | 'O';
}
const common = fc.record({ seconds: epochSeconds, src: ip, dst: ip, sport: port, dport: port, dir: fc.constantFrom('I' as const, 'O' as const) });
const counters = fc.option(fc.tuple(count, count, count, count), { nil: undefined });

const nsgTuple = fc.record({
  f: common,
  proto: fc.constantFrom('T', 'U'),
  decision: fc.constantFrom('A', 'D'),
  v2: fc.option(fc.record({ state: fc.constantFrom('B', 'C', 'E'), counters }), { nil: undefined }),
});
const vnetTuple = fc.record({
  f: common,
  ms: fc.integer({ min: 0, max: 999 }),
  proto: fc.integer({ min: 0, max: 255 }),
  state: fc.constantFrom('B', 'C', 'E', 'D'),
  encryption: fc.constantFrom('X', 'NX', 'NX_HW_NOT_SUPPORTED', 'NX_SW_NOT_READY', 'NX_NOT_ACCEPTED', 'NX_NOT_SUPPORTED', 'NX_LOCAL_DST', 'NX_FALLBACK'),
  counters: fc.tuple(count, count, count, count),
});

const head = (f: Fields, time: string, proto: string | number): string => `${time},${f.src},${f.dst},${f.sport},${f.dport},${proto},${f.dir}`;

describe('azure-nsg flow tuple parser', () => {
  it('fuzz: every documented NSG v1/v2 tuple parses back to its fields', () => {
    fc.assert(
      fc.property(nsgTuple, ({ f, proto, decision, v2 }) => {
        const c = v2?.counters;
        const text = v2
          ? `${head(f, String(f.seconds), proto)},${decision},${v2.state},${c ? c.join(',') : ',,,'}`
          : `${head(f, String(f.seconds), proto)},${decision}`;
        const row = parseFlowTuple(text, group('nsg')) as FlowTupleRow;
        expect(typeof row, text).toBe('object');
        expect(row).toMatchObject({
          timeMs: f.seconds * 1000,
          srcIp: f.src,
          dstIp: f.dst,
          srcPort: f.sport,
          dstPort: f.dport,
          protocol: proto === 'T' ? 'TCP' : 'UDP',
          direction: f.dir === 'I' ? 'Inbound' : 'Outbound',
          action: decision === 'A' ? 'Allow' : 'Deny',
          decision,
          state: v2?.state,
          srcPackets: c?.[0],
          srcBytes: c?.[1],
          dstPackets: c?.[2],
          dstBytes: c?.[3],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: every documented VNet tuple parses back to its fields (milliseconds, IANA numbers, state D = deny)', () => {
    fc.assert(
      fc.property(vnetTuple, ({ f, ms, proto, state, encryption, counters: c }) => {
        const timeMs = f.seconds * 1000 + ms;
        const text = `${head(f, String(timeMs), proto)},${state},${encryption},${c.join(',')}`;
        const row = parseFlowTuple(text, group('vnet')) as FlowTupleRow;
        expect(typeof row, text).toBe('object');
        expect(row.timeMs).toBe(timeMs);
        expect(row.action).toBe(state === 'D' ? 'Deny' : 'Allow');
        expect(row.state).toBe(state);
        expect(row.encryption).toBe(encryption);
        expect(IANA_PROTOCOL_NAMES.has(row.protocol!)).toBe(true);
        if (proto === 6) expect(row.protocol).toBe('TCP');
        expect([row.srcPackets, row.srcBytes, row.dstPackets, row.dstBytes]).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: any text gives a checked row or a reason, never an exception', () => {
    const token = fc.oneof(
      fc.constantFrom('', 'T', 'U', 'I', 'O', 'A', 'D', 'B', 'C', 'E', 'NX', '6', '17', '-1', '65536', '1e3', ' 1', '1542110402', '1663146003606'),
      fc.ipV4(),
      fc.ipV6(),
      fc.nat({ max: 70000 }).map(String),
      fc.string({ maxLength: 6 }),
    );
    const text = fc.oneof(fc.array(token, { minLength: 1, maxLength: 15 }).map((t) => t.join(',')), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(text, fc.constantFrom('nsg' as const, 'vnet' as const), (t, log) => {
        const row = parseFlowTuple(t, group(log));
        if (typeof row === 'string') return;
        expect(isIP(row.srcIp)).not.toBe(0);
        expect(isIP(row.dstIp)).not.toBe(0);
        for (const p of [row.srcPort, row.dstPort]) if (p !== undefined) expect(p >= 0 && p <= 65535 && Number.isInteger(p)).toBe(true);
        expect(Number.isFinite(new Date(row.timeMs).getTime())).toBe(true);
        expect(['Inbound', 'Outbound']).toContain(row.direction);
        expect(['Allow', 'Deny']).toContain(row.action);
        for (const n of [row.srcPackets, row.srcBytes, row.dstPackets, row.dstBytes]) if (n !== undefined) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: a record with good and malformed tuples emits every good one and lists every bad one', () => {
    const good = nsgTuple.map(({ f, proto, decision }) => `${head(f, String(f.seconds), proto)},${decision}`);
    const bad = fc.constantFrom('1542110402,10.0.0.1,10.0.0.2,1,2,T,I', 'x,10.0.0.1,10.0.0.2,1,2,T,I,A', '1542110402,10.0.0.1,host,1,2,T,I,A', '1542110402,10.0.0.1,10.0.0.2,1,2,T,I,A,Z,,,,');
    const tuples = fc.array(fc.oneof(good.map((t) => ({ t, ok: true })), bad.map((t) => ({ t, ok: false }))), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(tuples, { minLength: 1, maxLength: 4 }), (groups) => {
        const record = {
          category: 'NetworkSecurityGroupFlowEvent',
          resourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/R/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/N',
          properties: { Version: 1, flows: groups.map((g, i) => ({ rule: `rule${i}`, flows: [{ mac: '000D3AF8801A', flowTuples: g.map((x) => x.t) }] })) },
        };
        const rows: AzureNsgRow[] = [];
        const skips: string[] = [];
        new FlowLogDecoder().decodeRecord(record, { row: (r) => rows.push(r), skip: (s) => skips.push(s) });
        const all = groups.flat();
        const goodCount = all.filter((x) => x.ok).length;
        const tupleRows = rows.filter((r) => r.kind === 'tuple');
        expect(tupleRows).toHaveLength(goodCount);
        const badRows = rows.filter((r) => r.kind === 'bad-tuples');
        if (goodCount === all.length) expect(badRows).toEqual([]);
        else {
          // after the good ones, so every good tuple is mapped before the record is rejected
          expect(rows[rows.length - 1]).toMatchObject({ kind: 'bad-tuples', bad: all.length - goodCount, total: all.length });
          expect(badRows).toHaveLength(1);
        }
        expect(skips).toEqual(all.length === 0 ? ['no flow tuples in the record'] : []);
      }),
      { numRuns: RUNS },
    );
  });
});
