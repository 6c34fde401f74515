#!/usr/bin/env node
import { prestartWorkers, releasePrestarted } from '@asimkit/core/prestart';
import { threadsToPrestart } from './prestart.js';

const { main } = await import('./main.js');
// A run that will probably split a large file starts its worker threads now, so that they load
// while the CLI loads its plugins and reads the file's head (see core's prestart.ts). Not before
// the CLI's own modules: a worker loading its modules beside them slowed that loading on 2 vCPUs,
// and the main thread began reading 50–150 ms later (2026-12-04, 222 MiB of VPC: 1.07–1.23 s →
// 1.04–1.08 s with the worker started here).
prestartWorkers(threadsToPrestart(process.argv.slice(2)));

// Data goes to stdout through core's Output, which reports a failed write (exit 3) or a reader that
// went away (`asim normalize big.log | head`: the run stops, exit 0). This listener only keeps
// such an error from also surfacing as an uncaught exception.
process.stdout.on('error', () => {});

process.exitCode = await main(process.argv);
await releasePrestarted();
