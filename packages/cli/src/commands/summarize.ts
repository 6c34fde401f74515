import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { DETECTOR_FIELDS, parseBinSize, SessionSummary, summaryRowsToCsv, summaryRowsToJsonl } from '@asimkit/detector';
import { collect } from '../exit.js';
import { addInputFlags, reportAccounting, runNormalize, splitSettings, type InputFlags } from '../run-normalize.js';
import { parallelSummary, summarySink } from '../workers/session-summary-sink.js';
import { Output } from '@asimkit/core';
import { detectorErrorsAsConfig, writeOut } from './detect.js';

interface SummarizeFlags extends InputFlags {
  bin: string;
  format: string;
  out?: string;
}

export function registerSummarize(program: Command): void {
  const cmd = program
    .command('summarize')
    .description('count sessions per bin and key as NetworkCustomAnalytics_protocol_CL rows (usable as `asim detect --summary`)')
    .argument('<input...>', 'raw logs, table exports or (with --source asim) ASIM JSON lines')
    .option('--bin <duration>', 'bin size', '10m');
  addInputFlags(cmd, collect)
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'write summary rows to FILE instead of stdout')
    .action(async (inputs: string[], flags: SummarizeFlags, c: Command) => {
      await detectorErrorsAsConfig(async () => {
        if (flags.format !== 'jsonl' && flags.format !== 'csv') throw new ConfigError('bad-flag', `--format must be jsonl or csv, not "${flags.format}"`);
        const summary = new SessionSummary({ binSize: parseBinSize(flags.bin) });
        const out = Output.open(flags.out); // before reading: a bad --out fails at once
        const acc = await runNormalize(c, inputs, flags, summarySink(summary), { fields: DETECTOR_FIELDS }, parallelSummary(summary, splitSettings(flags)));
        reportAccounting(acc);
        if (summary.rejectedCount) process.stderr.write(`asim: warning: ${summary.rejectedCount} record(s) without a valid TimeGenerated were not counted\n`);
        const rows = summary.toSummaryRows();
        await writeOut(out, flags.format === 'csv' ? summaryRowsToCsv(rows) : summaryRowsToJsonl(rows));
      });
    });
}
