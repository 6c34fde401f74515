import type { OutcomeSink, RowCodec, TableRow } from '@asimkit/sdk';
import type { LoadedPlugin, PluginRegistry } from '../registry.js';
import type { Processors } from './processors.js';

/**
 * Sends a table row (an exported row, or a row a shared codec decoded from a raw line) to its
 * plugin: the fixed one (--source, or sniffed) if its filter claims the row, else the first enabled
 * plugin of the row's table (in id order) whose `claimsRow` takes it. A row nobody claims is
 * skipped with a reason naming what it is (e.g. its DeviceVendor/DeviceProduct).
 */
export class TableRouter {
  private readonly describers = new Map<string, (row: TableRow) => string>();

  constructor(
    private readonly registry: PluginRegistry,
    private readonly processors: Processors,
  ) {
    for (const codec of codecsOf(registry)) {
      if (codec.describeRow) for (const t of codec.tables) if (!this.describers.has(t)) this.describers.set(t, codec.describeRow);
    }
  }

  /** `raw`: the line a shared codec decoded the row from (what the rejects file keeps). Returns the plugin that took the row. */
  route(row: TableRow, table: string | undefined, fixed: LoadedPlugin | undefined, position: number, out: OutcomeSink, raw?: string): LoadedPlugin | undefined {
    if (fixed) {
      if (fixed.parser.claimsRow && !fixed.parser.claimsRow(row)) return void out.skipped(`not a ${fixed.manifest.id} row`, position);
      this.processors.get(fixed).table(row, position, out, raw);
      return fixed;
    }
    if (table === undefined) return void out.skipped('no table: the row has no Type column (name its table with --table, or its source with --source)', position);
    const plugin = this.claimant(row, table);
    if (plugin) {
      this.processors.get(plugin).table(row, position, out, raw);
      return plugin;
    }
    const describe = this.describers.get(table);
    out.skipped(`no enabled parser for ${describe ? describe(row) : `table ${table}`}`, position);
    return undefined;
  }

  /** The plugin that would take this row of `table`, if any. */
  claimant(row: TableRow, table: string): LoadedPlugin | undefined {
    return this.registry.forTable(table).find((p) => !p.parser.claimsRow || p.parser.claimsRow(row));
  }
}

/** The shared codecs of the enabled plugins, each once, in plugin id order. */
export function codecsOf(registry: PluginRegistry): RowCodec<unknown>[] {
  const byId = new Map<string, RowCodec<unknown>>();
  for (const p of registry.plugins) if (p.parser.rawCodec && !byId.has(p.parser.rawCodec.id)) byId.set(p.parser.rawCodec.id, p.parser.rawCodec);
  return [...byId.values()];
}
