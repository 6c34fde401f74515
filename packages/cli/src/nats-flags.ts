import type { Command } from 'commander';
import { parseDuration } from '@asimkit/detector';
import { ConfigError, OutputError } from '@asimkit/sdk';
import type { Nats } from '@asimkit/nats';

/** The NATS client, loaded only by a run that uses it (it is 40 modules, ~25 ms of every start). */
export const natsModule = () => import('@asimkit/nats');

export interface NatsFlags {
  nats?: string;
  stream?: string;
  untilIdle?: string;
  durable?: string;
}

/** `--nats URL --stream NAME`, shared by ship, worker, detect and summarize. */
export function natsFlags(cmd: Command): Command {
  return cmd
    .option('--nats <url>', 'NATS server with JetStream (e.g. nats://127.0.0.1:4222; `bash scripts/nats` starts one)')
    .option('--stream <name>', 'JetStream stream (created when missing): raw batches on NAME.raw.*, outputs on NAME.out.*');
}

/** `--until-idle DURATION` and the workers' `--durable NAME`. */
export function boundedFlags(cmd: Command): Command {
  return cmd
    .option('--until-idle <duration>', 'exit once this long has passed with nothing new (5s, 1m); default: run until SIGINT/SIGTERM')
    .option('--durable <name>', 'the workers\' durable consumer (default asim-summaries or asim-records, by --emit)');
}

export function untilIdleMs(flags: NatsFlags): number | undefined {
  return flags.untilIdle === undefined ? undefined : parseDuration(flags.untilIdle);
}

/** Connects, runs, closes; a server that stays away longer than the retry limit stops the run (exit 3). */
export async function withNats(flags: NatsFlags, run: (nats: Nats) => Promise<void>): Promise<void> {
  if (!flags.nats) throw new ConfigError('bad-flag', '--nats URL is required');
  const { checkStreamName, NatsUnavailable, openNats } = await natsModule();
  const nats = await openNats(flags.nats, checkStreamName(flags.stream));
  try {
    await run(nats);
  } catch (err) {
    if (err instanceof NatsUnavailable) throw new OutputError('nats-unavailable', `NATS: ${err.message}`);
    throw err;
  } finally {
    await nats.close().catch(() => {});
  }
}
