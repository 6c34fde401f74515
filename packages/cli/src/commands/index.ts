import type { Command } from 'commander';
import { registerDetect } from './detect.js';
import { registerListen } from './listen.js';
import { registerNormalize } from './normalize.js';
import { registerPlugin } from './plugin.js';
import { registerPlugins } from './plugins.js';
import { registerReport } from './report.js';
import { registerShip } from './ship.js';
import { registerSummarize } from './summarize.js';
import { registerValidate } from './validate.js';
import { registerWorker } from './worker.js';

/** Every `asim` command, registered in this order. */
export const commands: ((program: Command) => void)[] = [registerPlugins, registerPlugin, registerNormalize, registerValidate, registerDetect, registerSummarize, registerReport, registerListen, registerShip, registerWorker];
