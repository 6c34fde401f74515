import type { NetworkSession } from '@asimkit/schema';
import type { JsonObject, RawDecoder, Skip, SniffSample, SourceParser, StreamContext, TableRow } from '@asimkit/sdk';
import { FlowLogDecoder } from './flow-log.js';
import { LEAN_TUPLE_FIELDS, mapAnalytics, mapNta, mapTuple, mapTupleLean } from './mapping.js';
import type { AzureNsgRow } from './row.js';
import { ANALYTICS_TABLE, flowTableOf, fromFlowTable, NTA_TABLE } from './tables.js';

/**
 * Azure NSG flows: raw NSG flow logs (v1, v2) and VNet flow logs (v4) from storage blobs or Event
 * Hubs, and the Traffic Analytics tables AzureNetworkAnalytics_CL and NTANetAnalytics.
 */
export class AzureNsgParser implements SourceParser<AzureNsgRow> {
  readonly id = 'azure-nsg';
  readonly tables = [ANALYTICS_TABLE, NTA_TABLE];

  createDecoder(): RawDecoder<AzureNsgRow> {
    return new FlowLogDecoder();
  }

  /** A JSON line holding a flow log record or a `{"records": [...]}` document. */
  claimsLine(line: string): boolean {
    return line.charCodeAt(0) === 123 /* { */ && line.includes('"flowTuples"');
  }

  fromTableRow(row: TableRow): AzureNsgRow | Skip {
    return fromFlowTable(row);
  }

  map(row: AzureNsgRow, ctx: StreamContext): NetworkSession {
    switch (row.kind) {
      case 'tuple':
        return needsOnlyLean(ctx.fields) ? mapTupleLean(row) : mapTuple(row);
      case 'analytics':
        return mapAnalytics(row, ctx.receivedAt);
      case 'nta':
        return mapNta(row, ctx.receivedAt);
    }
  }

  sniff(sample: SniffSample): number {
    // a container nested in the records array (Microsoft's v1 sample has one) counts by its own records
    if (sample.records) return share(sample.records, (r) => isFlowLogRecord(r) || (Array.isArray(r.records) && r.records.some((x) => typeof x === 'object' && x !== null && isFlowLogRecord(x as JsonObject)))) * 0.95;
    if (sample.rows) return share(sample.rows, (r) => flowTableOf(r) !== undefined) * 0.9;
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    return share(lines, (l) => this.claimsLine(l.trimStart())) * 0.9;
  }
}

const leanProjections = new WeakMap<ReadonlySet<string>, boolean>();

/** Whether a projection (StreamContext.fields) asks only for fields the lean tuple record has. */
function needsOnlyLean(fields: ReadonlySet<string> | undefined): boolean {
  if (fields === undefined) return false;
  let lean = leanProjections.get(fields);
  if (lean === undefined) {
    lean = [...fields].every((f) => LEAN_TUPLE_FIELDS.has(f));
    leanProjections.set(fields, lean);
  }
  return lean;
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let hits = 0;
  for (const it of items) if (test(it)) hits++;
  return hits / items.length;
}

const FLOW_CATEGORIES = new Set(['NetworkSecurityGroupFlowEvent', 'FlowLogFlowEvent']);

function isFlowLogRecord(r: JsonObject): boolean {
  if (typeof r.category === 'string' && FLOW_CATEGORIES.has(r.category)) return true;
  const props = r.properties;
  return (typeof props === 'object' && props !== null && 'flows' in props) || (typeof r.flowRecords === 'object' && r.flowRecords !== null);
}
