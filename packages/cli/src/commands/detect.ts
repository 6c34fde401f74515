import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, detectInputKind, InputError, normalizeJsonRow } from '@asimkit/sdk';
import { csvRowBatches, DEFAULT_MAX_LINE, expandInputs, inputChunks, jsonDocumentItems, jsonLineItems, Output, type InputFile } from '@asimkit/core';
import {
  alertsToCsv,
  alertsToJsonl,
  alertsToTable,
  chooseSource,
  DEFAULT_ALLOWED_LATENESS,
  defaultWatchlist,
  LiveDetector,
  DETECTOR_FIELDS,
  DetectorError,
  evaluate,
  parseBinSize,
  parseDuration,
  parseInstant,
  parseWatchlist,
  SessionSummary,
  SummaryTable,
  type EvaluateOptions,
  type EvaluationResult,
  type SummaryMode,
  type SummaryRowReject,
  type Watchlist,
} from '@asimkit/detector';
import { collect } from '../exit.js';
import { alertFormat, ClosedWindowSink, renderAlerts, withLate } from '../live-detection.js';
import { addInputFlags, reportAccounting, runNormalize, splitSettings, type InputFlags } from '../run-normalize.js';
import { parallelSummary, summarySink } from '../workers/session-summary-sink.js';
import { boundedFlags, natsFlags, type NatsFlags } from '../nats-flags.js';
import { natsPartials, reportNatsAccounting } from '../nats-detection.js';

interface DetectFlags extends InputFlags, NatsFlags {
  watchlist?: string;
  now?: string;
  allBins?: boolean;
  bin: string;
  summary: string[];
  summaryMode: string;
  summaryRange?: string;
  emptyRhsHasMatches?: boolean;
  lenientThreshold?: boolean;
  format?: string;
  out?: string;
  allowedLateness: string;
}

const MAX_REPORTED = 20;

export function registerDetect(program: Command): void {
  const cmd = program
    .command('detect')
    .description('run "Detect port misuse by static threshold" over logs (any source normalize reads) or summary rows')
    .argument('[input...]', 'raw logs, table exports or (with --source asim) ASIM JSON lines')
    .option('--watchlist <csv>', 'NetworkSession_Monitor_Configuration CSV (default: the shipped default watchlist)')
    .option('--now <iso>', 'reproduce the query run at this instant: window (B - bin, B], B = bin(now)')
    .option('--all-bins', 'hunt: evaluate every complete bin in the data as if the query ran right after it')
    .option('--bin <duration>', 'bin size', '10m');
  addInputFlags(cmd, collect)
    .option('--summary <path>', 'NetworkCustomAnalytics_protocol_CL rows (CSV, JSON, JSONL; repeatable)', collect, [])
    .option('--summary-mode <mode>', 'auto (summary rows, when any are visible, replace raw data), raw or summary', 'auto')
    .option('--summary-range <duration>', 'hunting time range: summary rows ingested before now - range are not visible')
    .option('--empty-rhs-has-matches', 'treat `X has ""` as true (KQL behaviour unverified; default false)')
    .option('--lenient-threshold', 'toint(Threshold) trims spaces and truncates decimals (default: strict integers)')
    .option('--format <format>', 'table, jsonl or csv (default: table on a terminal, else jsonl)')
    .option('--out <file>', 'write alerts to FILE instead of stdout')
    .option('--allowed-lateness <duration>', 'with --follow or --nats: a bin is evaluated once the newest TimeGenerated seen is this far past its end (0, 30s, 1m, …)', DEFAULT_ALLOWED_LATENESS);
  boundedFlags(natsFlags(cmd))
    .action(async (inputs: string[], flags: DetectFlags, c: Command) => {
      await detectorErrorsAsConfig(() => runDetect(c, inputs, flags));
    });
}

async function runDetect(cmd: Command, inputs: string[], flags: DetectFlags): Promise<void> {
  if (flags.nats !== undefined) return detectFromNats(cmd, inputs, flags);
  if (flags.untilIdle !== undefined || flags.durable !== undefined || flags.stream !== undefined) throw new ConfigError('bad-flag', '--stream, --until-idle and --durable go with --nats URL');
  if (flags.follow) return runDetectFollow(cmd, inputs, flags);
  if (Boolean(flags.now) === Boolean(flags.allBins)) throw new ConfigError('bad-flag', 'give exactly one of --now ISO (reproduce one run) and --all-bins (hunt)');
  const format = flags.format ?? (flags.out === undefined && process.stdout.isTTY ? 'table' : 'jsonl');
  if (!['table', 'jsonl', 'csv'].includes(format)) throw new ConfigError('bad-flag', `--format must be table, jsonl or csv, not "${format}"`);
  if (!['auto', 'raw', 'summary'].includes(flags.summaryMode)) {
    throw new ConfigError('bad-flag', `--summary-mode must be auto, raw or summary, not "${flags.summaryMode}"`);
  }
  if (inputs.length === 0 && flags.summary.length === 0) throw new ConfigError('no-input', 'no input: give log files (or --summary rows)');
  const binSize = parseBinSize(flags.bin);
  const options: EvaluateOptions = {
    summaryMode: flags.summaryMode as SummaryMode,
    emptyRhsHasMatches: flags.emptyRhsHasMatches ?? false,
    ...(flags.now ? { now: flags.now } : { allBins: true }),
    ...(flags.summaryRange ? { summaryVisibilityRange: parseDuration(flags.summaryRange) } : {}),
  };
  const watchlist = loadWatchlist(flags);
  const out = Output.open(flags.out); // before reading: a bad --out fails at once

  const summary = new SummaryTable({ binSize });
  if (flags.summary.length) warnRejects(await readSummaryRows(flags.summary, summary), 'summary row');
  const choice = chooseSource(summary, options);
  // under --now only the window's cells are kept: the memory of one window, whatever the input spans
  const raw = new SessionSummary({ binSize, ...(flags.now ? { windowAt: parseInstant(flags.now, 'now').ms } : {}) });
  if (choice.source === 'raw' && inputs.length === 0) {
    process.stderr.write('asim: no summary row is visible and no raw input was given: nothing to count\n');
  } else if (choice.source === 'raw') {
    const acc = await runNormalize(cmd, inputs, flags, summarySink(raw), { fields: DETECTOR_FIELDS }, parallelSummary(raw, splitSettings(flags)));
    reportAccounting(acc);
    if (raw.rejectedCount) process.stderr.write(`asim: warning: ${raw.rejectedCount} record(s) without a valid TimeGenerated were not counted\n`);
  } else if (inputs.length) {
    process.stderr.write(`asim: ${choice.visibleRows} summary row(s) visible: reading the summary, raw inputs ignored (the query's nosummary rule; use --summary-mode raw to read them)\n`);
  }

  await writeEvaluation(out, format, evaluate(watchlist, { raw, summary }, options));
}

/** The evaluation's span on stderr, its alerts to `out`. */
export async function writeEvaluation(out: Output, format: string, result: EvaluationResult): Promise<void> {
  const w = result.windows;
  const span = w.length === 0 ? 'no bin' : w.length === 1 ? `${w[0]!.start} .. ${w[0]!.end}` : `${w.length} bins ${w[0]!.start} .. ${w[w.length - 1]!.end}`;
  process.stderr.write(`asim: detect: ${result.source} data, ${span}, ${result.alerts.length} alert(s)\n`);
  await writeOut(out, format === 'csv' ? alertsToCsv(result.alerts) : format === 'table' ? alertsToTable(result.alerts) : alertsToJsonl(result.alerts));
}

/**
 * `detect --follow`: hunt mode on growing inputs, each bin's alerts written as the bin closes
 * (exactly what --all-bins prints for it); SIGINT/SIGTERM closes the bins still open.
 */
async function runDetectFollow(cmd: Command, inputs: string[], flags: DetectFlags): Promise<void> {
  if (flags.now || flags.summary.length) throw new ConfigError('bad-flag', '--follow hunts every bin as it closes: it takes neither --now nor --summary');
  if (inputs.length === 0) throw new ConfigError('no-input', 'no input: give the log files to follow');
  const format = alertFormat(flags.format, flags.out === undefined && process.stdout.isTTY === true);
  const watchlist = loadWatchlist(flags);
  const detector = new LiveDetector(watchlist, { binSize: parseBinSize(flags.bin), allowedLateness: flags.allowedLateness, emptyRhsHasMatches: flags.emptyRhsHasMatches ?? false });
  const sink = new ClosedWindowSink(detector, Output.open(flags.out), renderAlerts(format), format === 'csv');
  const acc = await runNormalize(cmd, inputs, flags, sink, { fields: DETECTOR_FIELDS });
  process.stderr.write(`asim: detect: ${sink.windows} bin(s) closed, ${sink.alerts} alert(s)\n`);
  reportAccounting(withLate(acc, detector));
}

/**
 * `detect --nats`: the workers' partial summaries. With --all-bins, every bin is evaluated once
 * every raw batch is merged, exactly as `detect --all-bins` over the files; without, each bin as
 * the watermark passes it (as `detect --follow`), the rest when the run stops.
 */
async function detectFromNats(cmd: Command, inputs: string[], flags: DetectFlags): Promise<void> {
  if (flags.now || flags.summary.length || flags.follow) throw new ConfigError('bad-flag', '--nats hunts every bin: it takes neither --now, --summary nor --follow');
  const format = alertFormat(flags.format, flags.out === undefined && process.stdout.isTTY === true);
  const watchlist = loadWatchlist(flags);
  const binSize = parseBinSize(flags.bin);
  const out = Output.open(flags.out);
  const emptyRhsHasMatches = flags.emptyRhsHasMatches ?? false;
  if (flags.allBins) {
    const raw = new SessionSummary({ binSize });
    const r = await natsPartials(cmd, inputs, flags, binSize, (part) => void raw.merge(part));
    reportNatsAccounting(r.acc);
    if (raw.rejectedCount) process.stderr.write(`asim: warning: ${raw.rejectedCount} record(s) without a valid TimeGenerated were not counted\n`);
    if (!r.complete) return out.close();
    return writeEvaluation(out, format, evaluate(watchlist, { raw, summary: new SummaryTable({ binSize }) }, { summaryMode: 'raw', emptyRhsHasMatches, allBins: true }));
  }
  const detector = new LiveDetector(watchlist, { binSize, allowedLateness: flags.allowedLateness, emptyRhsHasMatches });
  const sink = new ClosedWindowSink(detector, out, renderAlerts(format), format === 'csv');
  const r = await natsPartials(cmd, inputs, flags, binSize, (part) => sink.addSummary(part));
  await sink.close();
  process.stderr.write(`asim: detect: ${sink.windows} bin(s) closed, ${sink.alerts} alert(s)\n`);
  reportNatsAccounting(r.acc, detector.late);
}

/** `--watchlist CSV` (or the default one), its warnings on stderr. */
export function loadWatchlist(flags: Pick<DetectFlags, 'watchlist' | 'lenientThreshold'>): Watchlist {
  const toIntMode = flags.lenientThreshold ? 'lenient' : 'strict';
  let watchlist: Watchlist;
  if (flags.watchlist) {
    let text: string;
    try {
      text = readFileSync(flags.watchlist, 'utf8');
    } catch (err) {
      throw new ConfigError('no-watchlist', `cannot read --watchlist ${flags.watchlist}: ${(err as Error).message}`);
    }
    watchlist = parseWatchlist(text, flags.watchlist, { toIntMode });
  } else {
    watchlist = defaultWatchlist({ toIntMode });
  }
  for (const warning of watchlist.warnings) process.stderr.write(`asim: warning: ${warning.message}\n`);
  return watchlist;
}

/**
 * Reads `NetworkCustomAnalytics_protocol_CL` rows with core's framing (CSV with portal headers and
 * dates, JSON arrays and documents, JSON lines) into `table`. Returns the unusable rows. A summary
 * file that cannot be read to its end is a usage error: its alerts would be wrong.
 */
export async function readSummaryRows(paths: readonly string[], table: SummaryTable): Promise<SummaryRowReject[]> {
  const rejects: SummaryRowReject[] = [];
  for (const input of await expandInputs(paths)) {
    try {
      for await (const { rows, positions, unusable } of summaryRowBatches(input)) {
        rejects.push(...unusable, ...table.addRows(rows, { source: input.path, positions }));
      }
    } catch (err) {
      if (err instanceof InputError || err instanceof ConfigError) throw new ConfigError('bad-summary', `--summary ${input.path}: ${err.message}`);
      throw err;
    }
  }
  return rejects;
}

interface SummaryBatch {
  readonly rows: Record<string, unknown>[];
  readonly positions: number[];
  /** Records that are no row at all (broken JSON, not an object). */
  readonly unusable: SummaryRowReject[];
}

async function* summaryRowBatches(input: InputFile): AsyncGenerator<SummaryBatch> {
  const it = inputChunks(input, { bytes: 0 })[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const chunks = (async function* () {
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  const kind = detectInputKind(input.path, first.value.subarray(0, 1 << 16).toString('utf8'));
  if (kind === 'csv') {
    for await (const batch of csvRowBatches(chunks, input.path)) yield { ...batch, unusable: [] };
    return;
  }
  if (kind === 'lines') throw new ConfigError('bad-summary', 'not a CSV or JSON export of summary rows');
  const items = kind === 'json-lines' ? jsonLineItems(chunks, DEFAULT_MAX_LINE) : jsonDocumentItems(chunks, input.path);
  for await (const batch of items) {
    const rows: Record<string, unknown>[] = [];
    const positions: number[] = [];
    const unusable: SummaryRowReject[] = [];
    for (const item of batch) {
      if (!('value' in item)) unusable.push({ source: input.path, position: item.position, reason: item.detail });
      else if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
        unusable.push({ source: input.path, position: item.position, reason: 'not a JSON object' });
      } else {
        rows.push(normalizeJsonRow(item.value as Record<string, unknown>));
        positions.push(item.position);
      }
    }
    yield { rows, positions, unusable };
  }
}

function warnRejects(rejects: readonly SummaryRowReject[], what: string): void {
  for (const r of rejects.slice(0, MAX_REPORTED)) process.stderr.write(`asim: warning: ${r.source}:${r.position}: ${what} ignored: ${r.reason}\n`);
  if (rejects.length > MAX_REPORTED) process.stderr.write(`asim: warning: ... and ${rejects.length - MAX_REPORTED} more ${what}(s) ignored\n`);
}

/** The detector's typed errors (bad watchlist, duration, instant) are usage errors: exit 2. */
export async function detectorErrorsAsConfig(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DetectorError) throw new ConfigError(err.code, err.message);
    throw err;
  }
}

/** Writes a command's result to its output and closes it; a failed write is an OutputError (exit 3). */
export async function writeOut(out: Output, text: string): Promise<void> {
  await out.write(text);
  await out.close();
}
