import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultWatchlist, evaluate, LiveDetector, parseLateness, SessionSummary, type Alert, type DetectorRecord } from '../src/index.js';

const WATCHLIST = defaultWatchlist();
const T0 = Date.UTC(2024, 4, 1);
const MIN = 60_000;

/** Sessions on ports the default watchlist watches (low thresholds) and some it does not. */
const record = fc.record({
  offset: fc.integer({ min: 0, max: 6 * 60 * MIN }),
  onBoundary: fc.boolean(),
  port: fc.constantFrom(23, 445, 3389, 22, 443, 53, 1433),
  protocol: fc.constantFrom('TCP', 'UDP'),
  direction: fc.constantFrom('Inbound', 'Outbound'),
  action: fc.constantFrom('Allow', 'Deny'),
});

type Gen = typeof record extends fc.Arbitrary<infer T> ? T : never;

function toRecord(r: Gen): DetectorRecord {
  const ms = r.onBoundary ? T0 + Math.floor(r.offset / (10 * MIN)) * 10 * MIN : T0 + r.offset;
  return { TimeGenerated: new Date(ms).toISOString(), DstPortNumber: r.port, NetworkProtocol: r.protocol, NetworkDirection: r.direction, DvcAction: r.action };
}

function batch(records: DetectorRecord[]): Alert[] {
  return evaluate(WATCHLIST, { raw: new SessionSummary().add(records) }, { allBins: true, until: '2100-01-01T00:00:00Z' }).alerts;
}

function live(records: DetectorRecord[], lateness: string, batchSize = 7): { alerts: Alert[]; detector: LiveDetector; maxOpen: number } {
  const detector = new LiveDetector(WATCHLIST, { allowedLateness: lateness });
  const alerts: Alert[] = [];
  let maxOpen = 0;
  for (let i = 0; i < records.length; i += batchSize) {
    detector.add(records.slice(i, i + batchSize));
    for (const c of detector.closed()) alerts.push(...c.alerts);
    maxOpen = Math.max(maxOpen, detector.openWindows);
  }
  for (const c of detector.closeAll()) alerts.push(...c.alerts);
  return { alerts, detector, maxOpen };
}

describe('LiveDetector', () => {
  it('gives, window by window, exactly the alerts detect --all-bins gives over the same records in time order', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 400 }), fc.constantFrom('0', '1m', '5m'), (rs, lateness) => {
        const records = rs.map(toRecord).sort((a, b) => (a.TimeGenerated < b.TimeGenerated ? -1 : 1));
        const { alerts, detector } = live(records, lateness);
        expect(detector.late).toBe(0);
        expect(alerts).toEqual(batch(records));
      }),
      { numRuns: 200 },
    );
  });

  it('takes records out of order within the allowed lateness, and counts the later ones as late without counting them', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 300 }), (rs) => {
        const records = rs.map(toRecord); // any order
        const { alerts, detector } = live(records, '1h', 1);
        // a record is late iff the watermark had passed its window's end before it came
        const kept: DetectorRecord[] = [];
        let newest = -Infinity;
        for (const r of records) {
          const ms = Date.parse(r.TimeGenerated as string);
          const end = Math.ceil(ms / (10 * MIN)) * 10 * MIN;
          if (newest - 60 * MIN > end) continue;
          kept.push(r);
          newest = Math.max(newest, ms);
        }
        expect(detector.late).toBe(records.length - kept.length);
        expect(alerts).toEqual(batch(kept));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps only the windows the watermark has not passed (bounded state over a long stream)', () => {
    const records: DetectorRecord[] = [];
    for (let m = 0; m < 3 * 24 * 60; m++) records.push({ TimeGenerated: new Date(T0 + m * MIN).toISOString(), DstPortNumber: 23, NetworkProtocol: 'TCP', NetworkDirection: 'Inbound', DvcAction: 'Allow' });
    const { maxOpen, alerts } = live(records, '5m', 16);
    expect(maxOpen).toBeLessThanOrEqual(3);
    expect(alerts).toEqual(batch(records));
  });

  it('closes a window only once the watermark is past its end, and then treats its stragglers as late', () => {
    const d = new LiveDetector(WATCHLIST, { allowedLateness: '1m' });
    const at = (iso: string): DetectorRecord => ({ TimeGenerated: iso, DstPortNumber: 23, NetworkProtocol: 'TCP', NetworkDirection: 'Inbound', DvcAction: 'Allow' });
    d.add([at('2024-05-01T00:05:00Z'), at('2024-05-01T00:10:00Z')]); // 00:10 is the end of (00:00, 00:10]
    expect(d.closed()).toEqual([]);
    d.add([at('2024-05-01T00:11:00Z')]); // watermark 00:10: not past the end yet
    expect(d.closed()).toEqual([]);
    d.add([at('2024-05-01T00:11:00.001Z')]);
    const closed = d.closed();
    expect(closed.map((c) => c.window.end)).toEqual(['2024-05-01T00:10:00.000Z']);
    expect(closed[0]!.window.groups).toBe(1);
    expect(d.add([at('2024-05-01T00:09:59Z')])).toBe(1);
    expect(d.late).toBe(1);
    expect(d.closeAll().map((c) => c.window.end)).toEqual(['2024-05-01T00:20:00.000Z']);
  });

  it('reads the allowed lateness as 0 or a duration', () => {
    expect(parseLateness('0')).toBe(0);
    expect(parseLateness('0s')).toBe(0);
    expect(parseLateness('1m')).toBe(MIN);
    expect(() => parseLateness('soon')).toThrow(/invalid duration/);
  });
  it('addSummary: partial summaries of batches (as NATS workers send them) give the alerts of the same records added one by one', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom('0', '5m'), (rs, size, lateness) => {
        const records = rs.map(toRecord).sort((a, b) => (a.TimeGenerated < b.TimeGenerated ? -1 : 1));
        const detector = new LiveDetector(WATCHLIST, { allowedLateness: lateness });
        const alerts: Alert[] = [];
        for (let i = 0; i < records.length; i += size) {
          detector.addSummary(new SessionSummary().add(records.slice(i, i + size)));
          for (const c of detector.closed()) alerts.push(...c.alerts);
        }
        for (const c of detector.closeAll()) alerts.push(...c.alerts);
        expect(detector.late).toBe(0);
        expect(alerts).toEqual(batch(records));
      }),
      { numRuns: 150 },
    );
  });

  it('addSummary: cells of a window already closed are late, counted by their records, and change no alert', () => {
    const at = (min: number, port = 23): DetectorRecord => ({ TimeGenerated: new Date(T0 + min * MIN + 1000).toISOString(), DstPortNumber: port, NetworkProtocol: 'TCP', NetworkDirection: 'Inbound', DvcAction: 'Allow' });
    const detector = new LiveDetector(WATCHLIST, { allowedLateness: '0' });
    detector.addSummary(new SessionSummary().add([at(1), at(2)]));
    detector.addSummary(new SessionSummary().add([at(25)]));
    // a cell tells only its bucket's start (00:20): the watermark goes no further, so (00:00, 00:10] closes
    expect(detector.closed().map((c) => c.window.end)).toEqual(['2024-05-01T00:10:00.000Z']);
    detector.addSummary(new SessionSummary().add([at(3), at(4), at(5), at(26)]));
    expect(detector.late).toBe(3);
    const rest = detector.closeAll();
    expect(rest.map((c) => c.window.end)).toEqual(['2024-05-01T00:30:00.000Z']);
    expect(rest[0]!.summaryRows().reduce((n, r) => n + r.count__d, 0)).toBe(2); // the on-time record at 00:25 and the one at 00:26
  });
});
