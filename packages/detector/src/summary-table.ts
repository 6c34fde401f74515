import { parseBinSize } from './duration.js';
import { DetectorError } from './errors.js';
import { keyOf, type SessionKey } from './record.js';
import { parseSummaryRow, type SummaryRowReject } from './summary-rows.js';

/** Rows of `NetworkCustomAnalytics_protocol_CL`, aggregated per (bucket, ingestion time, key). */
export interface SummaryTableCell extends SessionKey {
  /** `EventTime_t`: bucket start, epoch ms. */
  eventTime: number;
  /** `TimeGenerated`: ingestion time, epoch ms, or null when the rows had none. */
  ingestedAt: number | null;
  /** Sum of `toint(count__d)` over the rows of this cell. */
  count: number;
  /** Number of summary rows merged into this cell. */
  rows: number;
}

export interface SummaryTableOptions {
  /** Bucket size of the table (default `10m`); used for BinEnd and for rows without TimeGenerated. */
  binSize?: string | number;
}

/**
 * The summary input of §c/§e: rows of `NetworkCustomAnalytics_protocol_CL` (Sentinel exports
 * or `asim summarize` output). Mergeable like `SessionSummary`; it keeps the ingestion time
 * because §c decides visibility by it.
 */
export class SummaryTable {
  readonly binSize: number;
  private readonly map = new Map<string, SummaryTableCell>();
  private rows = 0;
  private rejected = 0;

  constructor(options: SummaryTableOptions = {}) {
    this.binSize = parseBinSize(options.binSize ?? '10m');
  }

  /** Number of usable rows added. */
  get rowCount(): number {
    return this.rows;
  }

  get rejectedCount(): number {
    return this.rejected;
  }

  get size(): number {
    return this.map.size;
  }

  /**
   * Adds rows (plain column → value objects; numbers may be strings). Returns the rows that
   * could not be used, located by `positions[i]` (e.g. line numbers) or `firstRow + i`; they are
   * also counted in `rejectedCount`.
   */
  addRows(rows: readonly Record<string, unknown>[], options: { source?: string; positions?: readonly number[]; firstRow?: number } = {}): SummaryRowReject[] {
    const rejects: SummaryRowReject[] = [];
    const first = options.firstRow ?? 1;
    const positions = options.positions;
    for (let i = 0; i < rows.length; i++) {
      const p = parseSummaryRow(rows[i]!);
      if (typeof p === 'string') {
        rejects.push({ source: options.source ?? '<summary>', position: positions?.[i] ?? first + i, reason: p });
        this.rejected++;
        continue;
      }
      this.addCell({ ...p, rows: 1 });
      this.rows++;
    }
    return rejects;
  }

  addCell(c: SummaryTableCell): this {
    const id = `${c.eventTime}|${c.ingestedAt ?? 'n'}|${keyOf(c.DstPortNumber, c.NetworkProtocol, c.DstAppName, c.NetworkDirection, c.DvcAction)}`;
    const mine = this.map.get(id);
    if (mine) {
      mine.count += c.count;
      mine.rows += c.rows;
    } else
      this.map.set(id, {
        eventTime: c.eventTime,
        ingestedAt: c.ingestedAt,
        NetworkProtocol: c.NetworkProtocol,
        DstPortNumber: c.DstPortNumber,
        DstAppName: c.DstAppName,
        NetworkDirection: c.NetworkDirection,
        DvcAction: c.DvcAction,
        count: c.count,
        rows: c.rows,
      });
    return this;
  }

  merge(other: SummaryTable): this {
    if (other.binSize !== this.binSize) {
      throw new DetectorError('BIN_SIZE_MISMATCH', `cannot merge summary tables with bin sizes ${this.binSize} ms and ${other.binSize} ms`);
    }
    for (const c of other.map.values()) this.addCell(c);
    this.rows += other.rows;
    this.rejected += other.rejected;
    return this;
  }

  cellValues(): IterableIterator<Readonly<SummaryTableCell>> {
    return this.map.values();
  }

  /** Distinct EventTime_t values, ascending. */
  bucketTimes(): number[] {
    const s = new Set<number>();
    for (const c of this.map.values()) s.add(c.eventTime);
    return [...s].sort((a, b) => a - b);
  }

  /**
   * Whether a cell is visible to a query running at `now` whose time range is `range` ms
   * (§c time-scope note): its TimeGenerated lies in [now − range, now]. Rows without
   * TimeGenerated are taken as ingested at their bucket end (the convention of `asim summarize`).
   */
  isVisible(c: Readonly<SummaryTableCell>, now: number, range: number | undefined): boolean {
    const t = c.ingestedAt ?? c.eventTime + this.binSize;
    return t <= now && (range === undefined || t >= now - range);
  }
}
