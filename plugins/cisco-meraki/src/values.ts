import { cslProtocolKeyword, isIpAddress } from '@asimkit/sdk';

/**
 * A value map as a prototype-less object: a log's word is looked up as a key, and `constructor` or
 * `__proto__` must find nothing.
 */
export function valueMap<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Meraki protocol words (flows, firewall, IDS `tcp/ip`) → IANA keyword (spec §5.1; `icmp6` is IANA's IPv6-ICMP). */
export const PROTOCOLS = valueMap({
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  icmp6: 'IPv6-ICMP',
  'tcp/ip': 'TCP',
  'udp/ip': 'UDP',
  'icmp/ip': 'ICMP',
  'icmp6/ip': 'IPv6-ICMP',
});

/** The IANA keyword of a Meraki protocol value (a word or an IANA number: `protocol=2` is IGMP), else undefined. */
export function networkProtocol(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return PROTOCOLS[value.toLowerCase()] ?? cslProtocolKeyword(value);
}

/** An endpoint value split: `10.0.0.1`, `10.0.0.1:80`, `[fe80::1]:80`, bare `fe80::1`. */
export interface Endpoint {
  readonly ip?: string;
  readonly port?: number;
  /** Why the value (or part of it) was dropped. */
  readonly dropped?: string;
}

/** A port token (`0`–`65535`, digits only), else undefined. */
export function portNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}

/**
 * `src=` / `dst=` values (spec §5.1, §6): `ip`, `ipv4:port`, `[ipv6]:port`, or a bare IPv6 address,
 * never split on an IPv6 colon. Text that is not an address is dropped with the reason.
 */
export function endpoint(value: string): Endpoint {
  let host = value;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close > 0) {
      host = value.slice(1, close);
      if (value.charCodeAt(close + 1) === 58 /* : */) portText = value.slice(close + 2);
      else if (close + 1 !== value.length) return { dropped: `not an address: ${value}` };
    }
  } else {
    const colon = value.indexOf(':');
    if (colon > 0 && value.indexOf(':', colon + 1) < 0 && value.includes('.')) {
      host = value.slice(0, colon);
      portText = value.slice(colon + 1);
    }
  }
  if (!isIpAddress(host)) return { dropped: `not an IP address: ${value}` };
  if (portText === undefined) return { ip: host };
  const port = portNumber(portText);
  return port === undefined ? { ip: host, dropped: `not a port: ${portText}` } : { ip: host, port };
}

const MAC = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;

/**
 * A MAC address with `:` separators (`E4-F4-18-79-1F-E1` → `E4:F4:18:79:1F:E1`, spec §6);
 * `undefined` when empty; `null` when the text is not a MAC address (the caller drops it).
 */
export function macAddress(value: string | undefined): string | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (!MAC.test(value)) return null;
  return value.includes('-') ? value.replace(/-/g, ':') : value;
}
