import type { Command } from 'commander';
import { ConfigError, groupOptionPairs } from '@asimkit/sdk';
import { RejectsFile } from '@asimkit/core';
import { parseBinSize, parseDuration } from '@asimkit/detector';
import type { Emit } from '@asimkit/nats';
import { logger, openRegistry } from '../context.js';
import { collect } from '../exit.js';
import { stopSignal } from '../live-detection.js';
import { boundedFlags, natsFlags, natsModule, untilIdleMs, withNats, type NatsFlags } from '../nats-flags.js';
import { parseByteSize, reportAccounting } from '../run-normalize.js';
import { detectorErrorsAsConfig } from './detect.js';

interface WorkerFlags extends NatsFlags {
  emit: string;
  bin: string;
  ackWait: string;
  source?: string;
  opt: string[];
  table?: string;
  maxLine?: string;
  rejects?: string;
}

export function registerWorker(program: Command): void {
  const cmd = program
    .command('worker')
    .description('normalize the raw batches `asim ship` published (a durable consumer N workers share) and publish ASIM records or partial summaries');
  boundedFlags(natsFlags(cmd))
    .option('--emit <what>', 'summaries (per-bin partial counts, for `asim detect --nats`) or records (ASIM JSON lines)', 'summaries')
    .option('--bin <duration>', 'bin size of the partial summaries (the detector\'s --bin)', '10m')
    .option('--ack-wait <duration>', 'a batch taken by a worker that dies is redelivered after this long (set when the consumer is created)', '30s')
    .option('--source <id>', 'plugin id for every batch; default: detect per batch')
    .option('--opt <key=value>', 'plugin option, PLUGIN.KEY=VALUE or KEY=VALUE for --source (repeatable)', collect, [])
    .option('--table <name>', 'Sentinel table of table exports without a Type column')
    .option('--max-line <bytes>', 'longest raw line read; longer lines are rejected (default 1m)')
    .option('--rejects <file>', 'write each rejected record with its reason and file position to FILE (JSON lines)')
    .action(async (flags: WorkerFlags, c: Command) => {
      await detectorErrorsAsConfig(async () => {
        if (flags.emit !== 'summaries' && flags.emit !== 'records') throw new ConfigError('bad-flag', `--emit must be summaries or records, not "${flags.emit}"`);
        const log = logger(c);
        const registry = await openRegistry(c, flags.source);
        const binSize = parseBinSize(flags.bin);
        const idle = untilIdleMs(flags);
        const ackWaitMs = parseDuration(flags.ackWait);
        const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;
        const req = { inputs: [], source: flags.source, pluginOptions: groupOptionPairs(flags.opt, flags.source), table: flags.table, maxLine: parseByteSize(flags.maxLine, '--max-line') };
        try {
          await withNats(flags, async (nats) => {
            const { runWorker } = await natsModule();
            const r = await runWorker(nats, registry, req, log, {
              emit: flags.emit as Emit,
              durable: flags.durable,
              binSize,
              ackWaitMs,
              ...(idle !== undefined ? { untilIdleMs: idle } : {}),
              signal: stopSignal(),
              onRejected: (rec) => rejects?.add(rec),
            });
            process.stderr.write(`asim: worker: ${r.batches} batch(es) normalized and acknowledged, ${r.duplicates} output(s) already in the stream\n`);
            reportAccounting(r.acc);
          });
        } finally {
          await rejects?.close();
        }
      });
    });
}
