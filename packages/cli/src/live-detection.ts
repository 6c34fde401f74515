import { ConfigError } from '@asimkit/sdk';
import type { Accounting, Output, SessionSink } from '@asimkit/core';
import type { DetectorKey } from '@asimkit/schema';
import {
  alertsToCsv,
  alertsToJsonl,
  alertsToTable,
  LiveDetector,
  summaryRowsToCsv,
  summaryRowsToJsonl,
  type ClosedWindow,
  type DetectorRecord,
  type SessionSummary,
} from '@asimkit/detector';

/** Alerts formats; `table` only when the alerts go to a terminal. */
export function alertFormat(format: string | undefined, toTerminal: boolean): 'table' | 'jsonl' | 'csv' {
  const f = format ?? (toTerminal ? 'table' : 'jsonl');
  if (f !== 'table' && f !== 'jsonl' && f !== 'csv') throw new ConfigError('bad-flag', `--format must be table, jsonl or csv, not "${f}"`);
  return f;
}

/**
 * A sink that feeds a live detector and writes what each closed window gives (its alerts, or its
 * summary rows for `summarize --follow`) as soon as it closes; closing the sink closes every window
 * still open. A CSV header is written once.
 */
export class ClosedWindowSink implements SessionSink {
  private headerWritten = false;
  /** Windows closed and alerts written so far. */
  windows = 0;
  alerts = 0;

  constructor(
    readonly detector: LiveDetector,
    private readonly out: Output,
    private readonly render: (closed: ClosedWindow) => string,
    private readonly csv = false,
  ) {}

  async write(records: readonly unknown[]): Promise<void> {
    this.detector.add(records as DetectorRecord[]);
    await this.emit(this.detector.closed());
  }

  /** A session from a plugin's fast path: counted now; the bins it closes are written with the next `write`. */
  detectorKey(key: Readonly<DetectorKey>): void {
    this.detector.addKey(key);
  }

  /** Counted cells from elsewhere (a NATS worker's partial summary). */
  async addSummary(part: SessionSummary): Promise<void> {
    this.detector.addSummary(part);
    await this.emit(this.detector.closed());
  }

  async close(): Promise<void> {
    await this.emit(this.detector.closeAll());
    await this.out.close();
  }

  private async emit(closed: ClosedWindow[]): Promise<void> {
    let text = '';
    for (const c of closed) {
      this.windows++;
      this.alerts += c.alerts.length;
      let part = this.render(c);
      if (this.csv && this.headerWritten) part = part.slice(part.indexOf('\n') + 1);
      if (part !== '') this.headerWritten = true;
      text += part;
    }
    if (text !== '') await this.out.write(text);
  }
}

/** Each closed window's alerts, exactly as `detect --all-bins` prints them for that window. */
export function renderAlerts(format: 'table' | 'jsonl' | 'csv'): (c: ClosedWindow) => string {
  if (format === 'jsonl') return (c) => alertsToJsonl(c.alerts);
  if (format === 'csv') return (c) => (c.alerts.length ? alertsToCsv(c.alerts) : '');
  return (c) => (c.alerts.length ? alertsToTable(c.alerts) : '');
}

/** Each closed window's counts as summary rows. */
export function renderSummaryRows(format: 'jsonl' | 'csv'): (c: ClosedWindow) => string {
  return (c) => {
    const rows = c.summaryRows();
    if (rows.length === 0) return '';
    return format === 'csv' ? summaryRowsToCsv(rows) : summaryRowsToJsonl(rows);
  };
}

/** A live run's accounting takes the detector's late records. */
export function withLate(acc: Accounting, detector: LiveDetector | undefined): Accounting {
  if (detector) acc.late = detector.late;
  return acc;
}

/** An AbortSignal raised by the first SIGINT or SIGTERM: a live run stops, flushes and reports. */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
