import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { shipFiles } from '@asimkit/nats';
import { logger } from '../context.js';
import { EXIT } from '../exit.js';
import { natsFlags, withNats, type NatsFlags } from '../nats-flags.js';
import { parseByteSize } from '../run-normalize.js';

interface ShipFlags extends NatsFlags {
  batchBytes: string;
}

export function registerShip(program: Command): void {
  const cmd = program
    .command('ship')
    .description('publish log files as raw batches of whole lines to a NATS JetStream stream (one subject per file), for `asim worker`')
    .argument('<input...>', 'files, directories, globs, .gz (shipped decompressed)');
  natsFlags(cmd)
    .option('--batch-bytes <bytes>', 'largest raw batch, in whole lines (e.g. 64k, 256k; at most the server\'s max_payload)', '256k')
    .action(async (inputs: string[], flags: ShipFlags, c: Command) => {
    if (inputs.includes('-')) throw new ConfigError('bad-flag', 'asim ship reads files (stdin has no position to resume from)');
    const log = logger(c);
    await withNats(flags, async (nats) => {
      const r = await shipFiles(nats, inputs, log, { batchBytes: parseByteSize(flags.batchBytes, '--batch-bytes') });
      const resumed = r.resumedBytes ? `, resumed after ${r.resumedBytes} byte(s) the stream already held` : '';
      process.stderr.write(`asim: ship: ${r.files} file(s), ${r.published} batch(es) published (${r.bytes} bytes), ${r.duplicates} duplicate(s) dropped by the stream${resumed}\n`);
      for (const f of r.failed) process.stderr.write(`asim: ${f.reason}\n`);
      if (r.failed.length && process.exitCode === undefined) process.exitCode = EXIT.inputsFailed;
    });
  });
}
