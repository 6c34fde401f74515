import { describe, expect, it } from 'vitest';
import { chooseSource, evaluate, parseWatchlist, SessionSummary, SUMMARY_COLUMNS, SummaryTable, type DetectorRecord } from '../src/index.js';
import { asSets, ev, readFixture, readJsonl, rule, summaryOf, wl } from './helpers.js';

const NOW = '2024-05-01T12:07:30Z';
const W = () => wl(rule({ Ports: '23', Threshold: '2', Name: 'telnet' }));

/** A summary row for port 23/TCP/Inbound/Allow. */
function srow(eventTime: string, count: number | string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const t = Date.parse(eventTime);
  return {
    TimeGenerated: Number.isNaN(t) ? undefined : new Date(t + 600_000 + 30_000).toISOString(),
    EventTime_t: eventTime,
    NetworkProtocol_s: 'TCP',
    DstPortNumber_d: 23,
    DstAppName_s: '',
    NetworkDirection_s: 'Inbound',
    DvcAction_s: 'Allow',
    count__d: count,
    Type: 'NetworkCustomAnalytics_protocol_CL',
    ...over,
  };
}

function table(rows: Record<string, unknown>[]): SummaryTable {
  const t = new SummaryTable();
  expect(t.addRows(rows)).toEqual([]);
  return t;
}

/** Raw data that alone would fire (5 sessions in the window). */
const rawFiring = () => summaryOf(Array.from({ length: 5 }, () => ev()));

describe('§c nosummary: raw and summary are mutually exclusive', () => {
  it('auto with no summary table (or an empty one) reads raw', () => {
    expect(evaluate(W(), { raw: rawFiring() }, { now: NOW })).toMatchObject({ source: 'raw', visibleSummaryRows: 0 });
    expect(evaluate(W(), { raw: rawFiring(), summary: new SummaryTable() }, { now: NOW }).alerts).toHaveLength(1);
  });

  it('auto with visible summary rows ignores raw entirely', () => {
    const summary = table([srow('2024-05-01T11:50:00Z', 1)]);
    const r = evaluate(W(), { raw: rawFiring(), summary }, { now: NOW });
    expect(r).toMatchObject({ source: 'summary', alerts: [], visibleSummaryRows: 1 });
  });

  it('auto with summary rows that are not yet visible (ingested after now) falls back to raw', () => {
    const summary = table([srow('2024-05-01T12:00:00Z', 100)]); // ingested 12:10:30
    expect(evaluate(W(), { raw: rawFiring(), summary }, { now: NOW }).source).toBe('raw');
  });

  it('summaryVisibilityRange hides rows ingested before now − range (§l Q7)', () => {
    const summary = table([srow('2024-05-01T10:00:00Z', 100)]); // ingested 10:10:30
    expect(evaluate(W(), { raw: rawFiring(), summary }, { now: NOW }).source).toBe('summary');
    const r = evaluate(W(), { raw: rawFiring(), summary }, { now: NOW, summaryVisibilityRange: '30m' });
    expect(r.source).toBe('raw');
    expect(r.alerts).toHaveLength(1);
  });

  it('summaryMode raw ignores the summary; summaryMode summary ignores raw even when no row is visible', () => {
    const summary = table([srow('2024-05-01T11:50:00Z', 1)]);
    expect(evaluate(W(), { raw: rawFiring(), summary }, { now: NOW, summaryMode: 'raw' })).toMatchObject({ source: 'raw', alerts: [expect.anything()] });
    expect(evaluate(W(), { raw: rawFiring() }, { now: NOW, summaryMode: 'summary' })).toMatchObject({ source: 'summary', alerts: [], windows: [] });
    expect(() => evaluate(W(), {}, { now: NOW, summaryMode: 'both' as never })).toThrow(/summary mode/);
  });
});

describe('chooseSource decides §c before raw data is read', () => {
  it('reports the branch, the visible rows and the newest visible bucket', () => {
    const summary = table([srow('2024-05-01T11:40:00Z', 1), srow('2024-05-01T11:50:00Z', 1), srow('2024-05-01T12:00:00Z', 1)]);
    expect(chooseSource(summary, { now: NOW })).toEqual({ source: 'summary', visibleRows: 2, newestBucket: Date.UTC(2024, 4, 1, 11, 50) });
    expect(chooseSource(summary, { allBins: true })).toEqual({ source: 'summary', visibleRows: 3 });
    expect(chooseSource(summary, { now: NOW, summaryMode: 'raw' }).source).toBe('raw');
    expect(chooseSource(undefined, { now: NOW })).toEqual({ source: 'raw', visibleRows: 0 });
    expect(chooseSource(undefined, { now: NOW, summaryMode: 'summary' })).toEqual({ source: 'summary', visibleRows: 0 });
  });
});

describe('§e the newest-bucket rule', () => {
  it('uses only the rows whose EventTime_t is the maximum, even if older buckets are huge', () => {
    const summary = table([srow('2024-05-01T11:30:00Z', 1000), srow('2024-05-01T11:40:00Z', 1000), srow('2024-05-01T11:50:00Z', 3)]);
    const r = evaluate(W(), { summary }, { now: NOW });
    expect(r.alerts.map((a) => [a.Sum, a.BinStart, a.BinEnd])).toEqual([[3, '2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z']]);
  });

  it('a key missing from the newest bucket contributes 0, even if it was busy a bucket earlier', () => {
    const summary = table([srow('2024-05-01T11:40:00Z', 1000), srow('2024-05-01T11:50:00Z', 5, { DstPortNumber_d: 80 })]);
    expect(evaluate(W(), { summary }, { now: NOW }).alerts).toEqual([]);
  });

  it('when the newest bucket is older than the raw window, that older bucket is reported', () => {
    const summary = table([srow('2024-05-01T10:20:00Z', 3)]);
    const r = evaluate(W(), { summary }, { now: NOW });
    expect(r.alerts.map((a) => a.BinStart)).toEqual(['2024-05-01T10:20:00.000Z']);
  });

  it('the newest bucket is the newest *visible* one', () => {
    const summary = table([srow('2024-05-01T11:50:00Z', 3), srow('2024-05-01T12:00:00Z', 0)]);
    expect(evaluate(W(), { summary }, { now: NOW }).alerts.map((a) => a.Sum)).toEqual([3]);
    expect(evaluate(W(), { summary }, { now: '2024-05-01T12:11:00Z' }).alerts).toEqual([]);
  });

  it('in hunt mode every bucket is evaluated as if it were the newest', () => {
    const summary = table([srow('2024-05-01T11:30:00Z', 3), srow('2024-05-01T11:40:00Z', 1), srow('2024-05-01T11:50:00Z', 4)]);
    const r = evaluate(W(), { raw: rawFiring(), summary }, { allBins: true, until: '2024-05-01T12:00:00Z' });
    expect(r.source).toBe('summary');
    expect(r.alerts.map((a) => [a.BinStart, a.Sum])).toEqual([
      ['2024-05-01T11:30:00.000Z', 3],
      ['2024-05-01T11:50:00.000Z', 4],
    ]);
  });
});

describe('§e reading summary rows', () => {
  it('casts count__d and DstPortNumber_d with toint per row (strings from CSV, doubles from JSON)', () => {
    const summary = table([
      srow('2024-05-01T11:50:00Z', '1.9', { DstPortNumber_d: '23.0' }),
      srow('2024-05-01T11:50:00Z', 1.9, { DvcAction_s: 'Allow' }),
      srow('2024-05-01T11:50:00Z', '1'),
    ]);
    // trunc per row: 1 + 1 + 1 = 3 (not 4.8)
    expect(evaluate(W(), { summary }, { now: NOW }).alerts.map((a) => a.Sum)).toEqual([3]);
  });

  it('an absent or empty DstPortNumber_d is a null port and is dropped', () => {
    const { DstPortNumber_d: _, ...noPort } = srow('2024-05-01T11:50:00Z', 5);
    const summary = table([noPort, srow('2024-05-01T11:50:00Z', 5, { DstPortNumber_d: '' })]);
    expect(evaluate(W(), { summary }, { now: NOW })).toMatchObject({ source: 'summary', alerts: [], windows: [{ groups: 0 }] });
  });

  it('accepts Log Analytics portal exports: " [UTC]" headers and "M/D/YYYY, h:mm:ss.fff AM" datetimes', () => {
    const summary = table([
      {
        'TimeGenerated [UTC]': '5/1/2024, 12:01:02.000 PM',
        'EventTime_t [UTC]': '5/1/2024, 11:50:00.000 AM',
        NetworkProtocol_s: 'TCP',
        DstPortNumber_d: '23',
        DstAppName_s: '',
        NetworkDirection_s: 'Inbound',
        DvcAction_s: 'Allow',
        count__d: '3',
        Type: 'NetworkCustomAnalytics_protocol_CL',
      },
    ]);
    expect(evaluate(W(), { summary }, { now: NOW }).alerts.map((a) => [a.Sum, a.BinStart])).toEqual([[3, '2024-05-01T11:50:00.000Z']]);
  });

  it('accepts the unsuffixed columns of NetworkSummary_Protocol_CL', () => {
    const summary = table([
      { TimeGenerated: '2024-05-01T11:50:00Z', EventTime: '2024-05-01T11:50:00Z', NetworkProtocol: 'TCP', DstPortNumber: 23, NetworkDirection: 'Inbound', DvcAction: 'Allow', count_: 3 },
    ]);
    expect(evaluate(W(), { summary }, { now: NOW }).alerts.map((a) => a.Sum)).toEqual([3]);
  });

  it('rejects unusable rows with the reason and the row number', () => {
    const t = new SummaryTable();
    const rejects = t.addRows([srow('2024-05-01T11:50:00Z', 1), srow('nope', 1), srow('2024-05-01T11:50:00Z', 'x'), { count__d: 1 }], { source: 's.csv', firstRow: 2 });
    expect(rejects).toEqual([
      { source: 's.csv', position: 3, reason: 'EventTime_t "nope" is not a date-time' },
      { source: 's.csv', position: 4, reason: 'count__d "x" is missing or not a number' },
      { source: 's.csv', position: 5, reason: 'EventTime_t is missing' },
    ]);
    expect([t.rowCount, t.rejectedCount]).toEqual([1, 3]);
  });
});

describe('our summaries are interchangeable with Sentinel exports', () => {
  it('toSummaryRows writes the NetworkCustomAnalytics_protocol_CL shape; TimeGenerated = bucket end; null port omitted', () => {
    const rows = summaryOf([ev({ TimeGenerated: '2024-05-01T11:50:00Z' }), ev({ TimeGenerated: '2024-05-01T11:59:00Z' }), ev({ DstPortNumber: null })]).toSummaryRows();
    expect(rows).toEqual([
      {
        TimeGenerated: '2024-05-01T12:00:00.000Z',
        EventTime_t: '2024-05-01T11:50:00.000Z',
        NetworkProtocol_s: 'TCP',
        DstAppName_s: '',
        NetworkDirection_s: 'Inbound',
        DvcAction_s: 'Allow',
        count__d: 1,
        Type: 'NetworkCustomAnalytics_protocol_CL',
      },
      {
        TimeGenerated: '2024-05-01T12:00:00.000Z',
        EventTime_t: '2024-05-01T11:50:00.000Z',
        NetworkProtocol_s: 'TCP',
        DstPortNumber_d: 23,
        DstAppName_s: '',
        NetworkDirection_s: 'Inbound',
        DvcAction_s: 'Allow',
        count__d: 2,
        Type: 'NetworkCustomAnalytics_protocol_CL',
      },
    ]);
    for (const r of rows) expect(Object.keys(r).every((k) => (SUMMARY_COLUMNS as readonly string[]).includes(k))).toBe(true);
  });

  it('§k: summarize → summary input gives the raw path’s alerts for the same complete bin', () => {
    const w = parseWatchlist(readFixture('k1-watchlist.csv'), 'k1');
    const raw = new SessionSummary().add(readJsonl<DetectorRecord>('k2-events.jsonl'));
    const summary = new SummaryTable();
    expect(summary.addRows(raw.toSummaryRows() as unknown as Record<string, unknown>[])).toEqual([]);
    const viaRaw = evaluate(w, { raw }, { now: NOW });
    const viaSummary = evaluate(w, { summary }, { now: NOW });
    expect(viaSummary.source).toBe('summary');
    expect(asSets(viaSummary.alerts)).toEqual(asSets(viaRaw.alerts));
  });

  it('SessionSummary.fromSummaryRows rebuilds the bucket counts', () => {
    const raw = new SessionSummary().add(readJsonl<DetectorRecord>('k2-events.jsonl'));
    const { summary, rejects } = SessionSummary.fromSummaryRows(raw.toSummaryRows() as never);
    expect(rejects).toEqual([]);
    expect(summary.toSummaryRows()).toEqual(raw.toSummaryRows());
    expect(summary.bins()).toEqual(raw.bins());
  });
});

describe('SessionSummary columns (transfer between threads)', () => {
  it('mergeColumns(toColumns(s)) rebuilds exactly the cells and counts of s, null ports included', () => {
    const s = new SessionSummary({ binSize: '10m' });
    s.add([
      { TimeGenerated: '2024-05-01T12:00:00Z', NetworkProtocol: 'TCP', DstPortNumber: 22, DvcAction: 'Allow' },
      { TimeGenerated: '2024-05-01T12:00:00.5Z', NetworkProtocol: 'TCP', DstPortNumber: 22, DvcAction: 'Allow' },
      { TimeGenerated: '2024-05-01T12:03:00Z', NetworkProtocol: 'UDP', DstPortNumber: null, DstAppName: 'S3', NetworkDirection: 'Outbound' },
      { TimeGenerated: '2024-05-01T12:13:00Z', NetworkProtocol: 'TCP', DstPortNumber: 70000, DvcAction: 'Deny' },
      { TimeGenerated: 'not a time', NetworkProtocol: 'TCP', DstPortNumber: 1 },
    ]);
    const copy = new SessionSummary({ binSize: '10m' }).mergeColumns(s.toColumns());
    expect(copy.cells()).toEqual(s.cells());
    expect([copy.recordCount, copy.rejectedCount]).toEqual([s.recordCount, s.rejectedCount]);
  });

  it('mergeColumns into a summary that interned other strings first counts like merge', () => {
    const theirs = new SessionSummary().add([
      { TimeGenerated: '2024-05-01T12:01:00Z', NetworkProtocol: 'UDP', DstPortNumber: 53, DvcAction: 'Deny', NetworkDirection: 'Outbound' },
      { TimeGenerated: '2024-05-01T12:02:00Z', NetworkProtocol: 'TCP', DstPortNumber: 22, DvcAction: 'Allow' },
    ]);
    const ours = () => new SessionSummary().add([{ TimeGenerated: '2024-05-01T12:05:00Z', NetworkProtocol: 'TCP', DstPortNumber: 22, DvcAction: 'Allow', DstAppName: 'x' }]);
    expect(ours().mergeColumns(theirs.toColumns()).cells()).toEqual(ours().merge(theirs).cells());
  });
});

describe('SessionSummary storage growth', () => {
  it('loses no count while its columns grow (thousands of distinct cells, merged twice)', () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ TimeGenerated: '2024-05-01T12:00:01Z', NetworkProtocol: 'TCP', DstPortNumber: i, DvcAction: 'Allow' }));
    const s = new SessionSummary().add(records);
    expect(s.size).toBe(5000);
    expect(s.cells().every((c) => c.count === 1)).toBe(true);
    const merged = new SessionSummary().mergeColumns(s.toColumns()).merge(s);
    expect(merged.cells().every((c) => c.count === 2)).toBe(true);
  });
});
