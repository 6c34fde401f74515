import type { DetectorCombination, DetectorKey, DetectorKeyColumns } from '@asimkit/schema';
import { parseBinSize } from './duration.js';
import { DetectorError } from './errors.js';
import { kqlString, portNumber, type DetectorRecord, type SessionKey } from './record.js';
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
  /**
   * The instant of a `--now` run (epoch ms): only the records of its window (B − bin, B],
   * B = bin(windowAt), get cells; the others are counted as records and dropped, so the run's
   * memory is that of one window, whatever the input spans.
   */
  windowAt?: number;
}

/** One aggregate row of §f.1 (see `SessionSummary.aggregate`). */
export interface WindowAggregateRow {
  DstPortNumber: number;
  NetworkProtocol: string;
  NetworkDirection: string;
  DvcAction: string;
  Sum: number;
}

/** Serializable form of a summary, for transport between processes. */
export interface SessionSummaryJSON {
  binSize: number;
  records: number;
  rejected: number;
  cells: SessionCell[];
}

/**
 * A summary as typed columns, one entry per cell, strings interned in `strings`: a worker thread
 * transfers it to the main thread without copying (structured-cloning 10^5 cell objects takes
 * about a second).
 */
export interface SessionSummaryColumns {
  binSize: number;
  records: number;
  rejected: number;
  strings: string[];
  bin: Float64Array;
  onBoundary: Uint8Array;
  /** DstPortNumber; `portIsNull` marks the null ones. */
  port: Float64Array;
  portIsNull: Uint8Array;
  protocol: Uint32Array;
  app: Uint32Array;
  direction: Uint32Array;
  action: Uint32Array;
  count: Float64Array;
}

/**
 * The cells of one (bucket, boundary flag): cell key (see `cellKey`) → cell index. The small-integer
 * keys sit in an open-addressing table of two typed arrays, where a Map lookup cost several times
 * a probe; the string keys of odd ports in a Map.
 */
class BinCells {
  /** Key + 1 per slot (0: empty), and the cell index of the slot. */
  private keys = new Int32Array(64);
  private indexes = new Int32Array(64);
  /** 32 − log2(capacity): a key's first slot is the top bits of its Fibonacci hash. */
  private shift = 26;
  private used = 0;
  private stringKeys: Map<string, number> | undefined;

  /** The cell index of a key, or -1. */
  get(key: number | string): number {
    if (typeof key === 'string') return this.stringKeys?.get(key) ?? -1;
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let slot = Math.imul(key + 1, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const k = keys[slot]!;
      if (k === key + 1) return this.indexes[slot]!;
      if (k === 0) return -1;
    }
  }

  /** Adds a key that is not there yet. */
  add(key: number | string, index: number): void {
    if (typeof key === 'string') return void (this.stringKeys ??= new Map()).set(key, index);
    if (2 * ++this.used > this.keys.length) this.grow();
    this.place(key + 1, index);
  }

  private place(stored: number, index: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = Math.imul(stored, 0x9e3779b1) >>> this.shift;
    while (keys[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = stored;
    this.indexes[slot] = index;
  }

  private grow(): void {
    const { keys, indexes } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.indexes = new Int32Array(keys.length * 2);
    this.shift--;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) this.place(keys[slot]!, indexes[slot]!);
  }
}

/** Interns strings into small dense ids, so a key can be packed into one number. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.strings.push(s) - 1));
    return id;
  }
}

/**
 * The cells, one index each, in growable typed columns: a cell costs ~40 bytes here where an
 * object per cell costs ~150 (a day of flow logs with ephemeral ports has 10^6 cells).
 */
class CellColumns {
  length = 0;
  binKey = new Float64Array(1024);
  /** DstPortNumber, NaN for null. */
  port = new Float64Array(1024);
  protocol = new Uint32Array(1024);
  app = new Uint32Array(1024);
  direction = new Uint32Array(1024);
  action = new Uint32Array(1024);
  count = new Float64Array(1024);

  push(binKey: number, port: number | null, protocol: number, app: number, direction: number, action: number): number {
    if (this.length === this.count.length) this.grow();
    const i = this.length++;
    this.binKey[i] = binKey;
    this.port[i] = port === null ? NaN : port;
    this.protocol[i] = protocol;
    this.app[i] = app;
    this.direction[i] = direction;
    this.action[i] = action;
    this.count[i] = 0;
    return i;
  }

  private grow(): void {
    const n = this.count.length * 2;
    const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.binKey = grow(this.binKey, (k) => new Float64Array(k));
    this.port = grow(this.port, (k) => new Float64Array(k));
    this.protocol = grow(this.protocol, (k) => new Uint32Array(k));
    this.app = grow(this.app, (k) => new Uint32Array(k));
    this.direction = grow(this.direction, (k) => new Uint32Array(k));
    this.action = grow(this.action, (k) => new Uint32Array(k));
    this.count = grow(this.count, (k) => new Float64Array(k));
  }
}

const PORTS = 65537; // null, 0..65535
/** Combination ids below this keep a cell key in V8's small-integer range (< 2^30): no boxing, no garbage. */
const SMALL_COMBOS = 16384;

/**
 * The key of a cell within its bucket: a small integer for (port, combination) when the port is a
 * valid port; a collision-free string otherwise. With ephemeral destination ports a day of flow
 * logs has hundreds of thousands of cells, and a number key costs a few bytes where nested maps
 * cost a kilobyte.
 */
function cellKey(port: number | null, combo: number): number | string {
  const p = port === null ? 0 : port + 1;
  if (p < 0 || p >= PORTS || combo >= SMALL_COMBOS || (p | 0) !== p) return `${port}|${combo}`;
  return combo * PORTS + p;
}

/**
 * Ids for (NetworkProtocol, DstAppName, NetworkDirection, DvcAction): a handful of combinations
 * in any real data. Each string is interned; the last one seen per field is remembered, since
 * consecutive records mostly repeat them.
 */
class ComboIds {
  /** The interned string ids of the combination last looked up. */
  protocol = 0;
  app = 0;
  direction = 0;
  action = 0;
  private readonly byIds = new Map<number | string, number>();
  private readonly protocols: FieldIds;
  private readonly apps: FieldIds;
  private readonly directions: FieldIds;
  private readonly actions: FieldIds;
  /** The last ids of small combination keys by key & (COMBO_CACHE − 1): key + 1 (0: none), and the id. */
  private readonly cachedKeys = new Int32Array(COMBO_CACHE);
  private readonly cachedIds = new Int32Array(COMBO_CACHE);

  constructor(strings: Interner) {
    this.protocols = new FieldIds(strings);
    this.apps = new FieldIds(strings);
    this.directions = new FieldIds(strings);
    this.actions = new FieldIds(strings);
  }

  id(protocol: string, app: string, direction: string, action: string): number {
    this.protocol = this.protocols.id(protocol);
    this.app = this.apps.id(app);
    this.direction = this.directions.id(direction);
    this.action = this.actions.id(action);
    return this.combination(this.protocol, this.app, this.direction, this.action);
  }

  /** The id of a combination given by interned string ids, which it remembers as the last one. */
  ofIds(protocol: number, app: number, direction: number, action: number): number {
    this.protocol = protocol;
    this.app = app;
    this.direction = direction;
    this.action = action;
    return this.combination(protocol, app, direction, action);
  }

  private combination(p: number, a: number, d: number, c: number): number {
    // a small integer while every id is below 64 (the app's below 4096)
    if (p < 64 && d < 64 && c < 64 && a < 4096) {
      const key = ((a * 64 + p) * 64 + d) * 64 + c;
      const slot = key & (COMBO_CACHE - 1);
      if (this.cachedKeys[slot] === key + 1) return this.cachedIds[slot]!;
      const id = this.idOf(key);
      this.cachedKeys[slot] = key + 1;
      this.cachedIds[slot] = id;
      return id;
    }
    return this.idOf(`${p}|${a}|${d}|${c}`);
  }

  private idOf(key: number | string): number {
    let id = this.byIds.get(key);
    if (id === undefined) this.byIds.set(key, (id = this.byIds.size));
    return id;
  }
}

/** Combination keys whose id ComboIds keeps at hand (a power of two). */
const COMBO_CACHE = 256;

/**
 * One field's interned ids, the last two strings remembered: consecutive records mostly repeat a
 * value or alternate between two (Allow and Deny).
 */
class FieldIds {
  private last: string | undefined;
  private lastId = 0;
  private previous: string | undefined;
  private previousId = 0;

  constructor(private readonly strings: Interner) {}

  id(s: string): number {
    if (s === this.last) return this.lastId;
    const id = s === this.previous ? this.previousId : this.strings.id(s);
    this.previous = this.last;
    this.previousId = this.lastId;
    this.last = s;
    this.lastId = id;
    return id;
  }
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
  /** See SessionSummaryOptions.windowAt. */
  readonly windowAt: number | undefined;
  /** Cells by (bin·2 + boundary flag), then by packed key. */
  private readonly root = new Map<number, BinCells>();
  private readonly store = new CellColumns();
  private readonly strings = new Interner();
  private readonly combos = new ComboIds(this.strings);
  /** With `windowAt`, the two bin keys of its window (the bucket before B, and B's boundary records); else undefined. */
  private readonly windowKeys: readonly [number, number] | undefined;
  private lastBinKey = NaN;
  /** The start of the bin `addKey` last computed (NaN: none yet). */
  private lastStart = NaN;
  /** The cells of `lastBinKey`, or undefined when that key is outside `windowKeys`. */
  private lastBin: BinCells | undefined;
  private records = 0;
  private rejected = 0;
  private readonly scratch: ParsedInstant = { ms: 0, subMs: false };
  /** The `combinations` of the columns `addKeyColumns` read last, and the combination id of each (-1: not yet looked up). */
  private columnCombinations: DetectorKeyColumns['combinations'] | undefined;
  private columnComboIds = new Int32Array(0);

  constructor(options: SessionSummaryOptions = {}) {
    this.binSize = parseBinSize(options.binSize ?? '10m');
    this.windowAt = options.windowAt;
    if (options.windowAt !== undefined) {
      const end = floorTo(options.windowAt, this.binSize);
      this.windowKeys = [(end - this.binSize) * 2, end * 2 + 1];
    }
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
    return this.store.length;
  }

  /** Counts a batch of records. The hot path: no validation beyond parsing TimeGenerated. */
  add(records: readonly DetectorRecord[]): this {
    const size = this.binSize;
    const t = this.scratch;
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
      const binKey = bin * 2 + (bin === ms && !t.subMs ? 1 : 0);
      const p = r.NetworkProtocol;
      const dp = r.DstPortNumber;
      const a = r.DstAppName;
      const d = r.NetworkDirection;
      const c = r.DvcAction;
      // the index first: cellFor may grow (replace) the count column
      const combo = this.combos.id(
        typeof p === 'string' ? p : kqlString(p),
        typeof a === 'string' ? a : kqlString(a),
        typeof d === 'string' ? d : kqlString(d),
        typeof c === 'string' ? c : kqlString(c),
      );
      const index = this.cellFor(binKey, typeof dp === 'number' && (dp | 0) === dp ? dp : portNumber(dp), combo);
      if (index >= 0) this.store.count[index]!++;
      counted++;
    }
    this.records += counted;
    this.rejected += rejected;
    return this;
  }

  /** Counts one session given as a detector key (a plugin's fast path; see `DetectorKey`). */
  addKey(key: Readonly<DetectorKey>): void {
    // the hot path of `detect`: written so that no number is boxed per record (the bin key is a
    // double and would be, as an argument to a call that is not inlined)
    const size = this.binSize;
    const ms = key.timeMs;
    // consecutive records mostly fall in one bin, and `%` on doubles is a call (fmod) that cost as
    // much as the rest of this function
    let bin = this.lastStart;
    if (!(ms >= bin && ms - bin < size)) this.lastStart = bin = ms - (((ms % size) + size) % size);
    const binKey = bin * 2 + (bin === ms ? 1 : 0);
    const cells = binKey === this.lastBinKey ? this.lastBin : this.binCells(binKey);
    this.records++;
    if (cells === undefined) return;
    const port = key.DstPortNumber;
    const k = cellKey(port, this.combos.id(key.NetworkProtocol, key.DstAppName, key.NetworkDirection, key.DvcAction));
    let index = cells.get(k);
    if (index < 0) index = this.newCell(cells, k, binKey, port);
    this.store.count[index]!++;
  }

  /**
   * Counts the sessions among entries 0 to `count` − 1 of `columns` (those whose combination is
   * ≥ 0), as `addKey` counts each; returns how many. A combination's id is looked up once per
   * `combinations` array, not per entry.
   */
  addKeyColumns(columns: Readonly<DetectorKeyColumns>, count: number): number {
    const { timeMs, port, combination } = columns;
    if (columns.combinations !== this.columnCombinations) {
      this.columnCombinations = columns.combinations;
      this.columnComboIds = new Int32Array(columns.combinations.length).fill(-1);
    }
    const ids = this.columnComboIds;
    const size = this.binSize;
    let taken = 0;
    for (let j = 0; j < count; j++) {
      const c = combination[j]!;
      if (c < 0) continue;
      taken++;
      const ms = timeMs[j]!;
      let bin = this.lastStart;
      if (!(ms >= bin && ms - bin < size)) this.lastStart = bin = ms - (((ms % size) + size) % size);
      const binKey = bin * 2 + (bin === ms ? 1 : 0);
      const cells = binKey === this.lastBinKey ? this.lastBin : this.binCells(binKey);
      if (cells === undefined) continue;
      let id = ids[c]!;
      if (id < 0) id = ids[c] = this.combinationId(columns.combinations[c]!);
      const p = port[j]!;
      const dstPort = p < 0 ? null : p;
      const k = cellKey(dstPort, id);
      let index = cells.get(k);
      if (index < 0) {
        this.combinationId(columns.combinations[c]!); // newCell reads the ids of the combination looked up last
        index = this.newCell(cells, k, binKey, dstPort);
      }
      this.store.count[index]!++;
    }
    this.records += taken;
    return taken;
  }

  private combinationId(c: DetectorCombination): number {
    return this.combos.id(c.NetworkProtocol, c.DstAppName, c.NetworkDirection, c.DvcAction);
  }

  /**
   * Finds or creates (with count 0) the cell of a key, `combo` the combination `combos` last gave;
   * returns its index, or -1 when the key is outside the summary's window.
   */
  private cellFor(binKey: number, port: number | null, combo: number): number {
    const cells = binKey === this.lastBinKey ? this.lastBin : this.binCells(binKey);
    if (cells === undefined) return -1;
    const key = cellKey(port, combo);
    const index = cells.get(key);
    return index >= 0 ? index : this.newCell(cells, key, binKey, port);
  }

  /** The cells of a bucket (and boundary flag), remembered as the last one used; undefined outside the window. */
  private binCells(binKey: number): BinCells | undefined {
    const w = this.windowKeys;
    let cells = this.root.get(binKey);
    if (cells === undefined && (w === undefined || binKey === w[0] || binKey === w[1])) this.root.set(binKey, (cells = new BinCells()));
    this.lastBinKey = binKey;
    this.lastBin = cells;
    return cells;
  }

  /** A new cell, count 0, for the combination `combos` last looked up. */
  private newCell(cells: BinCells, key: number | string, binKey: number, port: number | null): number {
    const c = this.combos;
    const index = this.store.push(binKey, port, c.protocol, c.app, c.direction, c.action);
    cells.add(key, index);
    return index;
  }

  /** Adds one cell's count (used by merge, fromJSON and fromSummaryRows). */
  addCell(cell: Readonly<SessionCell>): this {
    const bin = floorTo(cell.bin, this.binSize);
    const onBoundary = cell.onBoundary && bin === cell.bin;
    const combo = this.combos.id(cell.NetworkProtocol, cell.DstAppName, cell.NetworkDirection, cell.DvcAction);
    const index = this.cellFor(bin * 2 + (onBoundary ? 1 : 0), cell.DstPortNumber, combo);
    if (index >= 0) this.store.count[index]! += cell.count;
    return this;
  }

  /** Adds `other`'s counts into this summary. Bin sizes must match. */
  merge(other: SessionSummary): this {
    if (other.binSize !== this.binSize) {
      throw new DetectorError('BIN_SIZE_MISMATCH', `cannot merge summaries with bin sizes ${this.binSize} ms and ${other.binSize} ms`);
    }
    for (const cell of other.cellValues()) this.addCell(cell);
    this.records += other.records;
    this.rejected += other.rejected;
    return this;
  }

  /** A copy of every cell, in canonical order. */
  cells(): SessionCell[] {
    return [...this.cellValues()].sort(compareCells);
  }

  /** Every cell as a fresh object, unsorted (made on demand: the summary stores columns). */
  *cellValues(): IterableIterator<SessionCell> {
    for (let i = 0; i < this.store.length; i++) yield this.cellAt(i);
  }

  /** Cell `index` (0 ≤ index < size) as a fresh object. */
  cellAt(index: number): SessionCell {
    const st = this.store;
    const strings = this.strings.strings;
    const binKey = st.binKey[index]!;
    const onBoundary = binKey % 2 !== 0;
    const port = st.port[index]!;
    return {
      bin: (binKey - (onBoundary ? 1 : 0)) / 2,
      onBoundary,
      NetworkProtocol: strings[st.protocol[index]!]!,
      DstPortNumber: Number.isNaN(port) ? null : port,
      DstAppName: strings[st.app[index]!]!,
      NetworkDirection: strings[st.direction[index]!]!,
      DvcAction: strings[st.action[index]!]!,
      count: st.count[index]!,
    };
  }

  /**
   * Cell indexes grouped by the end of the detection window they count in, so that a caller can
   * evaluate one window at a time instead of holding every window's aggregate at once.
   */
  indexesByWindowEnd(): Map<number, number[]> {
    const groups = new Map<number, number[]>();
    const st = this.store;
    let lastKey = NaN;
    let last: number[] = [];
    for (let i = 0; i < st.length; i++) {
      const binKey = st.binKey[i]!;
      if (binKey !== lastKey) {
        // cells are created in record order, so runs of one bucket are long
        const onBoundary = binKey % 2 !== 0;
        const end = windowEndOf({ bin: (binKey - (onBoundary ? 1 : 0)) / 2, onBoundary }, this.binSize);
        let g = groups.get(end);
        if (g === undefined) groups.set(end, (g = []));
        lastKey = binKey;
        last = g;
      }
      last.push(i);
    }
    return groups;
  }

  /**
   * §f.1 over the cells at `indexes`: Sum of counts per (DstPortNumber, NetworkProtocol,
   * NetworkDirection, DvcAction), null ports dropped. Keyed by the interned ids, so a window of
   * 10^5 cells builds no string per cell.
   */
  aggregate(indexes: readonly number[]): WindowAggregateRow[] {
    return this.aggregateWindow(indexes).rows;
  }

  /**
   * `aggregate`, with `groups` the number of its rows, of which only those whose port `keep` marks
   * (by port 0..65535; others always) are built: the rule has no candidate for the rest, and a
   * window of ephemeral ports has thousands of them.
   */
  aggregateWindow(indexes: readonly number[], keep?: Uint8Array): { rows: WindowAggregateRow[]; groups: number } {
    const st = this.store;
    const strings = this.strings.strings;
    // (protocol, direction, action) → a small id, so that the row key stays a small integer
    const triples = new Map<number | string, number>();
    let lastTriple: number | string = -1;
    let lastT = 0;
    const rows = new Map<number | string, WindowAggregateRow | null>();
    for (const i of indexes) {
      const port = st.port[i]!;
      if (Number.isNaN(port)) continue;
      const p = st.protocol[i]!;
      const d = st.direction[i]!;
      const c = st.action[i]!;
      const triple = p < 1024 && d < 1024 && c < 1024 ? (c * 1024 + d) * 1024 + p : `${p}|${d}|${c}`;
      let t = lastT;
      if (triple !== lastTriple) {
        const known = triples.get(triple);
        if (known === undefined) triples.set(triple, (t = triples.size));
        else t = known;
        lastTriple = triple;
        lastT = t;
      }
      const validPort = port >= 0 && port < 65536 && (port | 0) === port;
      const key = t < 16384 && validPort ? t * 65536 + port : `${port}|${t}`;
      const row = rows.get(key);
      if (row) row.Sum += st.count[i]!;
      else if (row === undefined) {
        const built = keep === undefined || !validPort || keep[port] === 1;
        rows.set(key, built ? { DstPortNumber: port, NetworkProtocol: strings[p]!, NetworkDirection: strings[d]!, DvcAction: strings[c]!, Sum: st.count[i]! } : null);
      }
    }
    const built: WindowAggregateRow[] = [];
    for (const row of rows.values()) if (row !== null) built.push(row);
    return { rows: built, groups: rows.size };
  }

  /** Distinct bucket starts (`bin(TimeGenerated)`), ascending. */
  bins(): number[] {
    const s = new Set<number>();
    for (const c of this.cellValues()) s.add(c.bin);
    return [...s].sort((a, b) => a - b);
  }

  /**
   * Ends B of the detection windows (B − binSize, B] that contain at least one record,
   * ascending (§d: a record exactly on a boundary belongs to the window ending there).
   */
  windowEnds(): number[] {
    const s = new Set<number>();
    for (const c of this.cellValues()) s.add(windowEndOf(c, this.binSize));
    return [...s].sort((a, b) => a - b);
  }

  /**
   * `NetworkCustomAnalytics_protocol_CL` rows, one per (bucket, key), as the Logic App writes
   * them (§e): EventTime_t is the bucket start, count__d the number of rows in
   * [bucket, bucket + binSize). TimeGenerated (ingestion time in Sentinel, §l Q5) is set to the
   * bucket end, the earliest instant the bucket could have been summarized.
   */
  toSummaryRows(): SummaryRow[] {
    const rows: SummaryRow[] = [];
    for (const batch of this.summaryRowBatches()) rows.push(...batch);
    return rows;
  }

  /**
   * `toSummaryRows` a batch at a time, in the same order (bucket, then key), built from the
   * columns without a copy of the summary: the rows of a million cells need not be held at once.
   */
  *summaryRowBatches(batchSize = 4096): Generator<SummaryRow[]> {
    const st = this.store;
    const strings = this.strings.strings;
    const binOf = (i: number) => Math.floor(st.binKey[i]! / 2); // the boundary flag does not split a bucket
    const portOf = (i: number) => (Number.isNaN(st.port[i]!) ? -Infinity : st.port[i]!);
    const order = Array.from({ length: st.length }, (_, i) => i);
    order.sort(
      (x, y) =>
        binOf(x) - binOf(y) ||
        portOf(x) - portOf(y) ||
        cmp(strings[st.protocol[x]!]!, strings[st.protocol[y]!]!) ||
        cmp(strings[st.app[x]!]!, strings[st.app[y]!]!) ||
        cmp(strings[st.direction[x]!]!, strings[st.direction[y]!]!) ||
        cmp(strings[st.action[x]!]!, strings[st.action[y]!]!),
    );
    const sameKey = (x: number, y: number) =>
      binOf(x) === binOf(y) && portOf(x) === portOf(y) && st.protocol[x] === st.protocol[y] && st.app[x] === st.app[y] && st.direction[x] === st.direction[y] && st.action[x] === st.action[y];
    let batch: SummaryRow[] = [];
    for (let k = 0; k < order.length; ) {
      const first = order[k]!;
      let count = 0;
      for (; k < order.length && sameKey(first, order[k]!); k++) count += st.count[order[k]!]!;
      const bin = binOf(first);
      const port = st.port[first]!;
      const row: Partial<SummaryRow> = { TimeGenerated: isoString(bin + this.binSize), EventTime_t: isoString(bin), NetworkProtocol_s: strings[st.protocol[first]!]! };
      if (!Number.isNaN(port)) row.DstPortNumber_d = port;
      row.DstAppName_s = strings[st.app[first]!]!;
      row.NetworkDirection_s = strings[st.direction[first]!]!;
      row.DvcAction_s = strings[st.action[first]!]!;
      row.count__d = count;
      row.Type = SUMMARY_TABLE;
      batch.push(row as SummaryRow);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
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
        rejects.push({ source: options.source ?? '<summary>', position: i + 1, reason: p });
        return;
      }
      summary.addCell({
        bin: p.eventTime,
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

  /** The cells as typed columns (see SessionSummaryColumns); `columnBuffers` lists what to transfer. */
  toColumns(): SessionSummaryColumns {
    const st = this.store;
    const n = st.length;
    const c: SessionSummaryColumns = {
      binSize: this.binSize,
      records: this.records,
      rejected: this.rejected,
      strings: [...this.strings.strings],
      bin: new Float64Array(n),
      onBoundary: new Uint8Array(n),
      port: new Float64Array(n),
      portIsNull: new Uint8Array(n),
      protocol: st.protocol.slice(0, n),
      app: st.app.slice(0, n),
      direction: st.direction.slice(0, n),
      action: st.action.slice(0, n),
      count: st.count.slice(0, n),
    };
    for (let i = 0; i < n; i++) {
      const binKey = st.binKey[i]!;
      const onBoundary = binKey % 2 !== 0 ? 1 : 0;
      c.bin[i] = (binKey - onBoundary) / 2;
      c.onBoundary[i] = onBoundary;
      const port = st.port[i]!;
      c.portIsNull[i] = Number.isNaN(port) ? 1 : 0;
      c.port[i] = Number.isNaN(port) ? 0 : port;
    }
    return c;
  }

  /** Adds a summary given as columns (the inverse of toColumns). Bin sizes must match. */
  mergeColumns(c: SessionSummaryColumns): this {
    if (c.binSize !== this.binSize) {
      throw new DetectorError('BIN_SIZE_MISMATCH', `cannot merge summaries with bin sizes ${this.binSize} ms and ${c.binSize} ms`);
    }
    const local = c.strings.map((x) => this.strings.id(x)); // their string ids → ours
    for (let i = 0; i < c.count.length; i++) {
      const binKey = c.bin[i]! * 2 + c.onBoundary[i]!;
      const port = c.portIsNull[i] ? null : c.port[i]!;
      const combo = this.combos.ofIds(local[c.protocol[i]!]!, local[c.app[i]!]!, local[c.direction[i]!]!, local[c.action[i]!]!);
      const index = this.cellFor(binKey, port, combo);
      if (index >= 0) this.store.count[index]! += c.count[i]!;
    }
    this.records += c.records;
    this.rejected += c.rejected;
    return this;
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

/** The buffers of a SessionSummaryColumns, to transfer rather than copy. */
export function columnBuffers(c: SessionSummaryColumns): ArrayBuffer[] {
  return [c.bin, c.onBoundary, c.port, c.portIsNull, c.protocol, c.app, c.direction, c.action, c.count].map((a) => a.buffer as ArrayBuffer);
}

/** End of the detection window a cell's records belong to. */
export function windowEndOf(c: { bin: number; onBoundary: boolean }, binSize: number): number {
  return c.onBoundary ? c.bin : c.bin + binSize;
}
