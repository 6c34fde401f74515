import type { Command } from 'commander';
import type { NetworkSession } from '@asimkit/schema';
import { ConfigError, OutputError } from '@asimkit/sdk';
import { CsvSink, JsonlSink, jsonlWorkers, Output, RejectsFile, SentinelSink, type SentinelUploader } from '@asimkit/core';
import { collect } from '../exit.js';
import { addInputFlags, reportAccounting, runNormalize, splitSettings, type InputFlags } from '../run-normalize.js';
import { addSentinelFlags, openSentinel, reportUpload, wantsSentinel, type SentinelFlags } from '../sentinel-flags.js';

interface NormalizeFlags extends InputFlags, SentinelFlags {
  lineage?: boolean;
  format: string;
  out?: string;
  validate?: boolean;
}

export function registerNormalize(program: Command): void {
  const cmd = program
    .command('normalize')
    .description('turn logs (raw or Sentinel table exports; files, directories, globs, .gz, - for stdin) into ASIM records')
    .argument('<path...>', 'inputs');
  addInputFlags(cmd, collect)
    .option('--lineage', 'add _Lineage {path, line} to each record')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'write records to FILE instead of stdout')
    .option('--validate', 'check every record against the full ASIM schema; invalid ones are rejected');
  addSentinelFlags(cmd, 'Custom-ASimNetworkSessionLogs')
    .action(async (paths: string[], flags: NormalizeFlags, c: Command) => {
      if (flags.format !== 'jsonl' && flags.format !== 'csv') throw new ConfigError('bad-flag', `--format must be jsonl or csv, not "${flags.format}"`);
      if (wantsSentinel(flags)) return normalizeToSentinel(c, paths, flags);
      const out = Output.open(flags.out);
      const sink = flags.format === 'csv' ? new CsvSink(out, flags.lineage) : new JsonlSink(out);
      // JSONL is encoded in worker threads for large files; CSV stays on the main thread
      const parallel = sink instanceof JsonlSink ? { ...splitSettings(flags), ...jsonlWorkers(sink, out) } : undefined;
      // followed input trickles in: each batch goes out at once instead of waiting for a full buffer
      const live = flags.follow && sink instanceof JsonlSink ? { write: async (r: NetworkSession[]) => { await sink.write(r); await sink.flush(); }, close: () => sink.close() } : sink;
      const acc = await runNormalize(c, paths, flags, live, { lineage: flags.lineage, validate: flags.validate }, flags.follow ? undefined : parallel);
      reportAccounting(acc);
    });
}

/** `--sink sentinel`: records are uploaded; those of batches that still fail go to --rejects. */
async function normalizeToSentinel(c: Command, paths: string[], flags: NormalizeFlags): Promise<void> {
  if (c.getOptionValueSource('format') === 'cli') throw new ConfigError('bad-flag', '--format and --sink sentinel exclude each other');
  const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;
  let uploader: SentinelUploader | undefined;
  try {
    uploader = await openSentinel(flags, rejects);
    const acc = await runNormalize(c, paths, flags, new SentinelSink(uploader), { lineage: flags.lineage, validate: flags.validate }, undefined, rejects);
    reportAccounting(acc);
    reportUpload(uploader.counts(), flags, 'record(s)');
  } catch (err) {
    if (uploader && err instanceof OutputError) reportUpload(uploader.counts(), flags, 'record(s)'); // what reached Sentinel before the stop
    throw err;
  } finally {
    await rejects?.close();
  }
}
