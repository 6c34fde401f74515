import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvField,
  evaluate,
  has,
  parseCsv,
  parseInstant,
  parseWatchlist,
  SessionSummary,
  SummaryTable,
  tokenize,
  WATCHLIST_COLUMNS,
  type DetectorRecord,
} from '../src/index.js';
import { rule, wl } from './helpers.js';

const BASE = Date.UTC(2024, 4, 1, 11, 0);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** TimeGenerated values concentrated on and around bin boundaries, with 100 ns ticks. */
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 90 }), fc.constantFrom(0, 0, 0, 1, 30, 59), fc.constantFrom('', '.0000000', '.0000001', '.5', '.9999999', '.000'))
  .map(([min, sec, frac]) => {
    const d = new Date(BASE + min * 60_000 + sec * 1000);
    return `${d.toISOString().slice(0, 19)}${frac}Z`;
  });

const str = (...values: (string | null | undefined)[]) => fc.constantFrom(...values);

const recordArb: fc.Arbitrary<DetectorRecord> = fc.record(
  {
    TimeGenerated: fc.oneof({ weight: 20, arbitrary: timeArb }, { weight: 1, arbitrary: fc.constant('garbage') }),
    NetworkProtocol: str('TCP', 'UDP', 'tcp', '', null, undefined, '1:x', 'a|b'),
    DstPortNumber: fc.constantFrom<DetectorRecord['DstPortNumber']>(23, 445, 53, 0, null, undefined, '443', 23.0),
    DstAppName: str(undefined, '', 'smb', 'x:y', '1:'),
    NetworkDirection: str('Inbound', 'Outbound', '', undefined),
    DvcAction: str('Allow', 'Deny', '', null, 'Drop ICMP'),
  },
  { requiredKeys: ['TimeGenerated'] },
);

/** Splits an array at arbitrary cut points. */
function split<T>(items: T[], cuts: number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(items.slice(prev, p));
    prev = p;
  }
  parts.push(items.slice(prev));
  return parts;
}

const W = wl(
  rule({ Ports: '23', Protocol: 'TCP', Threshold: '1', Name: 'a' }),
  rule({ Ports: '445, 53', Direction: 'Inbound', Action: 'Allow', Threshold: '0', Name: 'b' }),
  rule({ Ports: '0', Action: 'Drop', Name: 'c' }),
);

describe('properties of the mergeable summary', () => {
  it('the merged summaries of any split of the input equal the summary of the whole', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 120 }), fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (records, cuts, seed) => {
        const whole = new SessionSummary().add(records);
        const parts = split(records, cuts).map((p) => new SessionSummary().add(p));
        // merge in a seed-dependent order
        const order = parts.map((p, i) => ({ p, k: (i * 7919 + seed) % 101 })).sort((x, y) => x.k - y.k);
        const merged = order.reduce((acc, { p }) => acc.merge(p), new SessionSummary());
        expect(merged.toJSON()).toEqual(whole.toJSON());
        // and so do the alerts
        const opts = { allBins: true, until: '2030-01-01T00:00:00Z' } as const;
        expect(evaluate(W, { raw: merged }, opts)).toEqual(evaluate(W, { raw: whole }, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('counting detector keys (the fast path) equals adding their records, in any order of times', () => {
    // runs of one bin, jumps back and forth, exact boundaries, sub-millisecond and pre-1970 times
    const msArb = fc.oneof(
      timeArb.map((t) => parseInstant(t).ms),
      fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, 1, 0.25, 599_999.5)).map(([bin, offset]) => bin * 600_000 + offset),
    );
    const keyArb = fc.record({
      timeMs: msArb,
      NetworkProtocol: fc.constantFrom('TCP', 'UDP', ''),
      DstPortNumber: fc.constantFrom(23, 445, null),
      DstAppName: fc.constantFrom('', 'smb'),
      NetworkDirection: fc.constantFrom('Inbound', ''),
      DvcAction: fc.constantFrom('Allow', 'Deny'),
    });
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 80 }), (keys) => {
        const byKey = new SessionSummary();
        for (const k of keys) byKey.addKey(k);
        const byRecord = new SessionSummary().add(keys.map(({ timeMs, ...rest }) => ({ ...rest, TimeGenerated: timeMs })));
        expect(byKey.toJSON()).toEqual(byRecord.toJSON());
      }),
      { numRuns: 500 },
    );
  });

  it('counting keys in columns equals counting them one by one, inside and outside a window', () => {
    const combinations = [
      { NetworkProtocol: 'TCP', DstAppName: '', NetworkDirection: 'Inbound', DvcAction: 'Allow' },
      { NetworkProtocol: 'UDP', DstAppName: '', NetworkDirection: '', DvcAction: 'Deny' },
      { NetworkProtocol: '', DstAppName: 'smb', NetworkDirection: 'Outbound', DvcAction: 'Allow' },
    ];
    // the same combinations in another array, in another order: ids are looked up again
    const reordered = [combinations[2]!, combinations[0]!, combinations[1]!];
    const entryArb = fc.record({
      ms: fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, 1, 599_999, 300_000)).map(([bin, offset]) => BASE + bin * 600_000 + offset),
      port: fc.constantFrom(-1, 0, 23, 445, 65535, 65536, 2147483647),
      combination: fc.constantFrom(-1, 0, 1, 2),
    });
    const runArb = fc.record({ entries: fc.array(entryArb, { minLength: 1, maxLength: 40 }), reorder: fc.boolean(), garbage: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(runArb, { maxLength: 6 }), fc.option(fc.integer({ min: -2, max: 2 })), (runs, window) => {
        const options = window === null ? {} : { windowAt: BASE + window * 600_000 };
        const byColumns = new SessionSummary(options);
        const byKey = new SessionSummary(options);
        for (const { entries, reorder, garbage } of runs) {
          const table = reorder ? reordered : combinations;
          // columns longer than `count`: the entries past it are not this run's
          const n = entries.length + garbage;
          const columns = { timeMs: new Float64Array(n).fill(BASE), port: new Int32Array(n).fill(80), combination: new Int32Array(n), combinations: table };
          let sessions = 0;
          entries.forEach((e, j) => {
            columns.timeMs[j] = e.ms;
            columns.port[j] = e.port;
            columns.combination[j] = e.combination;
            if (e.combination < 0) return;
            sessions++;
            byKey.addKey({ timeMs: e.ms, DstPortNumber: e.port < 0 ? null : e.port, ...table[e.combination]! });
          });
          expect(byColumns.addKeyColumns(columns, entries.length)).toBe(sessions);
        }
        expect(byColumns.recordCount).toBe(byKey.recordCount);
        expect(byColumns.toJSON()).toEqual(byKey.toJSON());
      }),
      { numRuns: 500 },
    );
  });

  it('adding batch by batch equals adding once; the state grows with cells, not records', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (records, times) => {
        const once = new SessionSummary();
        for (let i = 0; i < times; i++) once.add(records);
        const one = new SessionSummary().add(records);
        expect(once.size).toBe(one.size);
        expect(once.recordCount).toBe(one.recordCount * times);
      }),
    );
  });

  it('summaries round-trip through NetworkCustomAnalytics_protocol_CL rows and through JSON', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 80 }), (records) => {
        const s = new SessionSummary().add(records);
        const rows = s.toSummaryRows();
        // via JSON text, as a file would carry them, and via CSV-like strings
        const viaJson = JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[];
        const viaStrings = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
        for (const input of [viaJson, viaStrings]) {
          const back = SessionSummary.fromSummaryRows(input);
          expect(back.rejects).toEqual([]);
          expect(back.summary.toSummaryRows()).toEqual(rows);
        }
        expect(SessionSummary.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).toJSON()).toEqual(s.toJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('away from exact boundaries, the summary path finds the raw path’s alerts in every bin', () => {
    const offBoundary = recordArb.filter((r) => typeof r.TimeGenerated !== 'string' || !/:[0-5]0:00(\.0*)?Z$/.test(r.TimeGenerated));
    fc.assert(
      fc.property(fc.array(offBoundary, { maxLength: 80 }), (records) => {
        const raw = new SessionSummary().add(records);
        const summary = new SummaryTable();
        summary.addRows(raw.toSummaryRows() as unknown as Record<string, unknown>[]);
        const opts = { allBins: true, until: '2030-01-01T00:00:00Z' } as const;
        expect(evaluate(W, { summary }, opts).alerts).toEqual(evaluate(W, { raw }, opts).alerts);
      }),
      { numRuns: 200 },
    );
  });

  it('SummaryTable merges like SessionSummary', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), (records, cuts) => {
        const rows = new SessionSummary().add(records).toSummaryRows() as unknown as Record<string, unknown>[];
        const whole = new SummaryTable();
        whole.addRows(rows);
        const merged = split(rows, cuts)
          .map((p) => {
            const t = new SummaryTable();
            t.addRows(p);
            return t;
          })
          .reduce((a, b) => a.merge(b), new SummaryTable());
        const cells = (t: SummaryTable) => [...t.cellValues()].map((c) => JSON.stringify(c)).sort();
        expect(cells(merged)).toEqual(cells(whole));
      }),
    );
  });
});

describe('properties of the parsers', () => {
  const cellArb = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ',', '"', '\r', '\n', ' ', '*', 'é'), maxLength: 8 });

  it('RFC 4180: any grid of strings survives quoting and parsing', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (grid, eol) => {
        const text = grid.map((r) => r.map(csvField).join(',')).join(eol) + eol;
        expect(parseCsv(text).map((r) => r.fields)).toEqual(grid);
      }),
      { numRuns: 500 },
    );
  });

  it('a watchlist written with any cell values reads back raw, with exact line numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { minLength: 12, maxLength: 12 }), { maxLength: 5 }), (rows) => {
        const lines = [WATCHLIST_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))];
        const w = parseWatchlist(lines.join('\r\n'), 'p.csv');
        let line = 2;
        w.rows.forEach((row, i) => {
          expect(WATCHLIST_COLUMNS.map((c) => row[c])).toEqual(rows[i]);
          expect(row.line).toBe(line);
          line += (lines[i + 1]!.match(/\r\n|\r|\n/g) ?? []).length + 1;
        });
      }),
    );
  });

  it('the fast ISO path agrees with Date for any instant, with ticks and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, ticks, offMin) => {
          const iso = new Date(ms).toISOString();
          expect(parseInstant(iso)).toEqual({ ms, subMs: false });
          expect(parseInstant(iso.replace('Z', `${pad(ticks, 4)}Z`))).toEqual({ ms, subMs: ticks !== 0 });
          const local = new Date(ms + offMin * 60_000).toISOString().slice(0, 23);
          const sign = offMin < 0 ? '-' : '+';
          const off = `${sign}${pad(Math.floor(Math.abs(offMin) / 60))}:${pad(Math.abs(offMin) % 60)}`;
          expect(parseInstant(local + off).ms).toBe(ms);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('has: every term of L, in any case, is found; a string with terms has itself', () => {
    const textArb = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '-', '/', '_', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(textArb, (l) => {
        for (const t of tokenize(l).terms) {
          expect(has(l, t.toUpperCase())).toBe(true);
        }
        if (tokenize(l).terms.length > 0) expect(has(l, l.toLowerCase())).toBe(true);
        expect(has(l, 'q9q9q9')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
