import type { Command } from 'commander';
import { join } from 'node:path';
import { workspaceRoot } from '@asimkit/core';
import { ConfigError } from '@asimkit/sdk';
import { globalOptions } from '../context.js';
import { EXIT } from '../exit.js';

// The kit (scaffold templates, the TypeScript compiler, the checks) is imported only by these commands, so `asim` starts fast.
const kit = () => import('@asimkit/kit');

export function registerPlugin(program: Command): void {
  const plugin = program.command('plugin').description('write and test a source plugin: `plugin new`, `plugin test`');

  plugin
    .command('new <id>')
    .description('create a complete plugin package in DIR/<id>: manifest, tsconfig, src, a golden fixture, README, a bench generator')
    .option('--kind <kind>', 'what it reads: line (own text format), cef (CEF via syslog), syslog (key=value syslog), json (raw JSON records), table (table exports only)', 'line')
    .option('--dir <dir>', 'directory to create the plugin in (default: ./plugins in the asimkit workspace, else .)')
    .option('--vendor <name>', 'EventVendor (default: from the id)')
    .option('--product <name>', 'EventProduct (default: from the id)')
    .action(async (id: string, opts: { kind: string; dir?: string; vendor?: string; product?: string }) => {
      const { scaffoldPlugin, buildPlugin, updateExpected, PLUGIN_KINDS } = await kit();
      if (!(PLUGIN_KINDS as readonly string[]).includes(opts.kind)) throw new ConfigError('bad-flag', `--kind must be one of ${PLUGIN_KINDS.join(', ')}, not "${opts.kind}"`);
      const made = scaffoldPlugin({ id, kind: opts.kind as (typeof PLUGIN_KINDS)[number], dir: opts.dir ?? defaultDir(), vendor: opts.vendor, product: opts.product });
      const build = await buildPlugin(made.dir, './dist/index.js');
      if (build.errors.length) throw new Error(`the scaffold does not compile:\n${build.errors.join('\n')}`);
      // the starter fixture's expected outcomes come from the starter code: review them like any golden update
      const expected = await updateExpected(made.dir);
      process.stdout.write(
        `created ${made.dir} (${made.files.length} files):\n${made.files.map((f) => `  ${f}`).join('\n')}\n` +
          `and ${expected} test/fixtures/*.expected.jsonl from the starter code (review them as a golden update)\n\nnext:\n  asim plugin test ${made.dir}\n`,
      );
    });

  plugin
    .command('test [dir]')
    .description('run a plugin\'s golden fixtures and checks (manifest, forms, detection, fast path, ASIM validity, fuzz); builds it first when its dist is stale')
    .option('--update', 'rewrite test/fixtures/*.expected.jsonl from the current code (review the diff)')
    .option('--fuzz-runs <n>', 'mutated inputs per seed kind', (v) => Number(v), 300)
    .action(async (dir: string | undefined, opts: { update?: boolean; fuzzRuns: number }, cmd: Command) => {
      if (!Number.isInteger(opts.fuzzRuns) || opts.fuzzRuns < 0) throw new ConfigError('bad-flag', '--fuzz-runs must be a non-negative integer');
      const { testPlugin } = await kit();
      const results = await testPlugin(dir ?? '.', { update: opts.update, fuzzRuns: opts.fuzzRuns, pluginDirs: globalOptions(cmd).pluginDir });
      let text = '';
      for (const r of results) {
        text += `${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}\n`;
        for (const d of r.details) text += `        ${d.replaceAll('\n', '\n        ')}\n`;
        for (const w of r.warnings ?? []) text += `  warn  ${w.replaceAll('\n', '\n        ')}\n`;
      }
      const failed = results.filter((r) => !r.ok).length;
      text += `${results.length - failed} passed, ${failed} failed\n`;
      process.stdout.write(text);
      if (failed) process.exitCode = EXIT.checksFailed;
    });
}

/** In the asimkit workspace's root, new plugins go to plugins/; anywhere else, to the current directory. */
function defaultDir(): string {
  const root = workspaceRoot();
  return root !== undefined && process.cwd() === root ? join(root, 'plugins') : '.';
}
