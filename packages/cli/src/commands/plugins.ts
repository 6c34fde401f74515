import type { Command } from 'commander';
import { z } from '@asimkit/vendor/zod';
import { Output } from '@asimkit/core';
import { openRegistry } from '../context.js';

export function registerPlugins(program: Command): void {
  program
    .command('plugins')
    .description('list the discovered source plugins')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const registry = await openRegistry(cmd);
      const rows = registry.plugins.map(({ manifest: m, parser, forms }) => ({
        id: m.id,
        connectorId: m.connectorId,
        dataTypes: m.dataTypes,
        vendor: m.vendor,
        product: m.product,
        forms,
        version: m.version,
        package: m.packageName,
        options: describeOptions(parser.optionsSchema, parser.optionsHelp),
      }));
      const out = Output.open(undefined);
      if (opts.json) await out.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        let text = '';
        for (const r of rows) {
          text += `${r.id}  ${r.vendor} ${r.product}  connector ${r.connectorId}  tables ${r.dataTypes.join(',')}  forms ${r.forms.join('+')}  v${r.version}\n`;
          for (const o of r.options) text += `    --opt ${r.id}.${o.name}=…  ${o.description}${o.default !== undefined ? ` (default ${JSON.stringify(o.default)})` : ''}\n`;
        }
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
