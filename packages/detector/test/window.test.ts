import { describe, expect, it } from 'vitest';
import { evaluate, parseBinSize, parseDuration, parseInstant, SessionSummary, type DetectorRecord } from '../src/index.js';
import { ev, rule, summaryOf, wl } from './helpers.js';

const W = () => wl(rule({ Threshold: '0' }));
const at = (t: string | Date | number) => ev({ TimeGenerated: t });
const sumAt = (records: DetectorRecord[], now: string) => evaluate(W(), { raw: summaryOf(records) }, { now }).alerts[0]?.Sum ?? 0;

describe('§d the raw window (B − 10m, B]', () => {
  it.each([
    ['2024-05-01T12:07:30Z', '2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:00:00.000Z', '2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:09:59.999Z', '2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:09:59.9999999Z', '2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T12:10:00.000Z', '2024-05-01T12:00:00.000Z', '2024-05-01T12:10:00.000Z'],
  ])('now = %s → window (%s, %s]', (now, start, end) => {
    const r = evaluate(W(), { raw: summaryOf([at('2024-05-01T11:55:00Z')]) }, { now });
    expect(r.windows.map((w) => [w.start, w.end])).toEqual([[start, end]]);
  });

  it.each([
    ['2024-05-01T11:50:00Z', 0, 'A is exclusive'],
    ['2024-05-01T11:50:00.0000000Z', 0, 'A is exclusive (7-digit ticks)'],
    ['2024-05-01T11:50:00.0000001Z', 1, 'one tick after A'],
    ['2024-05-01T11:50:00.001Z', 1, ''],
    ['2024-05-01T12:00:00Z', 1, 'B is inclusive'],
    ['2024-05-01T12:00:00.0000000Z', 1, 'B is inclusive'],
    ['2024-05-01T12:00:00.0000001Z', 0, 'one tick after B: the current, incomplete bucket'],
    ['2024-05-01T12:03:00Z', 0, 'in (B, now]: never counted'],
    ['2024-05-01T11:49:59.9999999Z', 0, 'before A'],
  ])('now 12:07:30, event at %s → counted %d (%s)', (t, n) => {
    expect(sumAt([at(t)], '2024-05-01T12:07:30Z')).toBe(n);
  });

  it('runs every 10 minutes tile the timeline: each event is counted in exactly one run', () => {
    const times = ['11:40:00', '11:40:00.0000001', '11:45:00', '11:50:00', '11:59:59.9999999', '12:00:00', '12:00:00.0000001', '12:10:00'].map(
      (t) => `2024-05-01T${t}Z`,
    );
    const s = summaryOf(times.map(at));
    let total = 0;
    for (let m = 0; m <= 60; m += 10) {
      const now = new Date(Date.UTC(2024, 4, 1, 11, 30 + m, 5)).toISOString();
      total += evaluate(W(), { raw: s }, { now }).alerts[0]?.Sum ?? 0;
    }
    expect(total).toBe(times.length);
  });

  it('a summary kept for one run (windowAt) holds only its window\'s cells and counts as the whole one does', () => {
    const times = ['11:40:00', '11:50:00', '11:50:00.001', '11:55:00', '12:00:00', '12:00:00.001', '12:05:00', '12:10:00'];
    const records = times.flatMap((t, i) => [23, 24 + i].map((port) => ev({ TimeGenerated: `2024-05-01T${t}Z`, DstPortNumber: port })));
    const whole = summaryOf(records);
    for (const now of ['2024-05-01T12:07:30Z', '2024-05-01T12:00:00Z', '2024-05-01T12:19:00Z', '2024-05-01T13:00:00Z']) {
      const kept = new SessionSummary({ windowAt: parseInstant(now).ms }).add(records);
      // the fast path's keys and a worker's columns take the same filter
      const byKey = new SessionSummary({ windowAt: parseInstant(now).ms });
      for (const r of records) byKey.addKey({ timeMs: parseInstant(r.TimeGenerated as string).ms, NetworkProtocol: 'TCP', DstPortNumber: r.DstPortNumber as number, DstAppName: '', NetworkDirection: 'Inbound', DvcAction: 'Allow' });
      const merged = new SessionSummary({ windowAt: parseInstant(now).ms }).mergeColumns(whole.toColumns());
      const end = evaluate(W(), { raw: whole }, { now }).windows[0]!.end;
      const inWindow = whole.cells().filter((c) => new Date(c.onBoundary ? c.bin : c.bin + 600_000).toISOString() === end);
      for (const s of [kept, byKey, merged]) {
        expect(s.recordCount).toBe(records.length);
        expect(s.cells()).toEqual(inWindow);
        expect(evaluate(W(), { raw: s }, { now })).toEqual(evaluate(W(), { raw: whole }, { now }));
      }
    }
  });

  it('accepts offsets, zone-less (UTC), space-separated, portal-style, Date and epoch-ms TimeGenerated', () => {
    const recs = [
      at('2024-05-01T13:55:00+02:00'),
      at('2024-05-01T11:55:00'),
      at('2024-05-01 11:55:00.123Z'),
      at('5/1/2024, 11:55:00.000 AM'),
      at(new Date('2024-05-01T11:55:00Z')),
      at(Date.UTC(2024, 4, 1, 11, 55)),
    ];
    expect(sumAt(recs, '2024-05-01T12:07:30Z')).toBe(6);
  });

  it('counts records with a bad TimeGenerated as rejected, not as sessions', () => {
    const s = summaryOf([at('nope'), at(''), at('2024-02-30T00:00:00Z'), at('2024-05-01T11:55:00Z')]);
    expect([s.recordCount, s.rejectedCount]).toEqual([1, 3]);
  });

  it('§d.5: only TimeGenerated matters; EventStartTime/EventEndTime are ignored', () => {
    const r = { ...at('2024-05-01T11:55:00Z'), EventStartTime: '2024-05-01T10:00:00Z', EventEndTime: '2024-05-01T13:00:00Z' };
    expect(sumAt([r], '2024-05-01T12:07:30Z')).toBe(1);
  });

  it('§d.6: each ASIM row counts 1 whatever its EventCount', () => {
    const recs = [{ ...at('2024-05-01T11:55:00Z'), EventCount: 20 }, { ...at('2024-05-01T11:56:00Z'), EventCount: 1 }];
    expect(sumAt(recs, '2024-05-01T12:07:30Z')).toBe(2);
  });

  it('§d grouping: absent/null strings are "", a null port forms its own group and is dropped (§f.1)', () => {
    const s = summaryOf([
      ev({ NetworkProtocol: undefined, DstPortNumber: null }),
      ev({ NetworkProtocol: null, DstPortNumber: undefined }),
      ev({ NetworkProtocol: '', DstPortNumber: 23 }),
    ]);
    expect(s.cells().map((c) => [c.NetworkProtocol, c.DstPortNumber, c.count])).toEqual([
      ['', null, 2],
      ['', 23, 1],
    ]);
    expect(evaluate(W(), { raw: s }, { now: '2024-05-01T12:07:30Z' }).windows[0]!.groups).toBe(1);
  });

  it('a configurable bin: 1h gives the window (B − 1h, B]', () => {
    const s = new SessionSummary({ binSize: '1h' }).add([at('2024-05-01T11:00:00Z'), at('2024-05-01T11:30:00Z'), at('2024-05-01T12:00:00Z'), at('2024-05-01T12:00:01Z')]);
    const r = evaluate(W(), { raw: s }, { now: '2024-05-01T12:59:00Z' });
    expect(r.windows.map((w) => [w.start, w.end])).toEqual([['2024-05-01T11:00:00.000Z', '2024-05-01T12:00:00.000Z']]);
    expect(r.alerts[0]!.Sum).toBe(2);
  });
});

describe('hunt mode (allBins)', () => {
  it('evaluates every complete window present, each as if the query ran right after it', () => {
    const recs = [
      at('2024-05-01T11:50:00Z'), // window ending 11:50
      at('2024-05-01T11:52:00Z'),
      at('2024-05-01T12:00:00Z'), // window ending 12:00 with 11:52
      at('2024-05-01T12:15:00Z'), // window ending 12:20
      at('2024-05-01T12:25:00Z'), // window ending 12:30: incomplete at until
    ];
    const r = evaluate(wl(rule({ Threshold: '0' })), { raw: summaryOf(recs) }, { allBins: true, until: '2024-05-01T12:29:00Z' });
    expect(r.alerts.map((a) => [a.BinStart, a.BinEnd, a.Sum])).toEqual([
      ['2024-05-01T11:40:00.000Z', '2024-05-01T11:50:00.000Z', 1],
      ['2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z', 2],
      ['2024-05-01T12:10:00.000Z', '2024-05-01T12:20:00.000Z', 1],
    ]);
    // the same windows --now would see
    for (const a of r.alerts) {
      const once = evaluate(wl(rule({ Threshold: '0' })), { raw: summaryOf(recs) }, { now: a.BinEnd });
      expect(once.alerts).toEqual([a]);
    }
  });

  it('defaults `until` to the current time', () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const r = evaluate(W(), { raw: summaryOf([at('2024-05-01T11:55:00Z'), at(future)]) }, { allBins: true });
    expect(r.windows).toHaveLength(1);
  });

  it('requires exactly one of now and allBins', () => {
    expect(() => evaluate(W(), {}, {})).toThrow(/exactly one/);
    expect(() => evaluate(W(), {}, { now: '2024-05-01T12:00:00Z', allBins: true })).toThrow(/exactly one/);
    expect(() => evaluate(W(), {}, { now: 'yesterday' })).toThrow(/invalid now/);
  });
});

describe('durations and instants', () => {
  it.each([
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['600s', 600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1d', 86_400_000],
  ])('parseDuration(%j) = %d', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(['', '10', 'm', '-10m', '10 m', '0m', '1.5h'])('parseDuration(%j) throws', (s) => {
    expect(() => parseDuration(s)).toThrow(/invalid duration/);
  });

  it('bin sizes must divide a day', () => {
    expect(parseBinSize('20m')).toBe(1_200_000);
    expect(() => parseBinSize('7m')).toThrow(/divide one day/);
    expect(() => parseBinSize('2d')).toThrow(/divide one day/);
  });

  it('keeps sub-millisecond information as a flag', () => {
    expect(parseInstant('2024-05-01T11:50:00.0000001Z')).toEqual({ ms: Date.UTC(2024, 4, 1, 11, 50), subMs: true });
    expect(parseInstant('2024-05-01T11:50:00.1230000Z')).toEqual({ ms: Date.UTC(2024, 4, 1, 11, 50, 0, 123), subMs: false });
    expect(parseInstant('5/1/2024, 12:05:00.000 AM')).toEqual({ ms: Date.UTC(2024, 4, 1, 0, 5), subMs: false });
    expect(parseInstant('5/1/2024, 12:05:00 PM').ms).toBe(Date.UTC(2024, 4, 1, 12, 5));
    expect(() => parseInstant('2023-02-29T00:00:00Z')).toThrow();
    expect(() => parseInstant('2024-05-01T24:00:00Z')).toThrow();
  });
});
