// The filtering parameters of Sentinel's `_Im_NetworkSession` / `vimNetworkSession*` parsers (ASIM
// spec §7), as one predicate over emitted records, and over the detector's fast-path keys where
// those decide.
import type { DetectorKey } from './detector-key.js';
import type { NetworkSession } from './fields.generated.js';
import { has, tokenize, type Terms } from './kql-has.js';

/** The parameters, with Microsoft's names; absent or empty = no filter. Plain data (it crosses to worker threads). */
export interface AsimFilterParameters {
  /** Keep TimeGenerated ≥ starttime (ISO-8601). */
  readonly starttime?: string;
  /** Keep TimeGenerated ≤ endtime (ISO-8601). */
  readonly endtime?: string;
  readonly srcipaddr_has_any_prefix?: readonly string[];
  readonly dstipaddr_has_any_prefix?: readonly string[];
  /** Either address; sets ASimMatchingIpAddr. */
  readonly ipaddr_has_any_prefix?: readonly string[];
  readonly dstportnumber?: number;
  /** SrcHostname or DstHostname `has` a value; sets ASimMatchingHostname. */
  readonly hostname_has_any?: readonly string[];
  /** DvcAction is one of these (case-sensitive, as KQL `in`). */
  readonly dvcaction?: readonly string[];
  /** EventResult equals it; `*` = any. */
  readonly eventresult?: string;
}

/** The parameter names, for messages and flags. */
export const FILTER_PARAMETERS = [
  'starttime',
  'endtime',
  'srcipaddr_has_any_prefix',
  'dstipaddr_has_any_prefix',
  'ipaddr_has_any_prefix',
  'dstportnumber',
  'hostname_has_any',
  'dvcaction',
  'eventresult',
] as const;

/** Microsoft's limit on list parameters. */
const MAX_LIST = 10_000;

export interface SessionFilter {
  /** Whether the record passes; sets ASimMatchingIpAddr / ASimMatchingHostname when those filters apply. */
  keep(rec: NetworkSession): boolean;
  /**
   * The same decision on a detector key, defined only when every parameter in use reads a counted
   * field (time, port, action): otherwise the full record is needed.
   */
  readonly keepKey?: (key: Readonly<DetectorKey>) => boolean;
  /** The ASIM fields the filter reads (a projection must include them). */
  readonly fields: readonly string[];
  /** The skip reason of a record it drops. */
  readonly reason: string;
}

/**
 * The filter of the given parameters, or undefined when none is set. Throws an Error whose message
 * names the bad parameter (a bad time, a list over 10,000 items, a prefix that is no IP prefix).
 */
export function compileSessionFilter(p: AsimFilterParameters): SessionFilter | undefined {
  const start = p.starttime === undefined ? undefined : instant('starttime', p.starttime);
  const end = p.endtime === undefined ? undefined : instant('endtime', p.endtime);
  const src = prefixes('srcipaddr_has_any_prefix', p.srcipaddr_has_any_prefix);
  const dst = prefixes('dstipaddr_has_any_prefix', p.dstipaddr_has_any_prefix);
  const either = prefixes('ipaddr_has_any_prefix', p.ipaddr_has_any_prefix);
  const hosts = list('hostname_has_any', p.hostname_has_any)?.map(tokenize);
  const actions = list('dvcaction', p.dvcaction);
  const actionSet = actions && new Set(actions);
  const port = p.dstportnumber;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`dstportnumber must be a port number (0-65535), not ${String(port)}`);
  const result = p.eventresult === undefined || p.eventresult === '*' ? undefined : p.eventresult;

  const used = [start, end, src, dst, either, hosts, actionSet, port, result].some((x) => x !== undefined);
  if (!used) return undefined;

  const timeOk = (ms: number) => (start === undefined || ms >= start) && (end === undefined || ms <= end);
  const fields = new Set<string>(['TimeGenerated']);
  if (src || either) fields.add('SrcIpAddr');
  if (dst || either) fields.add('DstIpAddr');
  if (hosts) fields.add('SrcHostname').add('DstHostname');
  if (actionSet) fields.add('DvcAction');
  if (port !== undefined) fields.add('DstPortNumber');
  if (result) fields.add('EventResult');
  const onKeys = !src && !dst && !either && !hosts && !result;

  return {
    reason: 'filtered out by the ASIM filter parameters',
    fields: [...fields],
    keepKey: onKeys ? (key) => timeOk(key.timeMs) && (port === undefined || key.DstPortNumber === port) && (!actionSet || actionSet.has(key.DvcAction)) : undefined,
    keep(rec) {
      const r = rec as unknown as Record<string, unknown>;
      if ((start !== undefined || end !== undefined) && !timeOk(Date.parse(rec.TimeGenerated))) return false;
      if (port !== undefined && rec.DstPortNumber !== port) return false;
      if (actionSet && !actionSet.has(rec.DvcAction ?? '')) return false;
      if (result && rec.EventResult !== result) return false;
      if (src && !matchesAny(rec.SrcIpAddr, src)) return false;
      if (dst && !matchesAny(rec.DstIpAddr, dst)) return false;
      if (either) {
        const s = matchesAny(rec.SrcIpAddr, either);
        const d = matchesAny(rec.DstIpAddr, either);
        if (!s && !d) return false;
        r.ASimMatchingIpAddr = s && d ? 'Both' : s ? 'SrcIpAddr' : 'DstIpAddr';
      }
      if (hosts) {
        const s = hasAny(rec.SrcHostname, hosts);
        const d = hasAny(rec.DstHostname, hosts);
        if (!s && !d) return false;
        r.ASimMatchingHostname = s && d ? 'Both' : s ? 'SrcHostname' : 'DstHostname';
      }
      return true;
    },
  };
}

function instant(name: string, text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(text) || Number.isNaN(ms)) throw new Error(`${name} must be an ISO-8601 date-time such as 2024-05-01T12:00:00Z, not "${text}"`);
  return ms;
}

function list(name: string, values: readonly string[] | undefined): readonly string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > MAX_LIST) throw new Error(`${name} holds ${values.length} values; Microsoft's parsers take at most ${MAX_LIST}`);
  return values;
}

/**
 * An IP prefix, as `has_any_ipv4_prefix` reads it: whole octets — `10.`, `10.1.`, `10.1.2.`, or a
 * complete address; `10.1` is read as `10.1.` (the octet boundary KQL requires). IPv6 prefixes
 * (which Microsoft's IPv4-only test never matches) match by case-insensitive text prefix.
 */
interface Prefix {
  readonly text: string;
  readonly whole: boolean;
}

function prefixes(name: string, values: readonly string[] | undefined): readonly Prefix[] | undefined {
  const items = list(name, values);
  if (items === undefined) return undefined;
  return items.map((v) => {
    const t = v.trim().toLowerCase();
    if (t.includes(':')) return { text: t, whole: false };
    if (!/^\d{1,3}(\.\d{1,3}){0,3}\.?$/.test(t) || t.split('.').some((o) => o !== '' && Number(o) > 255)) {
      throw new Error(`${name}: "${v}" is not an IPv4 prefix of whole octets (e.g. 10.1.) nor an IPv6 prefix`);
    }
    const octets = t.replace(/\.$/, '').split('.').length;
    if (octets === 4 && !t.endsWith('.')) return { text: t, whole: true };
    return { text: t.endsWith('.') ? t : `${t}.`, whole: false };
  });
}

function matchesAny(addr: string | undefined, list: readonly Prefix[]): boolean {
  if (addr === undefined || addr === '') return false;
  const a = addr.includes(':') ? addr.toLowerCase() : addr;
  for (const p of list) if (p.whole ? a === p.text : a.startsWith(p.text)) return true;
  return false;
}

function hasAny(name: string | undefined, values: readonly Terms[]): boolean {
  if (name === undefined || name === '') return false;
  const terms = tokenize(name);
  for (const v of values) if (has(terms, v)) return true;
  return false;
}
