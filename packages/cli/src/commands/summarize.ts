import type { Command } from 'commander';
import { ConfigError, OutputError } from '@asimkit/sdk';
import { DEFAULT_ALLOWED_LATENESS, DETECTOR_FIELDS, LiveDetector, parseBinSize, SessionSummary, summaryRowsToCsv, summaryRowsToJsonl } from '@asimkit/detector';
import { collect } from '../exit.js';
import { ClosedWindowSink, renderSummaryRows, withLate } from '../live-detection.js';
import { addInputFlags, reportAccounting, runNormalize, splitSettings, type InputFlags } from '../run-normalize.js';
import { parallelSummary, summarySink } from '../workers/session-summary-sink.js';
import { boundedFlags, natsFlags, type NatsFlags } from '../nats-flags.js';
import { natsPartials, reportNatsAccounting } from '../nats-detection.js';
import { Output, RejectsFile, type SentinelUploader } from '@asimkit/core';
import { detectorErrorsAsConfig, writeOut } from './detect.js';
import { addSentinelFlags, openSentinel, reportUpload, wantsSentinel, type SentinelFlags } from '../sentinel-flags.js';

interface SummarizeFlags extends InputFlags, SentinelFlags, NatsFlags {
  bin: string;
  format: string;
  out?: string;
  allowedLateness: string;
}

export function registerSummarize(program: Command): void {
  const cmd = program
    .command('summarize')
    .description('count sessions per bin and key as NetworkCustomAnalytics_protocol_CL rows (usable as `asim detect --summary`)')
    .argument('[input...]', 'raw logs, table exports or (with --source asim) ASIM JSON lines')
    .option('--bin <duration>', 'bin size', '10m');
  addInputFlags(cmd, collect)
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'write summary rows to FILE instead of stdout')
    .option('--allowed-lateness <duration>', 'with --follow: a bin is written once the newest TimeGenerated seen is this far past its end (0, 30s, 1m, …)', DEFAULT_ALLOWED_LATENESS);
  boundedFlags(natsFlags(addSentinelFlags(cmd, 'Custom-NetworkCustomAnalytics_protocol_CL')))
    .action(async (inputs: string[], flags: SummarizeFlags, c: Command) => {
      await detectorErrorsAsConfig(async () => {
        if (flags.format !== 'jsonl' && flags.format !== 'csv') throw new ConfigError('bad-flag', `--format must be jsonl or csv, not "${flags.format}"`);
        if (flags.nats !== undefined) return summarizeFromNats(c, inputs, flags);
        if (inputs.length === 0) throw new ConfigError('no-input', 'no input: give log files (or --nats URL --stream NAME)');
        if (flags.follow && wantsSentinel(flags)) throw new ConfigError('bad-flag', '--follow writes rows as bins close to --out or stdout; it does not upload to Sentinel');
        if (wantsSentinel(flags)) return summarizeToSentinel(c, inputs, flags);
        if (flags.follow) {
          // each window's rows as it closes (rows of one bucket may come in two parts: they add up)
          const detector = new LiveDetector(undefined, { binSize: parseBinSize(flags.bin), allowedLateness: flags.allowedLateness });
          const sink = new ClosedWindowSink(detector, Output.open(flags.out), renderSummaryRows(flags.format), flags.format === 'csv');
          reportAccounting(withLate(await runNormalize(c, inputs, flags, sink, { fields: DETECTOR_FIELDS }), detector));
          return;
        }
        const summary = new SessionSummary({ binSize: parseBinSize(flags.bin) });
        const out = Output.open(flags.out); // before reading: a bad --out fails at once
        const acc = await runNormalize(c, inputs, flags, summarySink(summary), { fields: DETECTOR_FIELDS }, parallelSummary(summary, splitSettings(flags)));
        reportAccounting(acc);
        if (summary.rejectedCount) process.stderr.write(`asim: warning: ${summary.rejectedCount} record(s) without a valid TimeGenerated were not counted\n`);
        await writeSummaryRows(out, summary, flags.format);
      });
    });
}

/** `summarize --nats`: the rows of the merged partial summaries, once every raw batch is merged. */
async function summarizeFromNats(c: Command, inputs: string[], flags: SummarizeFlags): Promise<void> {
  if (flags.follow || wantsSentinel(flags)) throw new ConfigError('bad-flag', '--nats writes the rows to --out or stdout once the stream is merged: it takes neither --follow nor --sink');
  const binSize = parseBinSize(flags.bin);
  const summary = new SessionSummary({ binSize });
  const out = Output.open(flags.out);
  const r = await natsPartials(c, inputs, flags, binSize, (part) => void summary.merge(part));
  reportNatsAccounting(r.acc);
  if (!r.complete) return out.close();
  await writeSummaryRows(out, summary, flags.format as 'jsonl' | 'csv');
}

/** The summary's rows, streamed a batch at a time: a million distinct cells are never a million row objects at once. */
async function writeSummaryRows(out: Output, summary: SessionSummary, format: 'jsonl' | 'csv'): Promise<void> {
  let first = true;
  for (const rows of summary.summaryRowBatches()) {
    await out.write(format === 'csv' ? summaryRowsToCsv(rows, { header: first }) : summaryRowsToJsonl(rows));
    first = false;
  }
  await writeOut(out, first && format === 'csv' ? summaryRowsToCsv([]) : '');
}

/**
 * `--sink sentinel`: the rows go to a DCR stream of `NetworkCustomAnalytics_protocol_CL`, without
 * `Type` (a reserved column the service sets); rows of batches that still fail go to --rejects.
 */
async function summarizeToSentinel(c: Command, inputs: string[], flags: SummarizeFlags): Promise<void> {
  if (c.getOptionValueSource('format') === 'cli') throw new ConfigError('bad-flag', '--format and --sink sentinel exclude each other');
  const summary = new SessionSummary({ binSize: parseBinSize(flags.bin) });
  const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;
  let uploader: SentinelUploader | undefined;
  try {
    uploader = await openSentinel(flags, rejects); // before reading: bad credentials fail at once
    const acc = await runNormalize(c, inputs, flags, summarySink(summary), { fields: DETECTOR_FIELDS }, parallelSummary(summary, splitSettings(flags)), rejects);
    reportAccounting(acc);
    if (summary.rejectedCount) process.stderr.write(`asim: warning: ${summary.rejectedCount} record(s) without a valid TimeGenerated were not counted\n`);
    for (const rows of summary.summaryRowBatches()) await uploader.add(rows.map(({ Type: _type, ...row }) => row));
    reportUpload(await uploader.close(), flags, 'summary row(s)');
  } catch (err) {
    if (uploader && err instanceof OutputError) reportUpload(uploader.counts(), flags, 'summary row(s)'); // what reached Sentinel before the stop
    throw err;
  } finally {
    await rejects?.close();
  }
}
