import type { DetectorKey } from '@asimkit/schema';
import { parseBinSize, parseDuration } from './duration.js';
import { matchAggregate, type Alert, type EvaluatedWindow } from './evaluate.js';
import type { DetectorRecord } from './record.js';
import { SessionSummary } from './session-summary.js';
import type { SummaryRow } from './summary-rows.js';
import { floorTo, isoString, parseInstantInto, type ParsedInstant } from './time.js';
import type { Watchlist } from './watchlist.js';

/** Sentinel's summary rules wait 5 minutes (binDelay) before summarizing a bin. */
export const DEFAULT_ALLOWED_LATENESS = '5m';

export interface LiveDetectorOptions {
  binSize?: string | number;
  /** How far behind the newest TimeGenerated a window may still receive records (`0`, `1m`, `5m`). */
  allowedLateness?: string | number;
  emptyRhsHasMatches?: boolean;
}

/** A detection window (B − bin, B] whose records can no longer change: its alerts and its counts. */
export interface ClosedWindow {
  readonly window: EvaluatedWindow;
  readonly alerts: Alert[];
  /** The window's counts as `NetworkCustomAnalytics_protocol_CL` rows (what `asim summarize` writes). */
  summaryRows(): SummaryRow[];
}

/**
 * The query run as data arrives (hunt mode, one window at a time). Records are counted into the
 * window they belong to (§d: a record on a boundary B counts in the window ending at B). The
 * event-time watermark is the newest TimeGenerated seen minus the allowed lateness; once it passes
 * a window's end, the window is evaluated exactly as `evaluate(..., { allBins: true })` evaluates
 * it, and its counts are dropped: the query looks back one window, so nothing older is needed and
 * state stays bounded by the windows still open. A record whose window has already closed is
 * `late`: not counted (its window's alerts are out), but reported.
 *
 * The parts are mergeable, so the NATS workers can count and a detector can close windows the
 * same way (`addSummary`).
 */
export class LiveDetector {
  readonly binSize: number;
  readonly allowedLateness: number;
  private readonly open = new Map<number, SessionSummary>();
  /** Every window ending at or before this has been evaluated. */
  private closedUpTo = -Infinity;
  private newest = -Infinity;
  private readonly t: ParsedInstant = { ms: 0, subMs: false };
  /** Records whose window had already closed when they arrived. */
  late = 0;
  /** Records without a usable TimeGenerated (not counted, as in batch runs). */
  untimed = 0;

  /** Without a watchlist, closed windows carry their counts only (`asim summarize --follow`). */
  constructor(
    private readonly watchlist: Watchlist | undefined,
    private readonly options: LiveDetectorOptions = {},
  ) {
    this.binSize = parseBinSize(options.binSize ?? '10m');
    this.allowedLateness = parseLateness(options.allowedLateness ?? DEFAULT_ALLOWED_LATENESS);
  }

  /** Newest TimeGenerated minus the allowed lateness (epoch ms), or -Infinity before any record. */
  get watermark(): number {
    return this.newest - this.allowedLateness;
  }

  /** Windows counted and not yet evaluated (the state held). */
  get openWindows(): number {
    return this.open.size;
  }

  /** Counts a batch; returns how many of its records were late. Call `closed()` to collect alerts. */
  add(records: readonly DetectorRecord[]): number {
    const t = this.t;
    const size = this.binSize;
    let late = 0;
    let end = NaN;
    let run: DetectorRecord[] = [];
    const flush = () => {
      if (run.length) this.windowAt(end).add(run);
      run = [];
    };
    for (const r of records) {
      if (!parseInstantInto(r.TimeGenerated, t)) {
        this.untimed++;
        continue;
      }
      const e = windowEnd(t, size);
      if (e <= this.closedUpTo) {
        late++;
        continue;
      }
      if (t.ms > this.newest) this.newest = t.ms;
      if (e !== end) {
        flush();
        end = e;
      }
      run.push(r);
    }
    flush();
    this.late += late;
    return late;
  }

  /** Counts one session given as a detector key (a plugin's fast path); returns whether it was late. */
  addKey(key: Readonly<DetectorKey>): boolean {
    const e = windowEnd({ ms: key.timeMs, subMs: false }, this.binSize);
    if (e <= this.closedUpTo) {
      this.late++;
      return true;
    }
    if (key.timeMs > this.newest) this.newest = key.timeMs;
    this.windowAt(e).addKey(key);
    return false;
  }

  /** Adds counted cells (a worker's part); cells of closed windows are late, counted by their count. */
  addSummary(part: SessionSummary): void {
    for (const c of part.cellValues()) {
      const e = c.onBoundary ? c.bin : c.bin + this.binSize;
      if (e <= this.closedUpTo) {
        this.late += c.count;
        continue;
      }
      // a cell's records are no older than its bucket's start: the watermark never runs ahead
      if (c.bin > this.newest) this.newest = c.bin;
      this.windowAt(e).addCell(c);
    }
  }

  /** Evaluates and drops every window whose end the watermark has passed, oldest first. */
  closed(): ClosedWindow[] {
    return this.closeThrough(this.watermark, false);
  }

  /** Evaluates and drops every open window (the input has ended, or the run was stopped). */
  closeAll(): ClosedWindow[] {
    return this.closeThrough(Infinity, true);
  }

  /** The next window end that will close, or undefined when none is open. */
  get nextClose(): number | undefined {
    let min: number | undefined;
    for (const e of this.open.keys()) if (min === undefined || e < min) min = e;
    return min;
  }

  private closeThrough(limit: number, inclusive: boolean): ClosedWindow[] {
    const ends = [...this.open.keys()].filter((e) => (inclusive ? e <= limit : e < limit)).sort((a, b) => a - b);
    const out: ClosedWindow[] = [];
    for (const end of ends) {
      const summary = this.open.get(end)!;
      this.open.delete(end);
      const rows = summary.aggregate([...Array(summary.size).keys()]);
      const start = end - this.binSize;
      const alerts = this.watchlist ? matchAggregate(this.watchlist, rows, { start, end }, { emptyRhsHasMatches: this.options.emptyRhsHasMatches ?? false }) : [];
      out.push({
        window: { start: isoString(start), end: isoString(end), groups: rows.length, alerts: alerts.length },
        alerts,
        summaryRows: () => summary.toSummaryRows(),
      });
    }
    if (ends.length) this.closedUpTo = Math.max(this.closedUpTo, ends[ends.length - 1]!);
    // a window that received nothing still closes: later records for it are late
    if (!inclusive && Number.isFinite(limit)) this.closedUpTo = Math.max(this.closedUpTo, floorTo(limit - 1, this.binSize));
    return out;
  }

  private windowAt(end: number): SessionSummary {
    let s = this.open.get(end);
    if (s === undefined) this.open.set(end, (s = new SessionSummary({ binSize: this.binSize })));
    return s;
  }
}

/** End B of the window (B − size, B] holding an instant. */
function windowEnd(t: ParsedInstant, size: number): number {
  const bin = t.ms - (((t.ms % size) + size) % size);
  return bin === t.ms && !t.subMs ? bin : bin + size;
}

/** `0` or a duration (`30s`, `1m`, `5m`). */
export function parseLateness(value: string | number): number {
  if (value === 0 || (typeof value === 'string' && /^\s*0+(ms|s|m|h|d)?\s*$/.test(value))) return 0;
  return parseDuration(value);
}
