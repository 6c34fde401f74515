import { DetectorError } from './errors.js';
import { ALERT_COLUMNS, evaluate, type Alert } from './evaluate.js';
import { hasTerms, tokenize, type Terms } from './kql.js';
import { SummaryTable } from './summary-table.js';
import { isoString } from './time.js';
import type { Watchlist, WatchlistRule } from './watchlist.js';

/** One bin of a rule's chart: the largest per-key Sum the rule compared with its threshold. */
export interface UsageBin {
  start: string;
  end: string;
  /** Max Sum over the (port, protocol, direction, action) groups the rule matches in this bin; 0 when none. */
  usage: number;
  /** usage > threshold: the rule fired in this bin. */
  fired: boolean;
}

export interface RuleUsage {
  rule: WatchlistRule;
  threshold: number;
  /** Every bin of the report's range, ascending (bins without matching traffic have usage 0). */
  bins: UsageBin[];
  /** The largest usage of any bin. */
  peak: number;
}

export interface PortTotal {
  port: number;
  sessions: number;
}

/** What `asim report` shows, computed from summary rows and/or alerts. */
export interface ReportData {
  /** `summary`: usage from summary rows; `alerts`: only the bins where alerts fired are known. */
  basis: 'summary' | 'alerts';
  binSize: number;
  /** The bins of the range, first to last, gaps included. */
  binCount: number;
  firstBin?: string;
  lastBin?: string;
  /** Watchlist rows (their MAPPING entries together) with a threshold that matched any session: those that fired in most bins first, then in watchlist order. */
  rules: RuleUsage[];
  /** Rules with a threshold and no matching session in the range. */
  quietRules: WatchlistRule[];
  /** Rules whose Threshold is not an integer: they never fire (§g). */
  disabledRules: WatchlistRule[];
  /** Destination ports by sessions (summary) or by alerted Sum (alerts), the largest first. */
  topPorts: PortTotal[];
  alerts: Alert[];
}

export interface ReportInputs {
  summary?: SummaryTable;
  /** Alerts of a detect run; when absent they are evaluated from `summary` (every complete bin). */
  alerts?: readonly Alert[];
  /** Top ports listed (default 10). */
  topPorts?: number;
  emptyRhsHasMatches?: boolean;
}

interface Group {
  port: number;
  protocol: string;
  direction: string;
  action: string;
  sum: number;
}

/**
 * The numbers behind the report's charts, with the rule's own matching (§f: the rule's Ports has
 * tostring(DstPortNumber); Protocol, Direction and Action `*` or has the value), so a bar above
 * the threshold line is exactly a bin where the rule fired.
 */
export function reportData(watchlist: Watchlist, inputs: ReportInputs): ReportData {
  const table = inputs.summary?.size ? inputs.summary : undefined;
  const binSize = inputs.summary?.binSize ?? 600_000;
  const alerts = [...(inputs.alerts ?? (table ? evaluate(watchlist, { summary: table }, { allBins: true, summaryMode: 'summary', until: 8.64e15 }).alerts : []))];
  const emptyRhs = inputs.emptyRhsHasMatches ?? false;
  const withThreshold = watchlist.rules.filter((r) => r.Threshold !== null);
  const disabledRules = watchlist.rules.filter((r) => r.Threshold === null);

  const starts = table ? table.bucketTimes() : [...new Set(alerts.map((a) => Date.parse(a.BinStart)))].sort((a, b) => a - b);
  const first = starts[0];
  const last = starts[starts.length - 1];
  const binCount = first === undefined ? 0 : Math.round((last! - first) / binSize) + 1;
  const bins = Array.from({ length: binCount }, (_, i) => first! + i * binSize);

  const usageOf: (c: CompiledRule) => number[] = table ? summaryUsage(table, bins, emptyRhs) : alertUsage(alerts, bins);
  const rules: RuleUsage[] = [];
  const quietRules: WatchlistRule[] = [];
  for (const entries of byRow(withThreshold)) {
    // a row's MAPPING entries (§b: one per port, protocol, ... of its lists) share its threshold
    const usage = bins.map(() => 0);
    for (const entry of entries) usageOf(compileRule(entry)).forEach((u, i) => (usage[i] = Math.max(usage[i]!, u)));
    const rule = joinEntries(entries);
    const peak = Math.max(0, ...usage);
    if (peak === 0) {
      quietRules.push(rule);
      continue;
    }
    const threshold = rule.Threshold!;
    rules.push({ rule, threshold, peak, bins: bins.map((b, i) => ({ start: isoString(b), end: isoString(b + binSize), usage: usage[i]!, fired: usage[i]! > threshold })) });
  }
  const firedBins = (r: RuleUsage) => r.bins.reduce((n, b) => n + (b.fired ? 1 : 0), 0);
  rules.sort((a, b) => firedBins(b) - firedBins(a) || a.rule.row - b.rule.row);
  return {
    basis: table ? 'summary' : 'alerts',
    binSize,
    binCount,
    ...(first !== undefined ? { firstBin: isoString(first), lastBin: isoString(last!) } : {}),
    rules,
    quietRules,
    disabledRules: byRow(disabledRules).map(joinEntries),
    topPorts: topPorts(table, alerts, inputs.topPorts ?? 10),
    alerts,
  };
}

/** The watchlist's rows: its MAPPING entries grouped by the row they were expanded from. */
function byRow(entries: readonly WatchlistRule[]): WatchlistRule[][] {
  const rows = new Map<number, WatchlistRule[]>();
  for (const e of entries) rows.set(e.row, [...(rows.get(e.row) ?? []), e]);
  return [...rows.values()];
}

/** A watchlist row again, its list cells joined from its entries. */
function joinEntries(entries: readonly WatchlistRule[]): WatchlistRule {
  const join = (k: 'Ports' | 'App' | 'Protocol' | 'Direction' | 'Action') => [...new Set(entries.map((e) => e[k]))].join(',');
  return { ...entries[0]!, Ports: join('Ports'), App: join('App'), Protocol: join('Protocol'), Direction: join('Direction'), Action: join('Action') };
}

interface CompiledRule {
  rule: WatchlistRule;
  ports: Terms;
  protocol: Terms | null;
  direction: Terms | null;
  action: Terms | null;
}

function compileRule(rule: WatchlistRule): CompiledRule {
  const cell = (x: string) => (x === '*' ? null : tokenize(x));
  return { rule, ports: tokenize(rule.Ports), protocol: cell(rule.Protocol), direction: cell(rule.Direction), action: cell(rule.Action) };
}

/** Per bin, the groups of §f.1 (Sum per port, protocol, direction, action) from summary rows. */
function summaryUsage(table: SummaryTable, bins: number[], emptyRhs: boolean): (c: CompiledRule) => number[] {
  const index = new Map(bins.map((b, i) => [b, i]));
  const groups: Map<string, Group>[] = bins.map(() => new Map());
  for (const c of table.cellValues()) {
    if (c.DstPortNumber === null) continue;
    const byKey = groups[index.get(c.eventTime)!]!;
    const key = `${c.DstPortNumber}|${c.NetworkProtocol}|${c.NetworkDirection}|${c.DvcAction}`;
    const g = byKey.get(key);
    if (g) g.sum += c.count;
    else byKey.set(key, { port: c.DstPortNumber, protocol: c.NetworkProtocol, direction: c.NetworkDirection, action: c.DvcAction, sum: c.count });
  }
  const terms = new Map<string, Terms>();
  const termsOf = (s: string) => terms.get(s) ?? terms.set(s, tokenize(s)).get(s)!;
  const pred = (x: Terms | null, y: string) => x === null || hasTerms(x, termsOf(y), emptyRhs);
  return (c) =>
    groups.map((byKey) => {
      let max = 0;
      for (const g of byKey.values()) {
        if (g.sum > max && hasTerms(c.ports, termsOf(String(g.port)), emptyRhs) && pred(c.protocol, g.protocol) && pred(c.direction, g.direction) && pred(c.action, g.action)) max = g.sum;
      }
      return max;
    });
}

/** Without summary rows, a rule's usage is known only where it fired: its alerts' Sum. */
function alertUsage(alerts: readonly Alert[], bins: number[]): (c: CompiledRule) => number[] {
  const index = new Map(bins.map((b, i) => [b, i]));
  return ({ rule, ...c }) => {
    const usage = bins.map(() => 0);
    for (const a of alerts) {
      const same = a.Name === rule.Name && a.Severity === rule.Severity && a.Tactic === rule.Tactic && a.Description === rule.Description;
      if (!same || !hasTerms(c.ports, tokenize(String(a.DstPortNumber)), false) || !(a.Sum > rule.Threshold!)) continue;
      const i = index.get(Date.parse(a.BinStart))!;
      usage[i] = Math.max(usage[i]!, a.Sum);
    }
    return usage;
  };
}

function topPorts(table: SummaryTable | undefined, alerts: readonly Alert[], n: number): PortTotal[] {
  const totals = new Map<number, number>();
  if (table) {
    for (const c of table.cellValues()) if (c.DstPortNumber !== null) totals.set(c.DstPortNumber, (totals.get(c.DstPortNumber) ?? 0) + c.count);
  } else {
    for (const a of alerts) totals.set(a.DstPortNumber, (totals.get(a.DstPortNumber) ?? 0) + a.Sum);
  }
  return [...totals]
    .map(([port, sessions]) => ({ port, sessions }))
    .sort((a, b) => b.sessions - a.sessions || a.port - b.port)
    .slice(0, n);
}

/**
 * Reads alerts as `asim detect --format jsonl` writes them. A line that is not such an alert is
 * a `DetectorError` naming the file and line: a report from half the alerts would mislead.
 */
export function parseAlertLines(text: string, source: string): Alert[] {
  const alerts: Alert[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DetectorError('BAD_ALERTS', `${source}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const missing = ALERT_COLUMNS.filter((k) => !(typeof value === 'object' && value !== null && k in value));
    if (missing.length) throw new DetectorError('BAD_ALERTS', `${source}:${i + 1}: not an alert of asim detect --format jsonl (no ${missing.join(', ')})`);
    const a = value as Alert;
    if (typeof a.Sum !== 'number' || typeof a.Threshold !== 'number' || typeof a.DstPortNumber !== 'number' || Number.isNaN(Date.parse(a.BinStart))) {
      throw new DetectorError('BAD_ALERTS', `${source}:${i + 1}: Sum, Threshold and DstPortNumber must be numbers and BinStart a date-time`);
    }
    alerts.push(a);
  }
  return alerts;
}
