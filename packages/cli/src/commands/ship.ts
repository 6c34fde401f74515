import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import type { ShipResult } from '@asimkit/nats';
import { logger } from '../context.js';
import { EXIT } from '../exit.js';
import { endpoints, listenFlags, maxMessageOf, type EndpointFlags } from '../listen-flags.js';
import { stopSignal } from '../live-detection.js';
import { natsFlags, natsModule, withNats, type NatsFlags } from '../nats-flags.js';
import { parseByteSize } from '../run-normalize.js';

interface ShipFlags extends NatsFlags, EndpointFlags {
  batchBytes: string;
  follow?: boolean;
}

export function registerShip(program: Command): void {
  const cmd = program
    .command('ship')
    .description('publish log files (or, with --udp/--tcp/--tls, the syslog messages received) as raw batches to a NATS JetStream stream, for `asim worker`')
    .argument('[input...]', 'files, directories, globs, .gz (shipped decompressed)');
  natsFlags(cmd)
    .option('--batch-bytes <bytes>', 'largest raw batch, in whole lines (e.g. 64k, 256k; at most the server\'s max_payload)', '256k')
    .option('--follow', 'keep shipping what is appended to the files, across rotation (like tail -F), until SIGINT/SIGTERM; a restart resumes after what the stream holds');
  listenFlags(cmd).action(async (inputs: string[], flags: ShipFlags, c: Command) => {
    if (inputs.includes('-')) throw new ConfigError('bad-flag', 'asim ship reads files (stdin has no position to resume from)');
    const listeners = endpoints(flags, false);
    if (listeners.length && (inputs.length || flags.follow)) throw new ConfigError('bad-flag', 'asim ship takes files (with or without --follow) or --udp/--tcp/--tls, not both: run one shipper for each');
    if (!listeners.length && !inputs.length) throw new ConfigError('bad-flag', 'give files to ship, or --udp/--tcp/--tls HOST:PORT to receive syslog and ship it');
    const log = logger(c);
    const batchBytes = parseByteSize(flags.batchBytes, '--batch-bytes');
    await withNats(flags, async (nats) => {
      const { shipFiles, shipFollowed, shipListeners } = await natsModule();
      if (listeners.length) {
        const maxMessage = maxMessageOf(flags);
        const r = await shipListeners(nats, { listeners, maxMessage }, log, { batchBytes, signal: stopSignal(), onListening: (name) => void process.stderr.write(`asim: listening on ${name}\n`) });
        const rejected = [...r.rejected].map(([reason, n]) => `${reason} ${n}`).join(', ');
        process.stderr.write(`asim: ship: ${r.messages} message(s) in ${r.batches} batch(es) published${rejected ? `, rejected ${rejected}` : ''}${r.dropped ? `, ${r.dropped} datagram(s) dropped` : ''}\n`);
        return;
      }
      const r = flags.follow ? await shipFollowed(nats, inputs, log, { batchBytes, signal: stopSignal() }) : await shipFiles(nats, inputs, log, { batchBytes });
      report(r);
    });
  });
}

function report(r: ShipResult): void {
  const resumed = r.resumedBytes ? `, resumed after ${r.resumedBytes} byte(s) the stream already held` : '';
  const restarted = r.restarted ? `, ${r.restarted} file(s) shipped anew from their start (truncated, or not the file shipped before)` : '';
  process.stderr.write(`asim: ship: ${r.files} file(s), ${r.published} batch(es) published (${r.bytes} bytes), ${r.duplicates} duplicate(s) dropped by the stream${resumed}${restarted}\n`);
  for (const f of r.failed) process.stderr.write(`asim: ${f.reason}\n`);
  if (r.failed.length && process.exitCode === undefined) process.exitCode = EXIT.inputsFailed;
}
