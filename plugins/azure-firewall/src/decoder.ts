import { RecordRejected, type JsonObject, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import { isFirewallResourceId, isLegacyCategory, isStructuredCategory } from './categories.js';
import type { AzureFirewallRow, LegacyRow, StructuredRow } from './row.js';
import { azureTime, readStructuredColumns, textValue } from './values.js';

/**
 * Raw Azure Monitor resource-log records (spec §2): `{"time", "resourceId", "category",
 * "operationName", "properties": {...}}`, one element of a `{"records": [...]}` blob or Event Hub
 * batch. Legacy categories keep `properties.msg`; resource-specific ones (`AZFW…`) their typed
 * properties. Records of other resources are skipped with what they are.
 */
export class AzureFirewallRecordDecoder implements RawDecoder<AzureFirewallRow> {
  decodeRecord(record: JsonObject, out: RowOutput<AzureFirewallRow>): void {
    const category = textValue(record.category ?? record.Category);
    const resourceId = textValue(record.resourceId ?? record.ResourceId);
    if (category === undefined || !(isStructuredCategory(category) || isLegacyCategory(category))) {
      if (isFirewallResourceId(resourceId)) return out.skip(`Azure Firewall record without a known category (${category ?? 'none'})`);
      return out.skip(`not an Azure Firewall record (category ${category ?? 'none'}${resourceId ? `, resource ${resourceType(resourceId)}` : ''})`);
    }
    const properties = record.properties ?? record.Properties;
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
      throw new RecordRejected('no-properties', `${category} record without a "properties" object`);
    }
    const props = properties as JsonObject;
    const time = azureTime(record.time ?? record.Time ?? record.timeStamp, 'time');
    if (isLegacyCategory(category)) {
      const row: LegacyRow = { kind: 'legacy', Category: category };
      if (time !== undefined) row.time = time;
      if (resourceId !== undefined) row.ResourceId = resourceId;
      const op = textValue(record.operationName ?? record.OperationName);
      if (op !== undefined) row.OperationName = op;
      const msg = textValue(props.msg);
      if (msg !== undefined) row.msg = msg;
      return out.row(row);
    }
    const row: StructuredRow = { kind: 'structured', Type: category };
    if (time !== undefined) row.time = time;
    if (resourceId !== undefined) row.ResourceId = resourceId;
    readStructuredColumns(props, row);
    // raw threat-intel records name the URL `Url`; the table column is `TargetUrl`
    if (row.TargetUrl === undefined) {
      const url = textValue(props.Url);
      if (url !== undefined) row.TargetUrl = url;
    }
    out.row(row);
  }

  /** A raw line: one JSON record, or a whole `{"records": [...]}` document on one line. */
  decode(text: string, out: RowOutput<AzureFirewallRow>): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
    }
    if (!isObject(value)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
    const records = value.records;
    if (!Array.isArray(records)) return this.decodeRecord(value, out);
    for (const r of records) {
      if (!isObject(r)) throw new RecordRejected('not-an-object', 'an element of "records" is not an object');
      this.decodeRecord(r, out);
    }
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `MICROSOFT.NETWORK/NETWORKSECURITYGROUPS` from an ARM id, for skip reasons. */
function resourceType(id: string): string {
  const m = /\/providers\/([^/]+\/[^/]+)/i.exec(id);
  return m ? m[1]! : 'unknown';
}
