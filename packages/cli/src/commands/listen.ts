import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, groupOptionPairs, OutputClosed } from '@asimkit/sdk';
import {
  Accounting,
  createLogger,
  DEFAULT_MAX_MESSAGE,
  JsonlSink,
  listen,
  Output,
  parseEndpoint,
  RejectsFile,
  RotatingOutput,
  teeSink,
  type ListenSpec,
  type NormalizeRequest,
  type SessionSink,
} from '@asimkit/core';
import { DEFAULT_ALLOWED_LATENESS, DETECTOR_FIELDS, LiveDetector, parseBinSize, parseDuration } from '@asimkit/detector';
import { logger, openRegistry } from '../context.js';
import { collect } from '../exit.js';
import { alertFormat, ClosedWindowSink, renderAlerts, stopSignal, withLate } from '../live-detection.js';
import { parseByteSize, reportAccounting } from '../run-normalize.js';
import { detectorErrorsAsConfig, loadWatchlist } from './detect.js';

interface ListenFlags {
  udp: string[];
  tcp: string[];
  tls: string[];
  cert?: string;
  key?: string;
  ca?: string;
  maxMessage?: string;
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
  program
    .command('listen')
    .description('receive syslog (UDP, TCP, TLS) from many devices at once and write ASIM records (and, with --detect, alerts as bins close) until SIGINT/SIGTERM')
    .option('--udp <host:port>', 'listen for syslog datagrams, one message each (repeatable; PORT alone binds 127.0.0.1)', collect, [])
    .option('--tcp <host:port>', 'listen for syslog over TCP, octet-counted or newline-delimited (RFC 6587), told apart per connection (repeatable)', collect, [])
    .option('--tls <host:port>', 'listen for syslog over TLS (RFC 5425; needs --cert and --key) (repeatable)', collect, [])
    .option('--cert <file>', 'PEM certificate of the TLS listener')
    .option('--key <file>', 'PEM private key of the TLS listener')
    .option('--ca <file>', 'PEM CA: TLS clients must present a certificate it signed')
    .option('--max-message <bytes>', 'longest message taken (e.g. 65536, 64k); longer ones are rejected with their reason (default 64k)')
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
  const listeners = endpoints(flags);
  if (flags.rotateSize && !flags.out) throw new ConfigError('bad-flag', '--rotate-size needs --out FILE');
  if (!flags.detect && (flags.alerts || flags.watchlist)) throw new ConfigError('bad-flag', '--alerts and --watchlist need --detect');
  const maxMessage = parseByteSize(flags.maxMessage, '--max-message') ?? DEFAULT_MAX_MESSAGE;
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

/** The endpoints of the flags; at least one. */
function endpoints(flags: ListenFlags): ListenSpec[] {
  const specs: ListenSpec[] = [];
  for (const v of flags.udp) specs.push({ protocol: 'udp', ...parseEndpoint(v, '--udp') });
  for (const v of flags.tcp) specs.push({ protocol: 'tcp', ...parseEndpoint(v, '--tcp') });
  if (flags.tls.length) {
    if (!flags.cert || !flags.key) throw new ConfigError('bad-flag', '--tls needs --cert FILE and --key FILE');
    const tls = { cert: readPem(flags.cert, '--cert'), key: readPem(flags.key, '--key'), ...(flags.ca ? { ca: readPem(flags.ca, '--ca') } : {}) };
    for (const v of flags.tls) specs.push({ protocol: 'tls', ...parseEndpoint(v, '--tls'), tls });
  }
  if (specs.length === 0) throw new ConfigError('bad-flag', 'give at least one of --udp, --tcp and --tls HOST:PORT (e.g. --tcp 127.0.0.1:6514)');
  return specs;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError('bad-flag', `cannot read ${flag} ${path}: ${(err as Error).message}`);
  }
}
