import { RecordRejected, type JsonObject, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import type { AzureNsgRow, FlowGroup, FlowLogKind } from './row.js';
import { parseFlowTuple } from './tuple.js';
import { normalizeMac, resourceIdParts } from './values.js';

/**
 * The raw form: NSG flow log (v1, v2) and VNet flow log (v4) records, as found in the `records`
 * of a storage blob (`PT1H.json`) or an Event Hub event. One record → one row per flow tuple.
 */

/** Diagnostic categories of the AzureNSG connector: rule events and counters, no flows. */
const NSG_RULE_CATEGORIES: Readonly<Record<string, string>> = {
  NetworkSecurityGroupEvent: 'NSG rule event (NetworkSecurityGroupEvent): no flow, no source address',
  NetworkSecurityGroupRuleCounter: 'NSG rule counter (NetworkSecurityGroupRuleCounter): no flow, no source address',
};

/** How many problems a rejection lists; the count covers them all. */
const DETAILS_KEPT = 3;
/** Nested `{"records": [...]}` documents (an artefact of Microsoft's v1 sample) are read this deep. */
const MAX_NESTING = 4;

/** Collects one record's outcome: good tuples go straight out, malformed ones are listed. */
class TupleTally {
  total = 0;
  bad = 0;
  readonly details: string[] = [];

  constructor(readonly out: RowOutput<AzureNsgRow>) {}

  problem(where: string, what: string): void {
    this.bad++;
    if (this.details.length < DETAILS_KEPT) this.details.push(`${where} ${what}`);
  }

  /** A rule, NIC or nested entry that holds no tuples where it should: counted as one malformed tuple. */
  broken(where: string, what: string): void {
    this.total++;
    this.problem(where, what);
  }
}

export class FlowLogDecoder implements RawDecoder<AzureNsgRow> {
  /** A JSON line: one record, or a whole `{"records": [...]}` document on one line. */
  decode(text: string, out: RowOutput<AzureNsgRow>): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
    }
    if (!isObject(value)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
    this.decodeRecord(value, out);
  }

  decodeRecord(record: JsonObject, out: RowOutput<AzureNsgRow>): void {
    const tally = new TupleTally(out);
    const skipReason = decodeAny(record, tally, 0);
    if (tally.bad > 0) {
      out.row({ kind: 'bad-tuples', bad: tally.bad, total: tally.total, details: tally.details });
    } else if (tally.total === 0) {
      out.skip(skipReason ?? 'no flow tuples in the record');
    }
  }
}

/** Decodes a record (or a nested records document); returns a skip reason when it holds no flows. */
function decodeAny(record: JsonObject, tally: TupleTally, depth: number): string | undefined {
  const nsgFlows = isObject(record.properties) ? record.properties.flows : undefined;
  if (nsgFlows !== undefined) return decodeNsgRecord(record, record.properties as JsonObject, tally);
  if (isObject(record.flowRecords)) return decodeVnetRecord(record, record.flowRecords, tally);
  const category = typeof record.category === 'string' ? record.category : undefined;
  if (category !== undefined && NSG_RULE_CATEGORIES[category]) return NSG_RULE_CATEGORIES[category];
  if (Array.isArray(record.records) && depth < MAX_NESTING) {
    let reason: string | undefined;
    record.records.forEach((nested, i) => {
      if (isObject(nested)) reason = decodeAny(nested, tally, depth + 1) ?? reason;
      else tally.broken(`records[${i}]`, 'is not an object');
    });
    return reason;
  }
  if (category === 'NetworkSecurityGroupFlowEvent' || category === 'FlowLogFlowEvent') {
    throw new RecordRejected('bad-record', `a ${category} record without ${category === 'FlowLogFlowEvent' ? 'flowRecords' : 'properties.flows'}`);
  }
  throw new RecordRejected(
    'not-a-flow-record',
    `neither an NSG flow log record (properties.flows) nor a VNet flow log record (flowRecords); keys: ${Object.keys(record).slice(0, 12).join(', ')}`,
  );
}

function decodeNsgRecord(record: JsonObject, properties: JsonObject, tally: TupleTally): string | undefined {
  const rules = properties.flows;
  if (!Array.isArray(rules)) throw new RecordRejected('bad-record', 'properties.flows is not an array');
  const version = typeof properties.Version === 'number' ? properties.Version : numberOrUndefined(properties.Version);
  const resourceId = stringOrUndefined(record.resourceId);
  // v2 records also name the NIC at the top (`macAddress`); the per-flow `mac` wins
  const recordMac = stringOrUndefined(record.macAddress);
  const additional: Record<string, unknown> = {};
  if (typeof record.systemId === 'string') additional.systemId = record.systemId;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const where = `properties.flows[${i}]`;
    if (!isObject(rule) || !Array.isArray(rule.flows)) {
      tally.broken(where, 'is not a rule with flows');
      continue;
    }
    for (let j = 0; j < rule.flows.length; j++) {
      const nic = rule.flows[j] as unknown;
      const at = `${where}.flows[${j}]`;
      if (!isObject(nic) || !Array.isArray(nic.flowTuples)) {
        tally.broken(at, 'has no flowTuples array');
        continue;
      }
      const group = flowGroup('nsg', version, resourceId, stringOrUndefined(rule.rule), stringOrUndefined(nic.mac) ?? recordMac, additional);
      decodeTuples(nic.flowTuples, group, `${at}.flowTuples`, tally);
    }
  }
  return undefined;
}

function decodeVnetRecord(record: JsonObject, flowRecords: JsonObject, tally: TupleTally): string | undefined {
  const acls = flowRecords.flows;
  if (!Array.isArray(acls)) throw new RecordRejected('bad-record', 'flowRecords.flows is not an array');
  const version = numberOrUndefined(record.flowLogVersion);
  const resourceId = stringOrUndefined(record.targetResourceID);
  const mac = stringOrUndefined(record.macAddress);
  const base: Record<string, unknown> = {};
  for (const key of ['flowLogGUID', 'flowLogResourceID'] as const) if (typeof record[key] === 'string') base[key] = record[key];
  for (let i = 0; i < acls.length; i++) {
    const acl = acls[i];
    const where = `flowRecords.flows[${i}]`;
    if (!isObject(acl) || !Array.isArray(acl.flowGroups)) {
      tally.broken(where, 'has no flowGroups array');
      continue;
    }
    const additional = typeof acl.aclID === 'string' ? { ...base, aclID: acl.aclID } : base;
    for (let j = 0; j < acl.flowGroups.length; j++) {
      const fg = acl.flowGroups[j] as unknown;
      const at = `${where}.flowGroups[${j}]`;
      if (!isObject(fg) || !Array.isArray(fg.flowTuples)) {
        tally.broken(at, 'has no flowTuples array');
        continue;
      }
      const group = flowGroup('vnet', version, resourceId, stringOrUndefined(fg.rule), mac, additional);
      decodeTuples(fg.flowTuples, group, `${at}.flowTuples`, tally);
    }
  }
  return undefined;
}

function decodeTuples(tuples: unknown[], group: FlowGroup, where: string, tally: TupleTally): void {
  const out = tally.out;
  for (let k = 0; k < tuples.length; k++) {
    tally.total++;
    const text = tuples[k];
    if (typeof text !== 'string') {
      tally.problem(`${where}[${k}]`, 'is not a string');
      continue;
    }
    const row = parseFlowTuple(text, group);
    if (typeof row === 'string') tally.problem(`${where}[${k}] "${text.length > 120 ? `${text.slice(0, 120)}...` : text}"`, row);
    else out.row(row);
  }
}

function flowGroup(
  log: FlowLogKind,
  version: number | undefined,
  resourceId: string | undefined,
  rule: string | undefined,
  macText: string | undefined,
  additional: Record<string, unknown>,
): FlowGroup {
  const parts = resourceId === undefined ? undefined : resourceIdParts(resourceId);
  const mac = macText === undefined ? undefined : normalizeMac(macText);
  return {
    log,
    version,
    resourceId,
    resourceName: parts?.name,
    subscriptionId: parts?.subscriptionId,
    rule,
    mac,
    badMac: mac === undefined ? macText : undefined,
    additional,
  };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function numberOrUndefined(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}
