import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import type { Accounting } from '@asimkit/core';
import type { SessionSummary } from '@asimkit/detector';
import type { CollectResult } from '@asimkit/nats';
import { logger } from './context.js';
import { EXIT } from './exit.js';
import { stopSignal } from './live-detection.js';
import { natsModule, untilIdleMs, withNats, type NatsFlags } from './nats-flags.js';
import { reportAccounting } from './run-normalize.js';

/**
 * `detect --nats` and `summarize --nats`: the workers' partial summaries, each raw batch's merged
 * once, until idle (`--until-idle`) or the signal. Returns whether every raw batch in the stream
 * was merged (so every bin is complete); when not, says what is missing and sets exit code 4.
 */
export async function natsPartials(cmd: Command, inputs: readonly string[], flags: NatsFlags, binSize: number, onPartial: (part: SessionSummary) => void | Promise<void>): Promise<CollectResult> {
  if (inputs.length) throw new ConfigError('bad-flag', 'with --nats the input is the stream: give no files (ship them with `asim ship`)');
  const idle = untilIdleMs(flags);
  let result: CollectResult | undefined;
  await withNats(flags, async (nats) => {
    const { collectPartials } = await natsModule();
    result = await collectPartials(nats, logger(cmd), { binSize, durable: flags.durable, ...(idle !== undefined ? { untilIdleMs: idle } : {}), signal: stopSignal(), onPartial });
  });
  const r = result!;
  const dups = r.duplicates ? `, ${r.duplicates} redelivered partial(s) dropped` : '';
  process.stderr.write(`asim: nats: ${r.merged} batch(es) merged${dups}\n`);
  if (!r.complete) {
    process.stderr.write(`asim: nats: incomplete: ${r.pending} raw batch(es) not yet taken by a worker, ${r.unacknowledged} taken and not acknowledged; no bin is known complete\n`);
    process.exitCode = EXIT.inputsFailed;
  }
  return r;
}

/** The accounting line, from the workers' counts (and the live detector's late records). */
export function reportNatsAccounting(acc: Accounting, late = 0): void {
  acc.late = late;
  reportAccounting(acc);
}
