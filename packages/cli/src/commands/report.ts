import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { Output } from '@asimkit/core';
import { DEFAULT_WATCHLIST_SOURCE, parseAlertLines, parseBinSize, reportData, SummaryTable, type Alert } from '@asimkit/detector';
import { collect } from '../exit.js';
import { parseAccountingLog } from '../report/accounting-log.js';
import { renderReport } from '../report/html-report.js';
import { detectorErrorsAsConfig, loadWatchlist, readSummaryRows, writeOut } from './detect.js';

interface ReportFlags {
  summary: string[];
  alerts: string[];
  accounting: string[];
  watchlist?: string;
  lenientThreshold?: boolean;
  bin: string;
  title: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML page from summary rows and/or a detect run: usage per rule and bin against its threshold, top ports, alerts, accounting')
    .option('--summary <path>', 'summary rows (`asim summarize` output, or NetworkCustomAnalytics_protocol_CL exports; repeatable)', collect, [])
    .option('--alerts <path>', 'alerts of `asim detect --format jsonl` (repeatable; default: evaluated from --summary over every bin)', collect, [])
    .option('--accounting <log>', 'stderr of the runs (`2> run.log`): their accounting lines are shown (repeatable)', collect, [])
    .option('--watchlist <csv>', 'NetworkSession_Monitor_Configuration CSV (default: the shipped default watchlist)')
    .option('--lenient-threshold', 'toint(Threshold) trims spaces and truncates decimals (default: strict integers)')
    .option('--bin <duration>', 'bin size of the summary rows', '10m')
    .option('--title <text>', 'page title', 'asim port-misuse report')
    .option('--out <file>', 'write the HTML to FILE instead of stdout')
    .action(async (flags: ReportFlags) => {
      await detectorErrorsAsConfig(async () => {
        if (flags.summary.length === 0 && flags.alerts.length === 0) throw new ConfigError('no-input', 'no input: give --summary rows and/or --alerts of a detect run');
        const watchlist = loadWatchlist(flags);
        const out = Output.open(flags.out); // before reading: a bad --out fails at once
        const summary = new SummaryTable({ binSize: parseBinSize(flags.bin) });
        const unusable = flags.summary.length ? await readSummaryRows(flags.summary, summary) : [];
        if (unusable.length) process.stderr.write(`asim: warning: ${unusable.length} summary row(s) ignored (e.g. ${unusable[0]!.source}:${unusable[0]!.position}: ${unusable[0]!.reason})\n`);
        const alerts = flags.alerts.length ? flags.alerts.flatMap((p) => parseAlertLines(readText(p, '--alerts'), p)) : undefined;
        const accounting = flags.accounting.length ? parseAccountingLog(flags.accounting.map((p) => readText(p, '--accounting')).join('\n')) : undefined;
        const data = reportData(watchlist, { summary, ...(alerts ? { alerts: alerts as Alert[] } : {}) });
        const html = await renderReport(data, {
          title: flags.title,
          watchlist: flags.watchlist ?? DEFAULT_WATCHLIST_SOURCE,
          inputs: [...flags.summary, ...flags.alerts],
          generatedAt: new Date(),
          ...(accounting ? { accounting } : {}),
        });
        await writeOut(out, html);
        process.stderr.write(`asim: report: ${data.binCount} bin(s), ${data.rules.length} rule chart(s), ${data.alerts.length} alert(s)${flags.out ? ` → ${flags.out}` : ''}\n`);
      });
    });
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('no-input', `cannot read ${flag} ${path}: ${(err as Error).message}`);
  }
}
