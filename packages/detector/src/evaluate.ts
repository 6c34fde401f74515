import { parseDuration } from './duration.js';
import { DetectorError } from './errors.js';
import { hasTerms, tokenize, type Terms } from './kql.js';
import { RULE_METADATA, SET_CAPS } from './rule.js';
import { cmp, SessionSummary, type WindowAggregateRow } from './session-summary.js';
import { SummaryTable } from './summary-table.js';
import { floorTo, isoString, parseInstant, type Instant } from './time.js';
import type { Watchlist, WatchlistRule } from './watchlist.js';

/** §c: which branch feeds the rule. `auto` reproduces the query's `nosummary` exclusivity. */
export type SummaryMode = 'auto' | 'raw' | 'summary';

export interface EvaluateOptions {
  /** Reproduce the query run at this instant: one window (B − bin, B], B = bin(now) (§d). */
  now?: Instant;
  /** Hunt mode: evaluate every complete window present in the data, each as if the query ran right after it. */
  allBins?: boolean;
  /** Hunt mode: a window (or summary bucket) is complete when its end ≤ `until` (default: the current time). */
  until?: Instant;
  /** Default `auto` (§c). */
  summaryMode?: SummaryMode;
  /**
   * §c/§l Q7: the hunting time range. Under `--now`, a summary row is visible iff its
   * TimeGenerated lies in [now − range, now]. Default: no lower bound.
   */
  summaryVisibilityRange?: string | number;
  /** §f.4/§l Q1: result of `X has ""`. Default false. */
  emptyRhsHasMatches?: boolean;
}

/** What the rule reads: the raw counts and/or the summary table. */
export interface DetectorInputs {
  raw?: SessionSummary;
  summary?: SummaryTable;
}

/** One output row: the columns of §h plus the evidence the seed query throws away. */
export interface Alert {
  Name: string;
  Severity: string;
  Tactic: string;
  DstPortNumber: number;
  Description: string;
  NetworkProtocols: string[];
  NetworkDirections: string[];
  DvcActions: string[];
  /** The per-combination Sum that fired (the largest among the merged matches, §f.1). */
  Sum: number;
  /** The Threshold that Sum exceeded (of the same match). */
  Threshold: number;
  /** MITRE ATT&CK technique ids of the rule. */
  Techniques: string[];
  /** The evaluated window (raw: (BinStart, BinEnd]) or summary bucket ([BinStart, BinEnd)). */
  BinStart: string;
  BinEnd: string;
}

/** Column order of alerts in every output format. */
export const ALERT_COLUMNS = [
  'Name',
  'Severity',
  'Tactic',
  'DstPortNumber',
  'Description',
  'NetworkProtocols',
  'NetworkDirections',
  'DvcActions',
  'Sum',
  'Threshold',
  'Techniques',
  'BinStart',
  'BinEnd',
] as const satisfies readonly (keyof Alert)[];

export interface EvaluatedWindow {
  start: string;
  end: string;
  /** Aggregate groups (§f.1) with a non-null port. */
  groups: number;
  alerts: number;
}

export interface EvaluationResult {
  /** The branch that was read (§c). */
  source: 'raw' | 'summary';
  alerts: Alert[];
  /** The windows (raw) or buckets (summary) that were evaluated, ascending. */
  windows: EvaluatedWindow[];
  /** Summary rows visible to the run (under `now`), or all summary rows (hunt mode). */
  visibleSummaryRows: number;
}

/** One aggregate row of §f.1: Sum per (DstPortNumber, NetworkProtocol, NetworkDirection, DvcAction). */
export type AggregateRow = WindowAggregateRow;

interface CompiledRule {
  rule: WatchlistRule;
  threshold: number;
  ports: Terms;
  protocol: Terms | null; // null = the exact wildcard "*"
  direction: Terms | null;
  action: Terms | null;
  /** §h groups by (Name, Severity, Tactic, DstPortNumber, Description): this rule's part, as a small id. */
  output: number;
}

interface CompiledWatchlist {
  byPortTerm: Map<string, CompiledRule[]>;
  all: CompiledRule[];
  /** The candidates of each port 0..65535: a port is `tostring(port)`, one term, in any window. */
  byPort: readonly CompiledRule[][];
  /** 1 for each port 0..65535 with a candidate rule: the others' aggregate rows need not be built. */
  keep: Uint8Array;
}

const NONE: CompiledRule[] = [];

const compiledCache = new WeakMap<Watchlist, CompiledWatchlist>();

function compile(watchlist: Watchlist): CompiledWatchlist {
  const cached = compiledCache.get(watchlist);
  if (cached) return cached;
  const all: CompiledRule[] = [];
  const byPortTerm = new Map<string, CompiledRule[]>();
  const cell = (x: string) => (x === '*' ? null : tokenize(x));
  const outputs = new Map<string, number>();
  for (const rule of watchlist.rules) {
    if (rule.Threshold === null) continue; // §g: null threshold never fires
    const m = rule;
    const output = `${m.Name.length}:${m.Name}${m.Severity.length}:${m.Severity}${m.Tactic.length}:${m.Tactic}|${m.Description}`;
    if (!outputs.has(output)) outputs.set(output, outputs.size);
    const c: CompiledRule = {
      output: outputs.get(output)!,
      rule,
      threshold: rule.Threshold,
      ports: tokenize(rule.Ports),
      protocol: cell(rule.Protocol),
      direction: cell(rule.Direction),
      action: cell(rule.Action),
    };
    all.push(c);
    for (const term of new Set(c.ports.terms)) {
      const list = byPortTerm.get(term);
      if (list) list.push(c);
      else byPortTerm.set(term, [c]);
    }
  }
  const byPort = new Array<CompiledRule[]>(65536).fill(NONE);
  // a loop, not Uint8Array.from(byPort, …): that calls back per port through the iterator (~5 ms a run)
  const keep = new Uint8Array(65536);
  for (const [term, rules] of byPortTerm)
    if (/^\d+$/.test(term) && String(Number(term)) === term && Number(term) < 65536) {
      byPort[Number(term)] = rules;
      keep[Number(term)] = 1;
    }
  const compiled = { byPortTerm, all, byPort, keep };
  compiledCache.set(watchlist, compiled);
  return compiled;
}

interface Group {
  Name: string;
  Severity: string;
  Tactic: string;
  DstPortNumber: number;
  Description: string;
  protocols: Set<string>;
  directions: Set<string>;
  actions: Set<string>;
  sum: number;
  threshold: number;
}

/** §h set semantics: distinct, non-empty, capped; deterministic pick = the first `cap` in ordinal order. */
function pickSet(values: Set<string>, cap: number): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== '') out.push(v);
  return out.sort(cmp).slice(0, cap);
}

/**
 * §f–§h over one window's aggregate: the predicate join with MAPPING, the strict threshold,
 * the Protocol/Direction/Action predicates, and the final summarize with capped sets.
 */
export function matchAggregate(
  watchlist: Watchlist,
  aggregate: Iterable<AggregateRow>,
  window: { start: number; end: number },
  options: { emptyRhsHasMatches?: boolean } = {},
): Alert[] {
  const compiled = compile(watchlist);
  const emptyRhs = options.emptyRhsHasMatches ?? false;
  const termsCache = new Map<string, Terms>();
  const termsOf = (s: string): Terms => {
    let t = termsCache.get(s);
    if (!t) termsCache.set(s, (t = tokenize(s)));
    return t;
  };
  const pred = (x: Terms | null, y: string) => x === null || hasTerms(x, termsOf(y), emptyRhs);
  const groups = new Map<number | string, Group>();
  for (const g of aggregate) {
    const port = g.DstPortNumber;
    const valid = port >= 0 && port < 65536 && (port | 0) === port;
    let candidates: readonly CompiledRule[];
    if (valid) candidates = compiled.byPort[port]!;
    else {
      const r = String(port); // tostring(DstPortNumber)
      candidates = /^\d+$/.test(r) ? (compiled.byPortTerm.get(r) ?? NONE) : compiled.all.filter((c) => hasTerms(c.ports, termsOf(r), emptyRhs));
    }
    for (const c of candidates) {
      if (!(g.Sum > c.threshold)) continue; // §g: strict
      if (!pred(c.protocol, g.NetworkProtocol) || !pred(c.direction, g.NetworkDirection) || !pred(c.action, g.DvcAction)) continue;
      const m = c.rule;
      const key = valid ? c.output * 65536 + port : `${c.output}|${port}`;
      let grp = groups.get(key);
      if (!grp) {
        grp = {
          Name: m.Name,
          Severity: m.Severity,
          Tactic: m.Tactic,
          DstPortNumber: g.DstPortNumber,
          Description: m.Description,
          protocols: new Set(),
          directions: new Set(),
          actions: new Set(),
          sum: g.Sum,
          threshold: c.threshold,
        };
        groups.set(key, grp);
      } else if (g.Sum > grp.sum || (g.Sum === grp.sum && c.threshold > grp.threshold)) {
        grp.sum = g.Sum;
        grp.threshold = c.threshold;
      }
      grp.protocols.add(g.NetworkProtocol);
      grp.directions.add(g.NetworkDirection);
      grp.actions.add(g.DvcAction);
    }
  }
  const binStart = isoString(window.start);
  const binEnd = isoString(window.end);
  const alerts: Alert[] = [];
  for (const grp of groups.values()) {
    alerts.push({
      Name: grp.Name,
      Severity: grp.Severity,
      Tactic: grp.Tactic,
      DstPortNumber: grp.DstPortNumber,
      Description: grp.Description,
      NetworkProtocols: pickSet(grp.protocols, SET_CAPS.NetworkProtocols),
      NetworkDirections: pickSet(grp.directions, SET_CAPS.NetworkDirections),
      DvcActions: pickSet(grp.actions, SET_CAPS.DvcActions),
      Sum: grp.sum,
      Threshold: grp.threshold,
      Techniques: [...RULE_METADATA.techniques],
      BinStart: binStart,
      BinEnd: binEnd,
    });
  }
  return alerts.sort(compareAlerts);
}

/** Deterministic alert order: BinEnd, then Name, Severity, Tactic, DstPortNumber, Description. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    cmp(a.BinEnd, b.BinEnd) ||
    cmp(a.Name, b.Name) ||
    cmp(a.Severity, b.Severity) ||
    cmp(a.Tactic, b.Tactic) ||
    a.DstPortNumber - b.DstPortNumber ||
    cmp(a.Description, b.Description)
  );
}

/** §f.1: drop null ports, Sum per (DstPortNumber, NetworkProtocol, NetworkDirection, DvcAction). */
class Aggregator {
  private readonly map = new Map<string, AggregateRow>();
  add(port: number | null, proto: string, dir: string, action: string, count: number): void {
    if (port === null) return;
    const key = `${port}|${proto.length}:${proto}${dir.length}:${dir}${action}`;
    const row = this.map.get(key);
    if (row) row.Sum += count;
    else this.map.set(key, { DstPortNumber: port, NetworkProtocol: proto, NetworkDirection: dir, DvcAction: action, Sum: count });
  }
  rows(): AggregateRow[] {
    return [...this.map.values()];
  }
}

/**
 * Runs the rule (§j). Exactly one of `now` and `allBins` must be given.
 *
 * Under `now`, the raw branch counts records with B − bin < TimeGenerated ≤ B, B = bin(now), and
 * the summary branch reads the newest visible bucket. Under `allBins`, every window (raw) or
 * bucket (summary) whose end is ≤ `until` is evaluated on its own. §c decides the branch.
 */
export function evaluate(watchlist: Watchlist, inputs: DetectorInputs, options: EvaluateOptions): EvaluationResult {
  if ((options.now !== undefined) === (options.allBins === true)) {
    throw new DetectorError('BAD_MODE', 'give exactly one of `now` (reproduce one run) and `allBins` (hunt over every bin)');
  }
  const range = options.summaryVisibilityRange === undefined ? undefined : parseDuration(options.summaryVisibilityRange);
  const raw = inputs.raw ?? new SessionSummary({ binSize: inputs.summary?.binSize ?? '10m' });
  const table = inputs.summary ?? new SummaryTable({ binSize: raw.binSize });
  const matchOpts = { emptyRhsHasMatches: options.emptyRhsHasMatches ?? false };
  const choice = chooseSource(table, options);

  if (options.now !== undefined) {
    const now = parseInstant(options.now, 'now').ms;
    if (choice.source === 'summary') {
      if (choice.visibleRows === 0) return { source: 'summary', alerts: [], windows: [], visibleSummaryRows: 0 };
      const newest = choice.newestBucket!;
      const agg = new Aggregator();
      for (const c of table.cellValues()) {
        if (c.eventTime === newest && table.isVisible(c, now, range)) agg.add(c.DstPortNumber, c.NetworkProtocol, c.NetworkDirection, c.DvcAction, c.count);
      }
      return single('summary', agg.rows(), newest, newest + table.binSize, choice.visibleRows);
    }
    const end = floorTo(now, raw.binSize);
    const { rows, groups } = raw.aggregateWindow(raw.indexesByWindowEnd().get(end) ?? [], compile(watchlist).keep);
    return single('raw', rows, end - raw.binSize, end, choice.visibleRows, groups);
  }

  const until = options.until === undefined ? Date.now() : parseInstant(options.until, 'until').ms;
  const useSummary = choice.source === 'summary';
  // window start → its aggregate, built when the window is evaluated: holding every window's
  // aggregate at once doubled the peak memory of a day of flow logs
  const byWindow = new Map<number, () => { rows: AggregateRow[]; groups: number }>();
  const size = useSummary ? table.binSize : raw.binSize;
  if (useSummary) {
    const aggregates = new Map<number, Aggregator>();
    for (const c of table.cellValues()) {
      if (c.eventTime + size > until) continue;
      let a = aggregates.get(c.eventTime);
      if (!a) aggregates.set(c.eventTime, (a = new Aggregator()));
      a.add(c.DstPortNumber, c.NetworkProtocol, c.NetworkDirection, c.DvcAction, c.count);
    }
    for (const [start, a] of aggregates)
      byWindow.set(start, () => {
        const rows = a.rows();
        return { rows, groups: rows.length };
      });
  } else {
    for (const [end, indexes] of raw.indexesByWindowEnd()) {
      if (end > until) continue;
      byWindow.set(end - size, () => raw.aggregateWindow(indexes, compile(watchlist).keep));
    }
  }
  const alerts: Alert[] = [];
  const windows: EvaluatedWindow[] = [];
  for (const start of [...byWindow.keys()].sort((a, b) => a - b)) {
    const { rows, groups } = byWindow.get(start)!();
    const found = matchAggregate(watchlist, rows, { start, end: start + size }, matchOpts);
    windows.push({ start: isoString(start), end: isoString(start + size), groups, alerts: found.length });
    alerts.push(...found);
  }
  return { source: useSummary ? 'summary' : 'raw', alerts, windows, visibleSummaryRows: countRows(table) };

  function single(source: 'raw' | 'summary', rows: AggregateRow[], start: number, end: number, visible: number, groups = rows.length): EvaluationResult {
    const found = matchAggregate(watchlist, rows, { start, end }, matchOpts);
    return {
      source,
      alerts: found,
      windows: [{ start: isoString(start), end: isoString(end), groups, alerts: found.length }],
      visibleSummaryRows: visible,
    };
  }
}

/** The outcome of §c for a run: which branch feeds the rule. */
export interface SourceChoice {
  source: 'raw' | 'summary';
  /** Summary rows visible to the run (`now`), or all summary rows (hunt mode). */
  visibleRows: number;
  /** `now` mode: max EventTime_t over the visible rows (epoch ms), when any. */
  newestBucket?: number;
}

/**
 * §c: decides the branch before any raw data is read, so a caller can skip reading raw inputs
 * the query would ignore. `raw` and `summary` force the branch; `auto` takes the summary iff it
 * has visible rows (under `now`: TimeGenerated in [now − range, now]; in hunt mode: any row).
 */
export function chooseSource(
  table: SummaryTable | undefined,
  options: Pick<EvaluateOptions, 'now' | 'allBins' | 'summaryMode' | 'summaryVisibilityRange'>,
): SourceChoice {
  const mode = options.summaryMode ?? 'auto';
  if (!['auto', 'raw', 'summary'].includes(mode)) {
    throw new DetectorError('BAD_SUMMARY_MODE', `invalid summary mode ${JSON.stringify(mode)}: expected auto, raw or summary`);
  }
  let visibleRows = 0;
  let newest = -Infinity;
  if (table) {
    if (options.now !== undefined) {
      const now = parseInstant(options.now, 'now').ms;
      const range = options.summaryVisibilityRange === undefined ? undefined : parseDuration(options.summaryVisibilityRange);
      for (const c of table.cellValues()) {
        if (table.isVisible(c, now, range)) {
          visibleRows += c.rows;
          if (c.eventTime > newest) newest = c.eventTime;
        }
      }
    } else {
      visibleRows = countRows(table);
    }
  }
  const source = mode === 'summary' || (mode === 'auto' && visibleRows > 0) ? 'summary' : 'raw';
  return newest === -Infinity ? { source, visibleRows } : { source, visibleRows, newestBucket: newest };
}

function countRows(table: SummaryTable): number {
  let n = 0;
  for (const c of table.cellValues()) n += c.rows;
  return n;
}
