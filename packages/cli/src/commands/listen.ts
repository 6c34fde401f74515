import type { Command } from 'commander';
import { ConfigError, groupOptionPairs, OutputClosed } from '@asimkit/sdk';
import {
  Accounting,
  createLogger,
  JsonlSink,
  listen,
  Output,
  RejectsFile,
  RotatingOutput,
  teeSink,
  type NormalizeRequest,
  type SessionSink,
} from '@asimkit/core';
import { DEFAULT_ALLOWED_LATENESS, DETECTOR_FIELDS, LiveDetector, parseBinSize, parseDuration } from '@asimkit/detector';
import { logger, openRegistry } from '../context.js';
import { collect } from '../exit.js';
import { alertFormat, ClosedWindowSink, renderAlerts, stopSignal, withLate } from '../live-detection.js';
import { parseByteSize, reportAccounting } from '../run-normalize.js';
import { endpoints, listenFlags, maxMessageOf, type EndpointFlags } from '../listen-flags.js';
import { detectorErrorsAsConfig, loadWatchlist } from './detect.js';

interface ListenFlags extends EndpointFlags {
  out?: string;
  rotateSize?: string;
  rejects?: string;
  statsInterval?: string;
  opt: string[];
  table?: string;
  lineage?: boolean;
  validate?: boolean;
  detect?: boolean;
  allowedLateness: string;
  alerts?: string;
  watchlist?: string;
  lenientThreshold?: boolean;
  bin: string;
  format?: string;
}

export function registerListen(program: Command): void {
  const cmd = program
    .command('listen')
    .description('receive syslog (UDP, TCP, TLS) from many devices at once and write ASIM records (and, with --detect, alerts as bins close) until SIGINT/SIGTERM');
  listenFlags(cmd)
    .option('--out <file>', 'write ASIM records to FILE (default stdout; with --detect, no records unless --out is given)')
    .option('--rotate-size <bytes>', 'with --out: rename FILE to FILE.1, FILE.2, … when it would grow past this size (e.g. 100m)')
    .option('--rejects <file>', 'write each rejected message with its reason and position to FILE (JSON lines)')
    .option('--stats-interval <duration>', 'log the accounting every DURATION (e.g. 10s, 1m) on stderr (pino JSON)')
    .option('--opt <key=value>', 'plugin option, PLUGIN.KEY=VALUE (repeatable)', collect, [])
    .option('--table <name>', "only that Sentinel table's sources take part")
    .option('--lineage', 'add _Lineage {path: listener, line: message number, peer} to each record')
    .option('--validate', 'check every record against the full ASIM schema; invalid ones are rejected')
    .option('--detect', 'run "Detect port misuse by static threshold" on the records: alerts as bins close')
    .option('--allowed-lateness <duration>', 'a bin is evaluated once the newest TimeGenerated seen is this far past its end (0, 30s, 1m, …)', DEFAULT_ALLOWED_LATENESS)
    .option('--alerts <file>', 'with --detect: write alerts to FILE (default stdout)')
    .option('--watchlist <csv>', 'with --detect: NetworkSession_Monitor_Configuration CSV (default: the shipped one)')
    .option('--lenient-threshold', 'with --detect: toint(Threshold) trims spaces and truncates decimals')
    .option('--bin <duration>', 'with --detect: bin size', '10m')
    .option('--format <format>', 'with --detect: alerts as table, jsonl or csv (default: table on a terminal, else jsonl)')
    .action(async (flags: ListenFlags, c: Command) => {
      await detectorErrorsAsConfig(() => runListen(c, flags));
    });
}

async function runListen(cmd: Command, flags: ListenFlags): Promise<void> {
  const listeners = endpoints(flags, true);
  if (flags.rotateSize && !flags.out) throw new ConfigError('bad-flag', '--rotate-size needs --out FILE');
  if (!flags.detect && (flags.alerts || flags.watchlist)) throw new ConfigError('bad-flag', '--alerts and --watchlist need --detect');
  const maxMessage = maxMessageOf(flags);
  const statsMs = flags.statsInterval ? parseDuration(flags.statsInterval) : undefined;
  const log = logger(cmd);
  const registry = await openRegistry(cmd);

  // outputs are opened before anything is received: a bad path fails at once
  const sinks: SessionSink[] = [];
  let records: JsonlSink | undefined;
  if (!flags.detect || flags.out) {
    const rotate = parseByteSize(flags.rotateSize, '--rotate-size');
    records = new JsonlSink(rotate ? new RotatingOutput(flags.out!, rotate) : Output.open(flags.out));
    sinks.push(records);
  }
  let detection: ClosedWindowSink | undefined;
  if (flags.detect) {
    const detector = new LiveDetector(loadWatchlist(flags), { binSize: parseBinSize(flags.bin), allowedLateness: flags.allowedLateness });
    const format = alertFormat(flags.format, !flags.alerts && process.stdout.isTTY === true);
    detection = new ClosedWindowSink(detector, Output.open(flags.alerts), renderAlerts(format), format === 'csv');
    sinks.push(detection);
  }
  const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;

  const req: NormalizeRequest = {
    inputs: [],
    pluginOptions: groupOptionPairs(flags.opt, undefined),
    table: flags.table,
    lineage: flags.lineage,
    validate: flags.validate,
    ...(records ? {} : { fields: DETECTOR_FIELDS }),
  };
  const acc = new Accounting();
  const detector = detection?.detector;
  const stats = statsMs ? createLogger('info') : undefined;
  const timer = stats && setInterval(() => stats.info({ accounting: { ...withLate(acc, detector).toJSON(), late: acc.late, dropped: acc.dropped }, openBins: detector?.openWindows }, acc.summary()), statsMs);
  const sink = sinks.length === 1 ? sinks[0]! : teeSink(...sinks);
  try {
    await listen(registry, req, { listeners, maxMessage }, sink, log, stopSignal(), {
      onListening: (name) => void process.stderr.write(`asim: listening on ${name}\n`),
      onRejected: (r) => rejects?.add(r),
      onBatch: () => records?.flush(),
    }, acc);
    await sink.close();
  } catch (err) {
    if (!(err instanceof OutputClosed)) throw err;
    process.stderr.write('asim: the output was closed by its reader; stopped\n');
  } finally {
    if (timer) clearInterval(timer);
    await rejects?.close();
  }
  if (detection) process.stderr.write(`asim: detect: ${detection.windows} bin(s) closed, ${detection.alerts} alert(s)\n`);
  reportAccounting(withLate(acc, detector));
}
