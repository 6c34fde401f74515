import type { NetworkSession } from '@asimkit/schema';
import { skip, type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '@asimkit/sdk';
import { LEAN_FIELDS, mapConnection } from './mapping.js';
import { rowFromTable, type VmConnectionRow } from './row.js';

const TABLE = 'VMConnection';

/** A VMConnection row by its columns, when the export has no `Type` column. */
const looksLikeVmConnection = (r: TableRow): boolean =>
  'Direction' in r && 'SourceIp' in r && 'DestinationIp' in r && 'DestinationPort' in r && ('ConnectionId' in r || 'LinksEstablished' in r || 'Machine' in r);

/**
 * Azure Monitor VM insights `VMConnection` rows (portal CSV, JSON array, JSON lines). The
 * Dependency Agent writes straight into the workspace, so there is no raw form to read.
 */
export class VmConnectionParser implements SourceParser<VmConnectionRow> {
  readonly id = 'vm-connection';
  readonly tables = [TABLE];

  fromTableRow(row: TableRow): VmConnectionRow | Skip {
    if (row.Type !== undefined && row.Type !== null && row.Type !== '' && row.Type !== TABLE) return skip(`table ${String(row.Type)} is not VMConnection`);
    return rowFromTable(row);
  }

  map(row: VmConnectionRow, ctx: StreamContext): NetworkSession | Skip {
    return mapConnection(row, ctx.receivedAt, needsOnlyLean(ctx.fields));
  }

  sniff(sample: SniffSample): number {
    const rows = sample.rows;
    if (!rows || rows.length === 0) return 0;
    if (rows.some((r) => r.Type === TABLE)) return 0.95;
    return rows.filter(looksLikeVmConnection).length / rows.length >= 0.5 ? 0.9 : 0;
  }
}

const leanProjections = new WeakMap<ReadonlySet<string>, boolean>();

/** Whether a projection (StreamContext.fields) asks only for fields the lean record has. */
function needsOnlyLean(fields: ReadonlySet<string> | undefined): boolean {
  if (fields === undefined) return false;
  let lean = leanProjections.get(fields);
  if (lean === undefined) {
    lean = [...fields].every((f) => LEAN_FIELDS.has(f));
    leanProjections.set(fields, lean);
  }
  return lean;
}
