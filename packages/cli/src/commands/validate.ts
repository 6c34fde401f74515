import type { Command } from 'commander';
import { zodViolations, type Violation } from '@asimkit/schema';
import { InputError } from '@asimkit/sdk';
import { expandInputs, inputChunks, lineBatches, Output } from '@asimkit/core';
import { EXIT } from '../exit.js';

interface FieldTally {
  field: string;
  rule: string;
  severity: string;
  count: number;
  example: string;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check ASIM JSON lines against the NetworkSession 0.2.4 schema; exit 0 only when every record is valid (5 when some are not)')
    .argument('<path...>', 'ASIM JSONL files, directories, globs, .gz, or - for stdin')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const tallies = new Map<string, FieldTally>();
      let records = 0;
      let invalid = 0;
      const note = (v: Pick<Violation, 'field' | 'rule' | 'severity' | 'message'>, where: string) => {
        const key = `${v.field}\0${v.rule}\0${v.severity}`;
        const t = tallies.get(key) ?? { field: v.field, rule: v.rule, severity: v.severity, count: 0, example: `${where}: ${v.message}` };
        t.count++;
        tallies.set(key, t);
      };
      const out = Output.open(undefined);
      const failed: string[] = [];
      for (const input of await expandInputs(paths)) {
        try {
          await tallyInput(input);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          failed.push(err.message);
          process.stderr.write(`asim: ${err.message}\n`);
        }
      }
      async function tallyInput(input: Awaited<ReturnType<typeof expandInputs>>[number]): Promise<void> {
        for await (const { lines, firstLine } of lineBatches(inputChunks(input, { bytes: 0 }))) {
          lines.forEach((line, i) => {
            if (line.trim() === '') return;
            records++;
            const where = `${input.path}:${firstLine + i}`;
            let violations: Violation[];
            try {
              violations = zodViolations(JSON.parse(line));
            } catch (err) {
              violations = [{ field: '(record)', rule: 'type', severity: 'error', message: `not JSON: ${(err as Error).message}` }];
            }
            if (violations.some((v) => v.severity === 'error')) invalid++;
            for (const v of violations) note(v, where);
          });
        }
      }
      const rows = [...tallies.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
      if (opts.json) await out.write(JSON.stringify({ records, valid: records - invalid, invalid, inputsFailed: failed, violations: rows }, null, 2) + '\n');
      else {
        let text = `${records} records: ${records - invalid} valid, ${invalid} invalid${failed.length ? `; ${failed.length} input(s) could not be read` : ''}\n`;
        for (const r of rows) text += `${r.severity.padEnd(7)} ${r.field.padEnd(28)} ${r.rule.padEnd(13)} ${String(r.count).padStart(8)}  e.g. ${r.example}\n`;
        await out.write(text);
      }
      await out.close();
      process.exitCode = invalid > 0 ? EXIT.invalid : failed.length ? EXIT.inputsFailed : EXIT.ok;
    });
}
