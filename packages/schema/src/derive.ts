// Derived fields of ASIM NetworkSession 0.2.4 (spec §6): R6, R7 and the R15 aliases.
// applyAliases runs once per record on the hot path: plain property checks only.

import { isAbsent } from './field-index.js';
import type { NetworkSession } from './fields.generated.js';

/** DvcAction values that mean the session was blocked (R6, R7). */
export const FAILURE_ACTIONS = ['Deny', 'Drop', 'Drop ICMP', 'Reset', 'Reset Source', 'Reset Destination'] as const;

const FAILURE_ACTION_SET: ReadonlySet<string> = new Set(FAILURE_ACTIONS);

/** R6: EventResult when the source gives none. Any other DvcAction, or none, is a Success. */
export function eventResultFor(dvcAction?: string): 'Success' | 'Failure' {
  return dvcAction !== undefined && FAILURE_ACTION_SET.has(dvcAction) ? 'Failure' : 'Success';
}

/** R7: EventSeverity when the source gives none. */
export function eventSeverityFor(dvcAction?: string): 'Low' | 'Informational' {
  return dvcAction !== undefined && FAILURE_ACTION_SET.has(dvcAction) ? 'Low' : 'Informational';
}

/**
 * R15 aliases that copy a field: the first populated field of the list, in order of preference
 * (a one-element list is a plain copy). `Dvc` falls back to EventProduct for cloud sources.
 * Rule, Hostname, IpAddr and the Local/Remote aliases depend on other fields; see below.
 */
export const ALIAS_SOURCES: Readonly<Record<string, readonly string[]>> = {
  Dvc: ['DvcFQDN', 'DvcId', 'DvcHostname', 'DvcIpAddr', 'EventProduct'],
  Src: ['SrcDvcId', 'SrcHostname', 'SrcIpAddr'],
  Dst: ['DstDvcId', 'DstHostname', 'DstIpAddr'],
  User: ['DstUsername'],
  Process: ['DstProcessName'],
  Duration: ['NetworkDuration'],
  SessionId: ['NetworkSessionId'],
  InnerVlanId: ['SrcVlanId'],
  OuterVlanId: ['DstVlanId'],
  DvcInterface: ['DvcInboundInterface', 'DvcOutboundInterface'],
};

/**
 * The Src/Dst side a Local or Remote alias copies (§3.1): Inbound → Local = Dst, Remote = Src;
 * Outbound → Local = Src, Remote = Dst. Undefined for other directions, where the spec defines none.
 */
export function localRemoteSide(prefix: 'Local' | 'Remote', networkDirection: unknown): 'Src' | 'Dst' | undefined {
  if (networkDirection === 'Inbound') return prefix === 'Local' ? 'Dst' : 'Src';
  if (networkDirection === 'Outbound') return prefix === 'Local' ? 'Src' : 'Dst';
  return undefined;
}

/**
 * The Local/Remote aliases applyAliases fills for EndpointNetworkSession records: the identity of
 * each end ('' is the bare Local/Remote). Validators accept any Src/Dst suffix.
 */
export const LOCAL_REMOTE_SUFFIXES = [
  '', 'IpAddr', 'PortNumber', 'Hostname', 'Domain', 'DomainType', 'FQDN', 'DvcId', 'DvcIdType',
  'MacAddr', 'Zone', 'GeoCountry', 'GeoRegion', 'GeoCity', 'GeoLatitude', 'GeoLongitude',
  'UserId', 'UserIdType', 'Username', 'UsernameType', 'UserType',
  'AppName', 'AppId', 'AppType', 'ProcessName', 'ProcessId', 'ProcessGuid',
] as const;

const LOCAL_REMOTE_NAMES = LOCAL_REMOTE_SUFFIXES.map((s) => ({
  local: `Local${s}`, remote: `Remote${s}`, src: `Src${s}`, dst: `Dst${s}`,
}));

const ALIAS_ENTRIES = Object.entries(ALIAS_SOURCES);

function copyIfAbsent(r: Record<string, unknown>, alias: string, source: string): void {
  if (isAbsent(r[alias]) && !isAbsent(r[source])) r[alias] = r[source];
}

/**
 * Fills every absent R15 alias from the field it aliases, mutating and returning the record:
 * Dvc, Src, Dst, User, Process, Duration, SessionId, Rule, InnerVlanId, OuterVlanId, DvcInterface;
 * for EndpointNetworkSession the Local/Remote aliases (per NetworkDirection, for
 * LOCAL_REMOTE_SUFFIXES), then Hostname = RemoteHostname and IpAddr = LocalIpAddr; for other event
 * types Hostname = DstHostname and IpAddr = SrcIpAddr. Aliases already set are left alone.
 */
export function applyAliases(rec: NetworkSession): NetworkSession {
  const r = rec as unknown as Record<string, unknown>;
  for (const [alias, sources] of ALIAS_ENTRIES) {
    for (const source of sources) copyIfAbsent(r, alias, source);
  }
  if (isAbsent(rec.Rule)) {
    if (!isAbsent(rec.NetworkRuleName)) rec.Rule = rec.NetworkRuleName;
    else if (typeof rec.NetworkRuleNumber === 'number') rec.Rule = String(rec.NetworkRuleNumber);
  }
  if (rec.EventType === 'EndpointNetworkSession') {
    const localSide = localRemoteSide('Local', rec.NetworkDirection);
    if (localSide !== undefined) {
      const inbound = localSide === 'Dst';
      for (const n of LOCAL_REMOTE_NAMES) {
        copyIfAbsent(r, n.local, inbound ? n.dst : n.src);
        copyIfAbsent(r, n.remote, inbound ? n.src : n.dst);
      }
    }
    copyIfAbsent(r, 'Hostname', 'RemoteHostname');
    copyIfAbsent(r, 'IpAddr', 'LocalIpAddr');
  } else {
    copyIfAbsent(r, 'Hostname', 'DstHostname');
    copyIfAbsent(r, 'IpAddr', 'SrcIpAddr');
  }
  return rec;
}
