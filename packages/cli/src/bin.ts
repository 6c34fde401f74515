#!/usr/bin/env node
import { prestartWorkers, releasePrestarted } from '@asimkit/core/prestart';
import { threadsToPrestart } from './prestart.js';

// A run that will probably split a large file starts its worker threads first, so that they load
// while the CLI does (see core's prestart.ts); the rest of the CLI is imported only then.
prestartWorkers(threadsToPrestart(process.argv.slice(2)));
const { main } = await import('./main.js');

// Data goes to stdout through core's Output, which reports a failed write (exit 3) or a reader that
// went away (`asim normalize big.log | head`: the run stops, exit 0). This listener only keeps
// such an error from also surfacing as an uncaught exception.
process.stdout.on('error', () => {});

process.exitCode = await main(process.argv);
await releasePrestarted();
