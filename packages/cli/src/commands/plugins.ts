import type { Command } from 'commander';
import { z } from '@asimkit/vendor/zod';
import { Output } from '@asimkit/core';
import { openRegistry } from '../context.js';

export function registerPlugins(program: Command): void {
  program
    .command('plugins')
    .description('list the discovered source plugins, where each was loaded from, and those that could not be loaded')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const registry = await openRegistry(cmd, undefined, true);
      const rows = registry.plugins.map(({ manifest: m, parser, forms }) => ({
        id: m.id,
        connectorId: m.connectorId,
        dataTypes: m.dataTypes,
        vendor: m.vendor,
        product: m.product,
        forms,
        version: m.version,
        package: m.packageName,
        path: m.dir,
        options: describeOptions(parser.optionsSchema, parser.optionsHelp),
      }));
      const problems = registry.problems.map((p) => ({ id: p.id ?? null, package: p.packageName, path: p.dir, code: p.code, message: p.message }));
      const out = Output.open(undefined);
      // one array: the loaded plugins, then those that could not be loaded (`loaded: false`, with the problem)
      if (opts.json) await out.write(JSON.stringify([...rows.map((r) => ({ ...r, loaded: true })), ...problems.map((p) => ({ ...p, loaded: false }))], null, 2) + '\n');
      else {
        let text = '';
        for (const r of rows) {
          text += `${r.id}  ${r.vendor} ${r.product}  connector ${r.connectorId}  tables ${r.dataTypes.join(',')}  forms ${r.forms.join('+')}  v${r.version}  ${r.path}\n`;
          for (const o of r.options) text += `    --opt ${r.id}.${o.name}=…  ${o.description}${o.default !== undefined ? ` (default ${JSON.stringify(o.default)})` : ''}\n`;
        }
        for (const p of problems) text += `${p.id ?? p.package}  NOT LOADED (${p.code})  ${p.path}\n    ${p.message}\n`;
        await out.write(text);
      }
      await out.close();
    });
}

interface OptionInfo {
  name: string;
  description: string;
  default?: unknown;
}

function describeOptions(schema: z.ZodType | undefined, help: Readonly<Record<string, string>> = {}): OptionInfo[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const parsed = field.safeParse(undefined);
    return { name, description: help[name] ?? field.description ?? '', default: parsed.success ? parsed.data : undefined };
  });
}
