#!/usr/bin/env node
import { main } from './main.js';

// Data goes to stdout through core's Output, which reports a failed write (exit 3) or a reader that
// went away (`asim normalize big.log | head`: the run stops, exit 0). This listener only keeps
// such an error from also surfacing as an uncaught exception.
process.stdout.on('error', () => {});

process.exitCode = await main(process.argv);
