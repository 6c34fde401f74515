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

function copyIfAbsent(r: Record<string, unknown>, alias: string, source: string): void {
  if (isAbsent(r[alias]) && !isAbsent(r[source])) r[alias] = r[source];
}

/** The first populated value, or undefined. */
function firstOf(a: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown): unknown {
  if (!isAbsent(a)) return a;
  if (!isAbsent(b)) return b;
  if (!isAbsent(c)) return c;
  if (!isAbsent(d)) return d;
  return isAbsent(e) ? undefined : e;
}

/**
 * Fills every absent R15 alias from the field it aliases, mutating and returning the record:
 * Dvc, Src, Dst, User, Process, Duration, SessionId, Rule, InnerVlanId, OuterVlanId, DvcInterface;
 * for EndpointNetworkSession the Local/Remote aliases (per NetworkDirection, for
 * LOCAL_REMOTE_SUFFIXES), then Hostname = RemoteHostname and IpAddr = LocalIpAddr; for other event
 * types Hostname = DstHostname and IpAddr = SrcIpAddr. Aliases already set are left alone.
 *
 * Written with named property accesses (the order of ALIAS_SOURCES), not a loop over names: it
 * runs for every record, and computed-name lookups of absent properties cost ~30 µs a record.
 */
export function applyAliases(rec: NetworkSession): NetworkSession {
  const r = rec as unknown as Record<string, unknown> & NetworkSession;
  let v: unknown;
  if (isAbsent(r.Dvc) && (v = firstOf(r.DvcFQDN, r.DvcId, r.DvcHostname, r.DvcIpAddr, r.EventProduct)) !== undefined) r.Dvc = v as string;
  if (isAbsent(r.Src) && (v = firstOf(r.SrcDvcId, r.SrcHostname, r.SrcIpAddr)) !== undefined) r.Src = v as string;
  if (isAbsent(r.Dst) && (v = firstOf(r.DstDvcId, r.DstHostname, r.DstIpAddr)) !== undefined) r.Dst = v as string;
  if (isAbsent(r.User) && !isAbsent(r.DstUsername)) r.User = r.DstUsername;
  if (isAbsent(r.Process) && !isAbsent(r.DstProcessName)) r.Process = r.DstProcessName;
  if (isAbsent(r.Duration) && !isAbsent(r.NetworkDuration)) r.Duration = r.NetworkDuration;
  if (isAbsent(r.SessionId) && !isAbsent(r.NetworkSessionId)) r.SessionId = r.NetworkSessionId;
  if (isAbsent(r.InnerVlanId) && !isAbsent(r.SrcVlanId)) r.InnerVlanId = r.SrcVlanId;
  if (isAbsent(r.OuterVlanId) && !isAbsent(r.DstVlanId)) r.OuterVlanId = r.DstVlanId;
  if (isAbsent(r.DvcInterface) && (v = firstOf(r.DvcInboundInterface, r.DvcOutboundInterface)) !== undefined) r.DvcInterface = v as string;
  if (isAbsent(r.Rule)) {
    if (!isAbsent(r.NetworkRuleName)) r.Rule = r.NetworkRuleName;
    else if (typeof r.NetworkRuleNumber === 'number') r.Rule = String(r.NetworkRuleNumber);
  }
  if (r.EventType === 'EndpointNetworkSession') {
    const localSide = localRemoteSide('Local', r.NetworkDirection);
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
    if (isAbsent(r.Hostname) && !isAbsent(r.DstHostname)) r.Hostname = r.DstHostname;
    if (isAbsent(r.IpAddr) && !isAbsent(r.SrcIpAddr)) r.IpAddr = r.SrcIpAddr;
  }
  return rec;
}
