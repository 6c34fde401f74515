import type { Command } from 'commander';
import { registerNormalize } from './normalize.js';
import { registerPlugins } from './plugins.js';
import { registerValidate } from './validate.js';

/** Every `asim` command, registered in this order. */
export const commands: ((program: Command) => void)[] = [registerPlugins, registerNormalize, registerValidate];
