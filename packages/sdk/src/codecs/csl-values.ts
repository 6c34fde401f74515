import { isIP } from 'node:net';
import { IANA_PROTOCOL_NAMES, ianaProtocolName, type NetworkSession } from '@asimkit/schema';
import { cefTimestampMs } from './cef.js';
import { intValue, type CommonSecurityLogRow } from './common-security-log.js';
import type { SyslogTimeOptions } from './syslog.js';

// Value helpers for mapping CommonSecurityLog rows (CEF, or a vendor's native syslog decoded into
// the same row shape) to ASIM. Each is what two or more CEF-family plugins had written alike; the
// value maps and per-field rules stay in the plugins. On the hot path: nothing allocated but results.

const PROTOCOL_BY_UPPER: ReadonlyMap<string, string> = new Map([...IANA_PROTOCOL_NAMES].map((name) => [name.toUpperCase(), name]));
const PROTOCOL_BY_LOWER: ReadonlyMap<string, string> = new Map([...IANA_PROTOCOL_NAMES].map((name) => [name.toLowerCase(), name]));

/**
 * The CSL `Protocol` column (a name like `tcp`/`IPV6-ICMP` or an IANA number like `6`) → the IANA
 * keyword ASIM wants (`TCP`, `IPv6-ICMP`); numbers without a keyword → `Unassigned`; other names
 * upper-cased (Microsoft's `toupper`). Undefined for empty input. See `cslProtocolKeyword` for the
 * strict variant.
 */
export function cslNetworkProtocol(protocol: string | undefined): string | undefined {
  if (protocol === undefined || protocol === '') return undefined;
  const n = intValue(protocol);
  if (!Number.isNaN(n)) return ianaProtocolName(n) ?? 'Unassigned';
  const upper = protocol.toUpperCase();
  return PROTOCOL_BY_UPPER.get(upper) ?? upper;
}

/**
 * The strict variant of `cslNetworkProtocol`, for mappings that keep an unknown value elsewhere
 * (e.g. in AdditionalFields): the value is trimmed; an IANA number 0–255 (`6`, Check Point and
 * FortiGate send numbers) → its keyword, unassigned numbers → `Unassigned` (R9); a keyword in any
 * case (`tcp`, `TCP`) → its IANA spelling; anything else (names IANA does not know, numbers above
 * 255) → undefined.
 */
export function cslProtocolKeyword(protocol: string | undefined): string | undefined {
  if (protocol === undefined) return undefined;
  const p = protocol.trim();
  if (p === '') return undefined;
  if (/^\d{1,3}$/.test(p)) return Number(p) <= 255 ? (ianaProtocolName(Number(p)) ?? 'Unassigned') : undefined;
  return PROTOCOL_BY_LOWER.get(p.toLowerCase());
}

/** `''` and absent alike are "no value" (KQL isempty). */
export function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/** A decimal integer (`intValue`), or undefined when empty or not one. */
export function optionalInt(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = intValue(s);
  return Number.isNaN(n) ? undefined : n;
}

/** Whether the text is an IPv4 or IPv6 address. */
export function isIpAddress(s: string | undefined): s is string {
  return s !== undefined && isIP(s) !== 0;
}

/** IPv6 when the address has a colon (before looking for a dot: `::ffff:1.2.3.4` is IPv6), IPv4 when it has a dot. */
export function ipVersion(addr: string | undefined): 'IPv4' | 'IPv6' | undefined {
  if (addr === undefined) return undefined;
  if (addr.includes(':')) return 'IPv6';
  return addr.includes('.') ? 'IPv4' : undefined;
}

/**
 * The ASIM UsernameType of a username: `DOMAIN\user` Windows, `user@domain` UPN, `CN=...,` DN,
 * else Simple.
 */
export function usernameType(name: string): 'UPN' | 'Windows' | 'DN' | 'Simple' {
  if (name.includes('\\')) return 'Windows';
  if (/^[^@\s]+@[^@\s]+$/.test(name)) return 'UPN';
  if (/^(cn|uid|ou|dc)=[^,]+,/i.test(name)) return 'DN';
  return 'Simple';
}

/** Case-insensitive equality of a custom-field label with the expected text (labels are data, spec §3.3). */
export function labelIs(label: string | undefined, expected: string): boolean {
  return label !== undefined && label.trim().toLowerCase() === expected.toLowerCase();
}

/**
 * Custom number `cnN` (FieldDeviceCustomNumberN, else the legacy DeviceCustomNumberN) when its label
 * (DeviceCustomNumberNLabel) is `expected` (`labelIs`); else undefined.
 */
export function labelledCustomNumber(row: CommonSecurityLogRow, n: 1 | 2 | 3, expected: string): number | undefined {
  const r = row as Record<string, unknown>;
  if (!labelIs(r[`DeviceCustomNumber${n}Label`] as string | undefined, expected)) return undefined;
  const v = (r[`FieldDeviceCustomNumber${n}`] ?? r[`DeviceCustomNumber${n}`]) as number | undefined;
  return typeof v === 'number' ? v : undefined;
}

/** KQL `has`: `term` is a whole term of `text` (terms split on non-alphanumerics), case-insensitive. */
export function hasTerm(text: string | undefined, term: string): boolean {
  if (text === undefined || text === '') return false;
  const t = term.toLowerCase();
  const s = text.toLowerCase();
  let i = s.indexOf(t);
  while (i >= 0) {
    const before = i === 0 ? '' : s[i - 1]!;
    const after = s[i + t.length] ?? '';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    i = s.indexOf(t, i + 1);
  }
  return false;
}

/**
 * Epoch ms of a text time from a row (CEF date, epoch s/ms, ISO: `cefTimestampMs`). Empty text and
 * unexpanded template placeholders (`$time_generated`) are no time.
 */
export function cslTextTimeMs(text: string | undefined, time: SyslogTimeOptions): number | undefined {
  if (text === undefined || text === '' || text.charCodeAt(0) === 36 /* $ */) return undefined;
  return cefTimestampMs(text, time);
}

/**
 * The device fields from a device or syslog host name: an IP address → DvcIpAddr; else DvcHostname,
 * and when the name has a dot (after its first character), split like Microsoft does on the first
 * `.`: DvcHostname, DvcDomain, DvcDomainType `FQDN`, DvcFQDN. Nothing for undefined.
 */
export function setDvcFromName(rec: NetworkSession, name: string | undefined): void {
  if (name === undefined) return;
  if (isIP(name) !== 0) {
    rec.DvcIpAddr = name;
    return;
  }
  const dot = name.indexOf('.');
  if (dot <= 0) {
    rec.DvcHostname = name;
    return;
  }
  rec.DvcHostname = name.slice(0, dot);
  rec.DvcDomain = name.slice(dot + 1);
  rec.DvcDomainType = 'FQDN';
  rec.DvcFQDN = name;
}

/**
 * Src/DstNatIpAddr and their ports from the CSL translated columns, where `0.0.0.0` and port `0`
 * are "no translation" placeholders and a port without an address is dropped too (Check Point,
 * FortiGate; PAN-OS and Zscaler have rules of their own).
 */
export function setTranslatedAddresses(rec: NetworkSession, row: CommonSecurityLogRow): void {
  const srcNat = nonEmpty(row.SourceTranslatedAddress);
  const dstNat = nonEmpty(row.DestinationTranslatedAddress);
  if (srcNat !== undefined && srcNat !== '0.0.0.0') {
    rec.SrcNatIpAddr = srcNat;
    if (row.SourceTranslatedPort !== undefined && row.SourceTranslatedPort !== 0) rec.SrcNatPortNumber = row.SourceTranslatedPort;
  }
  if (dstNat !== undefined && dstNat !== '0.0.0.0') {
    rec.DstNatIpAddr = dstNat;
    if (row.DestinationTranslatedPort !== undefined && row.DestinationTranslatedPort !== 0) rec.DstNatPortNumber = row.DestinationTranslatedPort;
  }
}
