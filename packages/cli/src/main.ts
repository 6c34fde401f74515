import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { SCHEMA_VERSION } from '@asimkit/schema';
import { AsimkitError, ConfigError, OutputClosed, OutputError, SDK_VERSION } from '@asimkit/sdk';
import { commands } from './commands/index.js';
import { checkLogLevel } from './context.js';
import { collect, csvList, EXIT } from './exit.js';

export { EXIT } from './exit.js';

// required, not imported: importing a CommonJS module, Node's ESM loader first lexes its source
// for the names it exports (commander loads in ~9 ms required, ~14 ms imported)
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;

/** This CLI's version (its package.json's: the same file from src/ and from the bundle in dist/). */
const CLI_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(): Command {
  const program = new Command('asim')
    .description(`Normalize network-session logs to ASIM NetworkSession ${SCHEMA_VERSION} and hunt for port misuse`)
    .version(`asim ${CLI_VERSION} (ASIM NetworkSession ${SCHEMA_VERSION}, plugin SDK ${SDK_VERSION})`, '-V, --version', 'print the version of asim, of the schema it writes and of its plugin SDK')
    .option('--log-level <level>', 'trace|debug|info|warn|error|silent', 'warn')
    .option('--enable <ids>', 'load only these plugins (comma-separated ids)', csvList)
    .option('--disable <ids>', 'do not load these plugins (comma-separated ids)', csvList)
    .option('--plugin-dir <dir>', 'also look for plugins in DIR (repeatable; searched before ASIMKIT_PLUGIN_DIRS)', collect)
    .addHelpText('after', EXIT_HELP)
    .hook('preAction', (cmd) => checkLogLevel(cmd.opts<{ logLevel: string }>().logLevel))
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

const EXIT_HELP = `
Plugins are found, first match of an id winning, in: --plugin-dir DIRs; ASIMKIT_PLUGIN_DIRS (a
${process.platform === 'win32' ? ';' : ':'}-separated list of directories, each holding plugin packages, node_modules, or being one);
the current directory (plugins/*, node_modules); the asimkit workspace. \`asim plugins\` shows
where each was loaded from. Writing one: \`asim plugin new --help\`, docs/writing-a-plugin.md.

Exit codes: 0 success (rejected records are reported, not fatal), 1 unexpected failure, 2 usage or
configuration error, 3 an output could not be written, 4 some inputs could not be read (the others
were), 5 validate found invalid records, 6 plugin test found failing checks.`;

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof OutputClosed) return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
    if (err instanceof OutputError) {
      process.stderr.write(`asim: ${err.message}\n`);
      return EXIT.output;
    }
    if (err instanceof ConfigError || (err instanceof AsimkitError && err.code !== 'record-rejected')) {
      process.stderr.write(`asim: ${err.message}\n`);
      return EXIT.usage;
    }
    const debug = argv.includes('debug') || argv.includes('trace');
    const detail = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
    process.stderr.write(`asim: unexpected failure: ${detail}${debug ? '' : ' (--log-level debug shows where)'}\n`);
    return EXIT.failure;
  }
}
