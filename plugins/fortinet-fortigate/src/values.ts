import { isIP } from 'node:net';
import { IANA_PROTOCOL_NAMES, ianaProtocolName } from '@asimkit/schema';

const PROTOCOL_BY_NAME: ReadonlyMap<string, string> = new Map([...IANA_PROTOCOL_NAMES].map((name) => [name.toLowerCase(), name]));

/**
 * ASIM NetworkProtocol for a CommonSecurityLog `Protocol` value: an IANA number (`6`, Check Point
 * and FortiGate send numbers) → its keyword, unassigned numbers → `Unassigned` (R9); a keyword in
 * any case (`tcp`, `TCP`) → its IANA spelling; anything else → undefined.
 */
export function networkProtocol(protocol: string | undefined): string | undefined {
  if (protocol === undefined) return undefined;
  const p = protocol.trim();
  if (p === '') return undefined;
  if (/^\d{1,3}$/.test(p)) return Number(p) <= 255 ? (ianaProtocolName(Number(p)) ?? 'Unassigned') : undefined;
  return PROTOCOL_BY_NAME.get(p.toLowerCase());
}

/** The ASIM UsernameType of a username: `user@domain` UPN, `DOMAIN\user` Windows, `CN=...` DN, else Simple. */
export function usernameType(name: string): 'UPN' | 'Windows' | 'DN' | 'Simple' {
  if (name.includes('\\')) return 'Windows';
  if (/^[^@\s]+@[^@\s]+$/.test(name)) return 'UPN';
  if (/^(cn|uid|ou|dc)=[^,]+,/i.test(name)) return 'DN';
  return 'Simple';
}

export function isIpAddress(s: string | undefined): s is string {
  return s !== undefined && isIP(s) !== 0;
}

/** IPv6 when the address has a colon, IPv4 when it has a dot. */
export function ipVersion(addr: string | undefined): 'IPv4' | 'IPv6' | undefined {
  if (addr === undefined) return undefined;
  if (addr.includes(':')) return 'IPv6';
  return addr.includes('.') ? 'IPv4' : undefined;
}

/** Case-insensitive equality of a label with the expected text (labels are data, spec §3.3). */
export function labelIs(label: string | undefined, expected: string): boolean {
  return label !== undefined && label.trim().toLowerCase() === expected.toLowerCase();
}

/** `''` and absent alike are "no value" (KQL isempty). */
export function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
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
