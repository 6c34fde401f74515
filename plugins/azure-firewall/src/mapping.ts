import { eventResultFor, eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import { cslProtocolKeyword, finishSession, ipVersion, isIpAddress, RecordRejected, sessionTime, setIf, Skip, skip } from '@asimkit/sdk';
import { APPLICATION_SKIP, APPLICATION_TABLE, LEGACY_APPLICATION, LEGACY_NETWORK, LEGACY_SKIPS, STRUCTURED_SKIPS } from './categories.js';
import { isIcmp, parseFirewallMessage, splitProtocol, type FirewallMessage } from './message.js';
import type { AzureFirewallRow, LegacyRow, StructuredRow } from './row.js';

export interface MappingOptions {
  /** Map application-rule logs too (Microsoft leaves them to its WebSession parser). */
  readonly applicationRules: boolean;
  /** Map alert-only IDPS / threat-intel records (Microsoft excludes them as duplicates). */
  readonly alerts: boolean;
}

/** `toupper(Action)` → DvcAction (spec §5.2). `ALERT` is handled apart: the traffic passed. */
export const DVC_ACTION = { ALLOW: 'Allow', DENY: 'Deny', DROP: 'Drop' } as const;

/** IDPS `Severity` (legacy `Priority`) → EventSeverity (spec §5.2). */
export const IDPS_SEVERITY = { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Informational' } as const;

/** Application-layer tokens in the protocol slot (application rules, threat intel): all over TCP. */
export const APPLICATION_PROTOCOLS = { HTTP: 'HTTP', HTTPS: 'HTTPS', MSSQL: 'MSSQL' } as const;

export const ALERT_SKIP =
  'alert-only IDPS / threat-intel record (the session itself is in the rule log); --opt azure-firewall.alerts=true maps it';

type Kind = 'network' | 'nat' | 'threat-intel' | 'idps' | 'application';

/** What one record says, whichever generation it comes from: the input of `toSession`. */
interface Facts {
  kind: Kind;
  /** The ASIM `Type`: AzureDiagnostics, or the AZFW table. */
  table: string;
  protocol?: string;
  icmpType?: number;
  src?: string;
  srcPort?: number;
  dst?: string;
  dstPort?: number;
  fqdn?: string;
  natDst?: string;
  natDstPort?: number;
  action?: string;
  reason?: string;
  rule?: string;
  policy?: string;
  ruleCollectionGroup?: string;
  ruleCollection?: string;
  threatId?: string;
  threatName?: string;
  threatCategory?: string;
  severity?: number;
  url?: string;
  webCategory?: string;
  isTlsInspected?: boolean;
  isExplicitProxyRequest?: boolean;
}

/** Maps one row to ASIM. See the plugin README for every decision and deviation. */
export function mapRow(row: AzureFirewallRow, options: MappingOptions, receivedAt: string): NetworkSession | Skip {
  const facts = row.kind === 'legacy' ? legacyFacts(row, options) : structuredFacts(row, options);
  return facts instanceof Skip ? facts : toSession(facts, row, options, receivedAt);
}

// --- legacy: the msg sentence ------------------------------------------------------------------

function legacyFacts(row: LegacyRow, options: MappingOptions): Facts | Skip {
  const category = row.Category;
  if (category !== LEGACY_NETWORK && category !== LEGACY_APPLICATION) {
    return skip(LEGACY_SKIPS[category] ?? `Azure Firewall ${category || 'uncategorised'} log, not a network session`);
  }
  if (row.msg === undefined) throw new RecordRejected('no-msg', `${category} record without msg text`);
  const m = parseFirewallMessage(row.msg);
  const kind = legacyKind(m, row);
  if (kind === 'application' && !options.applicationRules) return skip(APPLICATION_SKIP);
  const facts: Facts = {
    kind,
    table: 'AzureDiagnostics',
    protocol: m.protocol,
    src: m.src,
    action: m.action,
    reason: m.reason,
    rule: m.rule,
    policy: m.policy,
    ruleCollectionGroup: m.ruleCollectionGroup,
    ruleCollection: m.ruleCollection,
    url: m.url,
    webCategory: m.webCategory,
  };
  copyEndpoints(m, facts);
  if (kind === 'idps') {
    facts.threatId = m.signature;
    facts.threatName = m.ids;
    facts.threatCategory = m.classification;
    if (m.priority !== undefined && /^\d$/.test(m.priority)) facts.severity = Number(m.priority);
  } else if (kind === 'threat-intel') {
    facts.threatName = m.threatIntel;
  }
  return facts;
}

/** By what the sentence holds, then the operation name: Elastic's sample logs IDPS hits as NetworkRuleLog. */
function legacyKind(m: FirewallMessage, row: LegacyRow): Kind {
  const op = row.OperationName ?? '';
  if (m.natDst !== undefined) return 'nat';
  if (m.signature !== undefined || m.ids !== undefined || op === 'AzureFirewallIDSLog') return 'idps';
  if (m.threatIntel !== undefined || op === 'AzureFirewallThreatIntelLog') return 'threat-intel';
  return row.Category === LEGACY_APPLICATION ? 'application' : 'network';
}

function copyEndpoints(m: FirewallMessage, facts: Facts): void {
  if (m.icmpType !== undefined) facts.icmpType = m.icmpType;
  if (m.srcPort !== undefined) facts.srcPort = m.srcPort;
  if (m.dst !== undefined) facts.dst = m.dst;
  if (m.dstPort !== undefined) facts.dstPort = m.dstPort;
  if (m.natDst !== undefined) facts.natDst = m.natDst;
  if (m.natDstPort !== undefined) facts.natDstPort = m.natDstPort;
}

// --- resource-specific: typed columns ----------------------------------------------------------

const STRUCTURED_KIND: Readonly<Record<string, Kind>> = {
  AZFWNetworkRule: 'network',
  AZFWNatRule: 'nat',
  AZFWThreatIntel: 'threat-intel',
  AZFWIdpsSignature: 'idps',
  [APPLICATION_TABLE]: 'application',
};

function structuredFacts(row: StructuredRow, options: MappingOptions): Facts | Skip {
  const kind = STRUCTURED_KIND[row.Type];
  if (kind === undefined) return skip(STRUCTURED_SKIPS[row.Type] ?? `unknown Azure Firewall table ${row.Type}, not read`);
  if (kind === 'application' && !options.applicationRules) return skip(APPLICATION_SKIP);
  const facts: Facts = {
    kind,
    table: row.Type,
    src: row.SourceIp,
    srcPort: row.SourcePort,
    dst: row.DestinationIp,
    dstPort: row.DestinationPort,
    fqdn: row.Fqdn,
    natDst: row.TranslatedIp,
    natDstPort: row.TranslatedPort,
    action: row.Action,
    reason: row.ActionReason,
    rule: row.Rule,
    policy: row.Policy,
    ruleCollectionGroup: row.RuleCollectionGroup,
    ruleCollection: row.RuleCollection,
    threatId: row.SignatureId,
    threatName: row.Description ?? row.ThreatDescription,
    threatCategory: row.Category,
    severity: row.Severity,
    url: row.TargetUrl,
    webCategory: row.WebCategory,
    isTlsInspected: row.IsTlsInspected,
    isExplicitProxyRequest: row.IsExplicitProxyRequest,
  };
  if (row.Protocol !== undefined) {
    const p = splitProtocol(row.Protocol.trim());
    facts.protocol = p?.name ?? row.Protocol;
    if (p?.icmpType !== undefined) facts.icmpType = p.icmpType;
  }
  return facts;
}

// --- one session -------------------------------------------------------------------------------

function toSession(f: Facts, row: AzureFirewallRow, options: MappingOptions, receivedAt: string): NetworkSession | Skip {
  const upperAction = f.action?.toUpperCase();
  const alert = upperAction === 'ALERT';
  if (alert && !options.alerts) return skip(ALERT_SKIP);
  const known = DVC_ACTION[upperAction as keyof typeof DVC_ACTION];
  // NAT records carry no action: a DNAT'ed connection was let through (spec §5.1, §5.2)
  const action = alert ? 'Allow' : f.kind === 'nat' ? (known ?? 'Allow') : known;

  const additional: Record<string, unknown> = {};
  const time = row.time ?? sessionTime(undefined, undefined, receivedAt, additional).iso;
  const rec = {
    TimeGenerated: time,
    Type: f.table,
    EventVendor: 'Microsoft',
    EventProduct: 'Azure Firewall',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventResult: action === undefined ? 'NA' : eventResultFor(action),
    EventSeverity: severityOf(f, action),
  } as NetworkSession;
  setIf(rec, 'DvcAction', action);
  setIf(rec, 'DvcOriginalAction', f.action);
  setIf(rec, 'EventOriginalResultDetails', f.reason);
  if (f.severity !== undefined) rec.EventOriginalSeverity = String(f.severity);
  if (row.kind === 'legacy') {
    setIf(rec, 'EventOriginalType', row.OperationName ?? row.Category);
    setIf(rec, 'EventMessage', row.msg);
  }
  setIf(rec, 'EventUid', row._ItemId);

  setDevice(rec, row.ResourceId, row.SubscriptionId);
  setSource(rec, f);
  setDestination(rec, f, additional);
  setNat(rec, f);
  setProtocol(rec, f, additional);
  setRule(rec, f, additional);
  setIf(rec, 'ThreatId', f.threatId);
  setIf(rec, 'ThreatName', f.threatName);
  setIf(rec, 'ThreatCategory', f.threatCategory);
  setIf(rec, 'SrcPortNumber', f.srcPort);
  setIf(rec, 'DstPortNumber', f.dstPort);

  if (f.url !== undefined) additional.TargetUrl = f.url;
  if (f.webCategory !== undefined) additional.WebCategory = f.webCategory;
  if (f.isTlsInspected !== undefined) additional.IsTlsInspected = f.isTlsInspected;
  if (f.isExplicitProxyRequest !== undefined) additional.IsExplicitProxyRequest = f.isExplicitProxyRequest;
  return finishSession(rec, additional);
}

/** Threat intel: Medium (Microsoft); IDPS: its signature severity; else R7 from the action. */
function severityOf(f: Facts, action: string | undefined): NetworkSession['EventSeverity'] {
  if (f.kind === 'threat-intel') return 'Medium';
  const idps = f.severity === undefined ? undefined : IDPS_SEVERITY[f.severity as keyof typeof IDPS_SEVERITY];
  return idps ?? eventSeverityFor(action);
}

/** DvcId: the ARM id lower-cased, so legacy (upper-case) and resource-specific rows of one firewall agree. */
function setDevice(rec: NetworkSession, resourceId: string | undefined, subscriptionId: string | undefined): void {
  let subscription = subscriptionId;
  if (resourceId !== undefined) {
    const device = deviceOf(resourceId);
    rec.DvcId = device.id;
    rec.DvcIdType = 'AzureResourceId';
    setIf(rec, 'DvcHostname', device.hostname);
    subscription ??= device.subscription;
  }
  if (subscription !== undefined) rec.DvcSubscriptionId = subscription.toLowerCase();
}

interface Device {
  readonly id: string;
  readonly hostname?: string;
  readonly subscription?: string;
}

/** A stream holds a few firewalls: their ids are lower-cased and split once (bounded memo). */
const devices = new Map<string, Device>();

function deviceOf(resourceId: string): Device {
  let device = devices.get(resourceId);
  if (device === undefined) {
    const id = resourceId.toLowerCase();
    const name = id.slice(id.lastIndexOf('/') + 1);
    device = { id, hostname: HOSTNAME.test(name) ? name : undefined, subscription: /\/subscriptions\/([^/]+)/.exec(id)?.[1] };
    if (devices.size >= 1024) devices.clear();
    devices.set(resourceId, device);
  }
  return device;
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}\.?$)(?:\*\.)?[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function setSource(rec: NetworkSession, f: Facts): void {
  if (f.src === undefined) return;
  if (!isIpAddress(f.src)) throw new RecordRejected('bad-address', `source "${f.src}" is not an IP address`);
  rec.SrcIpAddr = f.src;
}

/**
 * An IP goes to DstIpAddr; a name (threat-intel and application-rule destinations, the `Fqdn`
 * column) to DstFQDN and DstDomain — never to DstIpAddr — with DstHostname when there is also an IP.
 */
function setDestination(rec: NetworkSession, f: Facts, additional: Record<string, unknown>): void {
  let fqdn = f.fqdn;
  if (f.dst !== undefined) {
    if (isIpAddress(f.dst)) rec.DstIpAddr = f.dst;
    else if (DNS_NAME.test(f.dst)) fqdn ??= f.dst;
    else throw new RecordRejected('bad-address', `destination "${f.dst}" is neither an IP address nor a host name`);
  }
  if (fqdn === undefined) return;
  if (!DNS_NAME.test(fqdn)) {
    additional.Fqdn = fqdn;
    return;
  }
  const name = fqdn.endsWith('.') ? fqdn.slice(0, -1) : fqdn;
  rec.DstFQDN = name;
  const dot = name.indexOf('.');
  if (dot > 0) {
    rec.DstDomain = name.slice(dot + 1);
    rec.DstDomainType = 'FQDN';
  }
  const host = dot > 0 ? name.slice(0, dot) : name;
  if (rec.DstIpAddr !== undefined && HOSTNAME.test(host)) rec.DstHostname = host;
}

/** DNAT: DstIpAddr is the firewall's public address the client used, DstNat* the translated target. */
function setNat(rec: NetworkSession, f: Facts): void {
  if (f.natDst === undefined) return;
  if (!isIpAddress(f.natDst)) throw new RecordRejected('bad-address', `DNAT target "${f.natDst}" is not an IP address`);
  rec.DstNatIpAddr = f.natDst;
  setIf(rec, 'DstNatPortNumber', f.natDstPort);
}

/**
 * IANA keyword (TCP, UDP, ICMP; IPv6-ICMP for ICMP between IPv6 addresses); HTTP/HTTPS/MSSQL →
 * TCP with NetworkApplicationProtocol. The ICMP type number goes to NetworkIcmpType (0.2.4).
 */
function setProtocol(rec: NetworkSession, f: Facts, additional: Record<string, unknown>): void {
  const version = ipVersion(rec.SrcIpAddr ?? rec.DstIpAddr);
  setIf(rec, 'NetworkProtocolVersion', version);
  if (f.protocol === undefined) return;
  const upper = f.protocol.toUpperCase();
  const application = APPLICATION_PROTOCOLS[upper as keyof typeof APPLICATION_PROTOCOLS];
  if (isIcmp(f.protocol)) {
    rec.NetworkProtocol = version === 'IPv6' || upper === 'ICMPV6' ? 'IPv6-ICMP' : 'ICMP';
    if (f.icmpType !== undefined) rec.NetworkIcmpType = String(f.icmpType);
  } else if (application !== undefined) {
    rec.NetworkProtocol = 'TCP';
    rec.NetworkApplicationProtocol = application;
  } else {
    const keyword = cslProtocolKeyword(f.protocol);
    if (keyword !== undefined) rec.NetworkProtocol = keyword;
    else additional.Protocol = f.protocol;
  }
}

function setRule(rec: NetworkSession, f: Facts, additional: Record<string, unknown>): void {
  setIf(rec, 'NetworkRuleName', f.rule);
  if (f.policy !== undefined) additional.Policy = f.policy;
  if (f.ruleCollectionGroup !== undefined) additional.RuleCollectionGroup = f.ruleCollectionGroup;
  if (f.ruleCollection !== undefined) additional.RuleCollection = f.ruleCollection;
}
