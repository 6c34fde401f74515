import { parseBinSize } from './duration.js';
import { DetectorError } from './errors.js';
import { keyOf, kqlString, portNumber, type DetectorRecord, type SessionKey } from './record.js';
import { parseSummaryRow, SUMMARY_TABLE, type SummaryRow, type SummaryRowReject } from './summary-rows.js';
import { floorTo, isoString, parseInstantInto, type ParsedInstant } from './time.js';

/** One cell of the summary: a count per (bucket, boundary flag, key). */
export interface SessionCell extends SessionKey {
  /** Bucket start: `bin(TimeGenerated, binSize)`, epoch ms. */
  bin: number;
  /**
   * True when TimeGenerated equals `bin` exactly, to the tick. The query files such a record
   * under bucket `bin` (§d.6) but counts it in the detection window that ENDS at `bin` (§d.3),
   * so the summary keeps it apart to serve both views exactly.
   */
  onBoundary: boolean;
  /** Number of ASIM rows (each counts 1 whatever its EventCount, §d.6). */
  count: number;
}

export interface SessionSummaryOptions {
  /** Bin size: `10m` (default), `1h`, `600s`, ... or milliseconds. Must divide one day. */
  binSize?: string | number;
}

/** Serializable form of a summary, for transport between processes. */
export interface SessionSummaryJSON {
  binSize: number;
  records: number;
  rejected: number;
  cells: SessionCell[];
}

function cellId(bin: number, onBoundary: boolean, key: string): string {
  return `${bin}${onBoundary ? '!' : '.'}${key}`;
}

export function compareCells(a: SessionCell, b: SessionCell): number {
  return (
    a.bin - b.bin ||
    Number(a.onBoundary) - Number(b.onBoundary) ||
    (a.DstPortNumber ?? -Infinity) - (b.DstPortNumber ?? -Infinity) ||
    cmp(a.NetworkProtocol, b.NetworkProtocol) ||
    cmp(a.DstAppName, b.DstAppName) ||
    cmp(a.NetworkDirection, b.NetworkDirection) ||
    cmp(a.DvcAction, b.DvcAction)
  );
}

/** Ordinal (UTF-16 code unit) comparison: deterministic and locale-independent. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The mergeable count behind the detector: number of ASIM rows per (bucket, NetworkProtocol,
 * DstPortNumber, DstAppName, NetworkDirection, DvcAction), as the raw branch of the query
 * counts them (§d.6). State grows with the number of distinct cells, not with records.
 *
 * `a.merge(b)` gives the same summary as adding a's and b's records to one summary, in any
 * order and any split (property-tested).
 */
export class SessionSummary {
  readonly binSize: number;
  private readonly map = new Map<string, SessionCell>();
  private records = 0;
  private rejected = 0;
  private readonly scratch: ParsedInstant = { ms: 0, subMs: false };

  constructor(options: SessionSummaryOptions = {}) {
    this.binSize = parseBinSize(options.binSize ?? '10m');
  }

  /** Number of records counted. */
  get recordCount(): number {
    return this.records;
  }

  /** Number of records skipped because TimeGenerated was missing or not a date-time. */
  get rejectedCount(): number {
    return this.rejected;
  }

  /** Number of distinct cells (the memory footprint). */
  get size(): number {
    return this.map.size;
  }

  /** Counts a batch of records. The hot path: no validation beyond parsing TimeGenerated. */
  add(records: readonly DetectorRecord[]): this {
    const size = this.binSize;
    const t = this.scratch;
    const map = this.map;
    let counted = 0;
    let rejected = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (!parseInstantInto(r.TimeGenerated, t)) {
        rejected++;
        continue;
      }
      const ms = t.ms;
      const bin = ms - (((ms % size) + size) % size);
      const onBoundary = bin === ms && !t.subMs;
      const p = r.NetworkProtocol;
      const proto = typeof p === 'string' ? p : kqlString(p);
      const dp = r.DstPortNumber;
      const port = typeof dp === 'number' && (dp | 0) === dp ? dp : portNumber(dp);
      const a = r.DstAppName;
      const app = typeof a === 'string' ? a : kqlString(a);
      const d = r.NetworkDirection;
      const dir = typeof d === 'string' ? d : kqlString(d);
      const c = r.DvcAction;
      const action = typeof c === 'string' ? c : kqlString(c);
      const id = cellId(bin, onBoundary, keyOf(port, proto, app, dir, action));
      const cell = map.get(id);
      if (cell !== undefined) cell.count++;
      else this.newCell(id, bin, onBoundary, proto, port, app, dir, action);
      counted++;
    }
    this.records += counted;
    this.rejected += rejected;
    return this;
  }

  private newCell(id: string, bin: number, onBoundary: boolean, proto: string, port: number | null, app: string, dir: string, action: string): void {
    this.map.set(id, { bin, onBoundary, NetworkProtocol: proto, DstPortNumber: port, DstAppName: app, NetworkDirection: dir, DvcAction: action, count: 1 });
  }

  /** Adds one cell's count (used by merge, fromJSON and fromSummaryRows). */
  addCell(cell: SessionCell): this {
    const id = cellId(cell.bin, cell.onBoundary, keyOf(cell.DstPortNumber, cell.NetworkProtocol, cell.DstAppName, cell.NetworkDirection, cell.DvcAction));
    const mine = this.map.get(id);
    if (mine !== undefined) mine.count += cell.count;
    else this.map.set(id, { ...cell });
    return this;
  }

  /** Adds `other`'s counts into this summary. Bin sizes must match. */
  merge(other: SessionSummary): this {
    if (other.binSize !== this.binSize) {
      throw new DetectorError('BIN_SIZE_MISMATCH', `cannot merge summaries with bin sizes ${this.binSize} ms and ${other.binSize} ms`);
    }
    for (const cell of other.map.values()) this.addCell(cell);
    this.records += other.records;
    this.rejected += other.rejected;
    return this;
  }

  /** A copy of every cell, in canonical order. */
  cells(): SessionCell[] {
    return [...this.map.values()].map((c) => ({ ...c })).sort(compareCells);
  }

  /** Iterates the live cells without copying (do not mutate). */
  cellValues(): IterableIterator<Readonly<SessionCell>> {
    return this.map.values();
  }

  /** Distinct bucket starts (`bin(TimeGenerated)`), ascending. */
  bins(): number[] {
    const s = new Set<number>();
    for (const c of this.map.values()) s.add(c.bin);
    return [...s].sort((a, b) => a - b);
  }

  /**
   * Ends B of the detection windows (B − binSize, B] that contain at least one record,
   * ascending (§d: a record exactly on a boundary belongs to the window ending there).
   */
  windowEnds(): number[] {
    const s = new Set<number>();
    for (const c of this.map.values()) s.add(windowEndOf(c, this.binSize));
    return [...s].sort((a, b) => a - b);
  }

  /**
   * `NetworkCustomAnalytics_protocol_CL` rows, one per (bucket, key), as the Logic App writes
   * them (§e): EventTime_t is the bucket start, count__d the number of rows in
   * [bucket, bucket + binSize). TimeGenerated (ingestion time in Sentinel, Q5) is set to the
   * bucket end, the earliest instant the bucket could have been summarized.
   */
  toSummaryRows(): SummaryRow[] {
    const merged = new Map<string, SessionCell>();
    for (const c of this.map.values()) {
      const id = cellId(c.bin, false, keyOf(c.DstPortNumber, c.NetworkProtocol, c.DstAppName, c.NetworkDirection, c.DvcAction));
      const m = merged.get(id);
      if (m) m.count += c.count;
      else merged.set(id, { ...c, onBoundary: false });
    }
    return [...merged.values()].sort(compareCells).map((c) => {
      const row: SummaryRow = {
        TimeGenerated: isoString(c.bin + this.binSize),
        EventTime_t: isoString(c.bin),
        NetworkProtocol_s: c.NetworkProtocol,
        DstAppName_s: c.DstAppName,
        NetworkDirection_s: c.NetworkDirection,
        DvcAction_s: c.DvcAction,
        count__d: c.count,
        Type: SUMMARY_TABLE,
      };
      if (c.DstPortNumber !== null) row.DstPortNumber_d = c.DstPortNumber;
      return orderSummaryRow(row);
    });
  }

  /**
   * Builds a summary from `NetworkCustomAnalytics_protocol_CL` rows. Summary rows carry no
   * boundary information, so every cell has `onBoundary = false`; ingestion times are dropped
   * (use `SummaryTable` to evaluate summary rows with §c's visibility rules). Unusable rows are
   * returned in `rejects`.
   */
  static fromSummaryRows(
    rows: readonly Record<string, unknown>[],
    options: SessionSummaryOptions & { source?: string } = {},
  ): { summary: SessionSummary; rejects: SummaryRowReject[] } {
    const summary = new SessionSummary(options);
    const rejects: SummaryRowReject[] = [];
    rows.forEach((row, i) => {
      const p = parseSummaryRow(row);
      if (typeof p === 'string') {
        rejects.push({ source: options.source ?? '<summary>', row: i + 1, reason: p });
        return;
      }
      summary.addCell({
        bin: floorTo(p.eventTime, summary.binSize),
        onBoundary: false,
        NetworkProtocol: p.NetworkProtocol,
        DstPortNumber: p.DstPortNumber,
        DstAppName: p.DstAppName,
        NetworkDirection: p.NetworkDirection,
        DvcAction: p.DvcAction,
        count: p.count,
      });
      summary.records += p.count;
    });
    return { summary, rejects };
  }

  toJSON(): SessionSummaryJSON {
    return { binSize: this.binSize, records: this.records, rejected: this.rejected, cells: this.cells() };
  }

  static fromJSON(json: SessionSummaryJSON): SessionSummary {
    const s = new SessionSummary({ binSize: json.binSize });
    for (const c of json.cells) s.addCell(c);
    s.records = json.records;
    s.rejected = json.rejected;
    return s;
  }
}

/** End of the detection window a cell's records belong to. */
export function windowEndOf(c: { bin: number; onBoundary: boolean }, binSize: number): number {
  return c.onBoundary ? c.bin : c.bin + binSize;
}

function orderSummaryRow(row: SummaryRow): SummaryRow {
  const out: Record<string, unknown> = {};
  for (const k of ['TimeGenerated', 'EventTime_t', 'NetworkProtocol_s', 'DstPortNumber_d', 'DstAppName_s', 'NetworkDirection_s', 'DvcAction_s', 'count__d', 'Type'] as const) {
    if (row[k] !== undefined) out[k] = row[k];
  }
  return out as unknown as SummaryRow;
}
