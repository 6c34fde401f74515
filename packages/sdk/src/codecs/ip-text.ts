import { isIP } from 'node:net';

/**
 * An IP address as endpoints write it → the canonical text ASIM records carry: IPv4 as is; IPv6
 * compressed per RFC 5952 (Sysmon writes eight uncompressed groups, `0:0:0:0:0:0:0:1` → `::1`);
 * IPv4-mapped IPv6 (`::ffff:10.47.0.122`, `0:0:0:0:0:ffff:a00:5`) → the IPv4 address it maps.
 * Undefined when the text is not an address (the caller records why).
 */
export function canonicalIpAddress(text: string): string | undefined {
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6) return undefined;
  const zoneAt = text.indexOf('%');
  const zone = zoneAt >= 0 ? text.slice(zoneAt) : '';
  const groups = ipv6Groups(zoneAt >= 0 ? text.slice(0, zoneAt) : text);
  if (groups === undefined) return text;
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return compressIpv6(groups) + zone;
}

/** The eight 16-bit groups of a valid IPv6 address (without zone). */
function ipv6Groups(text: string): number[] | undefined {
  let head = text;
  let tail4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) > 0) {
    const v4 = text.slice(lastColon + 1).split('.').map(Number);
    tail4 = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const dbl = head.indexOf('::');
  let groups: number[];
  if (dbl >= 0) {
    const left = parse(head.slice(0, dbl));
    const right = parse(head.slice(dbl + 2));
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else groups = parse(head);
  if (tail4.length) groups.splice(6, 2, ...tail4);
  return groups.length === 8 ? groups : undefined;
}

function compressIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Loopback: 127.0.0.0/8 and ::1 (canonical text). */
export function isLoopbackAddress(addr: string | undefined): boolean {
  return addr !== undefined && (addr === '::1' || (addr.startsWith('127.') && isIP(addr) === 4));
}

/** A connection within one host: both ends loopback, or both the same address (a host talking to its own IP). */
export function isLocalConnection(src: string | undefined, dst: string | undefined): boolean {
  if (src === undefined || dst === undefined) return false;
  return (isLoopbackAddress(src) && isLoopbackAddress(dst)) || (src === dst && src !== '0.0.0.0' && src !== '::');
}
