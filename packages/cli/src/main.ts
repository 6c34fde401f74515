import { Command, CommanderError } from 'commander';
import { AsimkitError, ConfigError } from '@asimkit/sdk';
import { commands } from './commands/index.js';

/** Exit codes: 0 success (rejections are reported, not fatal), 2 usage or configuration error, 1 unexpected failure. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('asim')
    .description('Normalize network-session logs to ASIM NetworkSession 0.2.4 and hunt for port misuse')
    .option('--log-level <level>', 'trace|debug|info|warn|error|silent', 'warn')
    .option('--enable <ids>', 'load only these plugins (comma-separated ids)', csvList)
    .option('--disable <ids>', 'do not load these plugins (comma-separated ids)', csvList)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError || (err instanceof AsimkitError && err.code !== 'record-rejected')) {
      process.stderr.write(`asim: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`asim: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.failure;
  }
}

export function csvList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
