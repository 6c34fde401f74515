// Rules that link fields (spec §6): aliases (R15), companion fields (R14), and R1, R3, R4, R12,
// R16. One implementation, called by the fast validator and by the zod schema's superRefine.
// Values are compared raw (===): a wrongly typed value is reported by the type check, and also
// here if it breaks a rule.

import { ALIAS_SOURCES, localRemoteSide } from './derive.js';
import { isAbsent, LOCAL_REMOTE_ALIASES } from './field-index.js';
import { FIELDS } from './fields.generated.js';
import { EVENT_SCHEMA, SCHEMA_VERSION } from './vocabularies.js';
import { violation, type Violation } from './violation.js';

type Rec = Readonly<Record<string, unknown>>;

/** R14, from the CSV: "required if X is populated" / "required if X or Y is populated". */
const COMPANIONS = FIELDS.flatMap((f) => {
  const m = /^required if (.+) is populated$/.exec(f.aliasOfOrCondition ?? '');
  return m ? [{ field: f.name, when: m[1].split(' or ') }] : [];
});

/** R12, from the CSV: "must be populated when X is populated" (SrcIpAddr, DstIpAddr). */
const PAIRINGS = FIELDS.flatMap((f) => {
  const m = /^must be populated when (\w+) is populated$/.exec(f.aliasOfOrCondition ?? '');
  return m ? [{ field: f.name, when: m[1] }] : [];
});

interface AliasSpec {
  readonly alias: string;
  readonly sources: readonly string[];
  readonly describe: string;
}

const ALIASES: readonly AliasSpec[] = Object.entries(ALIAS_SOURCES).map(([alias, sources]) => ({
  alias,
  sources,
  describe: sources.length > 1 ? `one of ${sources.join(', ')}` : sources[0],
}));

/** R16: totals that should equal the sum of the two directions. */
const TOTALS = [
  { total: 'NetworkBytes', parts: ['SrcBytes', 'DstBytes'] },
  { total: 'NetworkPackets', parts: ['SrcPackets', 'DstPackets'] },
] as const;

export function checkCrossFieldRules(rec: Rec, out: Violation[]): void {
  checkRecordRules(rec, out);
  checkCompanions(rec, out);
  checkAliases(rec, out);
  checkLocalRemoteAliases(rec, out);
}

function checkRecordRules(rec: Rec, out: Violation[]): void {
  // R1
  if (!isAbsent(rec.EventSchema) && rec.EventSchema !== EVENT_SCHEMA) {
    out.push(violation('EventSchema', 'rule', 'error', `R1: EventSchema must be "${EVENT_SCHEMA}"`));
  }
  if (!isAbsent(rec.EventSchemaVersion) && rec.EventSchemaVersion !== SCHEMA_VERSION) {
    out.push(violation('EventSchemaVersion', 'rule', 'error', `R1: EventSchemaVersion must be "${SCHEMA_VERSION}"`));
  }
  // R3
  if (typeof rec.EventCount === 'number' && rec.EventCount < 1) {
    out.push(violation('EventCount', 'rule', 'error', 'R3: EventCount must be at least 1'));
  }
  // R4
  if (rec.EventType === 'Flow' && !isAbsent(rec.EventSubType)) {
    out.push(violation('EventSubType', 'rule', 'error', 'R4: EventSubType must be empty for Flow records'));
  }
  // R11: the CSV merges the two direction lists; External and Listen each belong to one context.
  if (rec.NetworkDirection === 'Listen' && !isAbsent(rec.EventType) && rec.EventType !== 'EndpointNetworkSession') {
    out.push(violation('NetworkDirection', 'allowed', 'warning', 'R11: Listen applies only to EndpointNetworkSession'));
  }
  if (rec.NetworkDirection === 'External' && rec.EventType === 'EndpointNetworkSession') {
    out.push(violation('NetworkDirection', 'allowed', 'warning', 'R11: External does not apply to EndpointNetworkSession'));
  }
  // R12
  for (const p of PAIRINGS) {
    if (!isAbsent(rec[p.when]) && isAbsent(rec[p.field])) {
      out.push(violation(p.field, 'rule', 'error', `R12: ${p.field} must be set when ${p.when} is set`));
    }
  }
  // R16
  for (const t of TOTALS) {
    const total = rec[t.total];
    const a = rec[t.parts[0]];
    const b = rec[t.parts[1]];
    if (typeof total === 'number' && typeof a === 'number' && typeof b === 'number' && total !== a + b) {
      out.push(violation(t.total, 'rule', 'warning', `R16: ${t.total} should equal ${t.parts[0]} + ${t.parts[1]}`));
    }
  }
}

function checkCompanions(rec: Rec, out: Violation[]): void {
  for (const c of COMPANIONS) {
    if (!isAbsent(rec[c.field])) continue;
    for (const w of c.when) {
      if (!isAbsent(rec[w])) {
        out.push(violation(c.field, 'conditional', 'error', `R14: ${c.field} is required when ${w} is set`));
        break;
      }
    }
  }
}

/** An alias must equal one of its sources' values; an alias of nothing is broken too. */
function checkAlias(rec: Rec, a: AliasSpec, out: Violation[]): void {
  const value = rec[a.alias];
  if (isAbsent(value)) return;
  for (const source of a.sources) if (rec[source] === value) return;
  out.push(violation(a.alias, 'alias', 'error', `R15: ${a.alias} must equal ${a.describe}`));
}

function checkAliasValue(rec: Rec, alias: string, expected: unknown, describe: string, out: Violation[]): void {
  const value = rec[alias];
  if (isAbsent(value) || value === expected) return;
  out.push(violation(alias, 'alias', 'error', `R15: ${alias} must equal ${describe}`));
}

function checkAliases(rec: Rec, out: Violation[]): void {
  for (const a of ALIASES) checkAlias(rec, a, out);
  const rule = rec.Rule;
  const ruleNumber = typeof rec.NetworkRuleNumber === 'number' ? String(rec.NetworkRuleNumber) : undefined;
  if (!isAbsent(rule) && rule !== rec.NetworkRuleName && rule !== ruleNumber) {
    out.push(violation('Rule', 'alias', 'error', 'R15: Rule must equal NetworkRuleName or String(NetworkRuleNumber)'));
  }
  if (rec.EventType === 'EndpointNetworkSession') {
    checkAliasValue(rec, 'Hostname', endpointValue(rec, 'Remote', 'Hostname'), 'RemoteHostname (EndpointNetworkSession)', out);
    checkAliasValue(rec, 'IpAddr', endpointValue(rec, 'Local', 'IpAddr'), 'LocalIpAddr (EndpointNetworkSession)', out);
  } else {
    checkAliasValue(rec, 'Hostname', rec.DstHostname, 'DstHostname', out);
    checkAliasValue(rec, 'IpAddr', rec.SrcIpAddr, 'SrcIpAddr', out);
  }
}

/** Local<suffix> or Remote<suffix>: the alias itself when set, else the Src/Dst field it stands for. */
function endpointValue(rec: Rec, prefix: 'Local' | 'Remote', suffix: string): unknown {
  const own = rec[prefix + suffix];
  if (!isAbsent(own)) return own;
  const side = localRemoteSide(prefix, rec.NetworkDirection);
  return side === undefined ? undefined : rec[side + suffix];
}

function checkLocalRemoteAliases(rec: Rec, out: Violation[]): void {
  const direction = rec.NetworkDirection;
  if (direction !== 'Inbound' && direction !== 'Outbound') return; // the spec defines Local/Remote for these only
  for (const key of Object.keys(rec)) {
    const alias = LOCAL_REMOTE_ALIASES.get(key);
    if (alias === undefined) continue;
    const side = localRemoteSide(alias.prefix, direction)!;
    checkAliasValue(rec, key, rec[side + alias.suffix], `${side}${alias.suffix} when NetworkDirection is ${direction}`, out);
  }
}
