import { describe, expect, it } from 'vitest';
import { IANA_PROTOCOL_NAMES, ianaProtocolName } from '../src/index.js';

describe('ianaProtocolName', () => {
  it.each([
    [0, 'HOPOPT'],
    [1, 'ICMP'],
    [6, 'TCP'],
    [17, 'UDP'],
    [47, 'GRE'],
    [50, 'ESP'],
    [51, 'AH'],
    [58, 'IPv6-ICMP'],
    [84, 'TTP'],
    [112, 'VRRP'],
    [132, 'SCTP'],
    [143, 'Ethernet'],
    [255, 'Reserved'],
  ])('%i → %s', (n, name) => {
    expect(ianaProtocolName(n)).toBe(name);
  });

  it.each([61, 63, 68, 99, 114, 144, 200, 252, 253, 254, 256, -1, 6.5, Number.NaN])('%d → undefined', (n) => {
    expect(ianaProtocolName(n)).toBeUndefined();
  });

  it('names every number 0–143 except the five without a keyword', () => {
    const unnamed = [];
    for (let n = 0; n <= 143; n++) if (ianaProtocolName(n) === undefined) unnamed.push(n);
    expect(unnamed).toEqual([61, 63, 68, 99, 114]);
  });
});

describe('IANA_PROTOCOL_NAMES', () => {
  it('accepts keywords, IPTM (84 bis) and Unassigned', () => {
    for (const name of ['TCP', 'UDP', 'ICMP', 'IPv6-ICMP', 'GRE', 'TTP', 'IPTM', 'Unassigned', 'ISIS over IPv4']) {
      expect(IANA_PROTOCOL_NAMES.has(name)).toBe(true);
    }
  });

  it('is case-sensitive and has no empty keyword', () => {
    expect(IANA_PROTOCOL_NAMES.has('tcp')).toBe(false);
    expect(IANA_PROTOCOL_NAMES.has('IPV6-ICMP')).toBe(false);
    expect(IANA_PROTOCOL_NAMES.has('')).toBe(false);
  });

  it('holds 139 keywords, Reserved, IPTM and Unassigned', () => {
    // 0–143 minus 5 empty = 139 names, plus Reserved (255), IPTM and Unassigned.
    expect(IANA_PROTOCOL_NAMES.size).toBe(139 + 3);
  });
});
