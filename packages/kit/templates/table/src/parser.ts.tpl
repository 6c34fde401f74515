import type { NetworkSession } from '@asimkit/schema';
import { type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '@asimkit/sdk';
import { map__Pascal__ } from './mapping.js';
import { rowFromTable, TABLE, type __Pascal__Row } from './row.js';

/** Columns only __TABLE__ has: how an export without a `Type` column is recognised. */
const COLUMNS = ['Device', 'Kind', 'Action', 'SrcIp', 'DstIp'];

/** __VENDOR__ __PRODUCT__: exported __TABLE__ rows (CSV, JSON array, JSON lines). */
export class __Pascal__Parser implements SourceParser<__Pascal__Row> {
  readonly id = '__ID__';
  readonly tables = [TABLE];

  fromTableRow(row: TableRow): __Pascal__Row | Skip {
    return rowFromTable(row);
  }

  map(row: __Pascal__Row, ctx: StreamContext): NetworkSession | Skip {
    return map__Pascal__(row, TABLE, ctx.receivedAt);
  }

  /** Rows of __TABLE__: by their Type, else by its columns. */
  sniff(sample: SniffSample): number {
    const rows = sample.rows;
    if (!rows?.length) return 0;
    const ours = rows.filter((r) => r.Type === TABLE || (r.Type === undefined && COLUMNS.every((c) => c in r))).length;
    return (0.9 * ours) / rows.length;
  }
}
