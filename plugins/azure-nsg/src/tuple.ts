import { isIP } from 'node:net';
import { ianaProtocolName } from '@asimkit/schema';
import type { FlowGroup, FlowTupleRow } from './row.js';

/**
 * The flow-tuple parser: one comma-separated tuple of an NSG (v1: 8 fields, v2: 13) or VNet (13)
 * flow log → a checked `FlowTupleRow`, or the text of what is wrong with it. It returns rather
 * than throws: a blob record holds thousands of tuples and a bad one must not cost the others.
 *
 *   #   NSG v1/v2                      VNet v4
 *   0   epoch seconds                  epoch milliseconds
 *   1-4 src IP, dst IP, src port, dst port
 *   5   T / U                          IANA protocol number
 *   6   I / O                          I / O
 *   7   A / D (decision)               B / C / E / D (state; D = denied)
 *   8   B / C / E (v2 state)           encryption (X, NX, NX_...)
 *   9-12 packets s→d, bytes s→d, packets d→s, bytes d→s (empty on B tuples)
 */

export const NSG_PROTOCOL = { T: 'TCP', U: 'UDP' } as const;
export const NETWORK_DIRECTION = { I: 'Inbound', O: 'Outbound' } as const;
export const NSG_DECISION = { A: 'Allow', D: 'Deny' } as const;
export const NSG_STATES = new Set(['B', 'C', 'E']);
/** VNet tuples have no decision field: state `D` is a denied flow, the others allowed ones. */
export const VNET_STATE_ACTION = { B: 'Allow', C: 'Allow', E: 'Allow', D: 'Deny' } as const;

/** Timestamps below this are seconds, above it milliseconds (1e11 s is the year 5138, 1e11 ms 1973). */
const SECONDS_BELOW = 1e11;
/** 9999-12-31T23:59:59.999Z: later instants have no ISO-8601 form. */
const MAX_MS = 253402300799999;

/** A run of ASCII digits (at most 15, so the value is exact) → its value; -1 for anything else, including empty. */
function digits(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** An optional counter: empty → undefined, digits → value, else NaN. */
function counter(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const v = digits(s);
  return v < 0 ? Number.NaN : v;
}

function port(s: string): number | undefined {
  if (s === '') return undefined;
  const v = digits(s);
  return v >= 0 && v <= 65535 ? v : Number.NaN;
}

/** The tuple's time in epoch ms, or NaN. */
export function tupleTimeMs(s: string): number {
  const v = digits(s);
  if (v < 0) return Number.NaN;
  const ms = v < SECONDS_BELOW ? v * 1000 : v;
  return ms <= MAX_MS ? ms : Number.NaN;
}

function protocolOf(token: string, group: FlowGroup): string | undefined | null {
  if (token === 'T' || token === 'U') return NSG_PROTOCOL[token];
  const n = digits(token);
  if (n >= 0 && n <= 255) return ianaProtocolName(n) ?? 'Unassigned';
  // an NSG letter other than T/U is kept in AdditionalFields; a VNet token must be a number
  return group.log === 'nsg' && /^[A-Za-z]{1,8}$/.test(token) ? undefined : null;
}

/** Parses one tuple; returns the row, or a string saying what is wrong. */
export function parseFlowTuple(text: string, group: FlowGroup): FlowTupleRow | string {
  const f = text.split(',');
  const n = f.length;
  if (group.log === 'vnet' ? n !== 13 : n !== 8 && n !== 13) {
    return `has ${n} fields (${group.log === 'vnet' ? 'VNet tuples have 13' : 'NSG tuples have 8 (v1) or 13 (v2)'})`;
  }
  const timeMs = tupleTimeMs(f[0]!);
  if (Number.isNaN(timeMs)) return `timestamp "${f[0]}" is not an epoch time`;
  const srcIp = f[1]!;
  const dstIp = f[2]!;
  if (isIP(srcIp) === 0) return `source address "${srcIp}" is not an IP address`;
  if (isIP(dstIp) === 0) return `destination address "${dstIp}" is not an IP address`;
  const srcPort = port(f[3]!);
  const dstPort = port(f[4]!);
  if (Number.isNaN(srcPort)) return `source port "${f[3]}" is not a port number`;
  if (Number.isNaN(dstPort)) return `destination port "${f[4]}" is not a port number`;
  const protocolToken = f[5]!;
  const protocol = protocolOf(protocolToken, group);
  if (protocol === null) return `protocol "${protocolToken}" is not ${group.log === 'vnet' ? 'an IANA protocol number' : 'T, U or a protocol number'}`;
  const dirToken = f[6]!;
  const direction = dirToken === 'I' || dirToken === 'O' ? NETWORK_DIRECTION[dirToken] : undefined;
  if (direction === undefined) return `direction "${dirToken}" is not I or O`;

  let action: 'Allow' | 'Deny' | undefined;
  let decision: string | undefined;
  let state: string | undefined;
  let encryption: string | undefined;
  if (group.log === 'vnet') {
    state = f[7]!;
    action = VNET_STATE_ACTION[state as keyof typeof VNET_STATE_ACTION];
    if (action === undefined) return `flow state "${state}" is not B, C, E or D`;
    encryption = f[8] === '' ? undefined : f[8];
  } else {
    decision = f[7]!;
    action = NSG_DECISION[decision as keyof typeof NSG_DECISION];
    if (action === undefined) return `decision "${decision}" is not A or D`;
    if (n === 13) {
      state = f[8]!;
      if (!NSG_STATES.has(state)) return `flow state "${state}" is not B, C or E`;
    }
  }
  const srcPackets = counter(f[9]);
  const srcBytes = counter(f[10]);
  const dstPackets = counter(f[11]);
  const dstBytes = counter(f[12]);
  if (Number.isNaN(srcPackets) || Number.isNaN(srcBytes) || Number.isNaN(dstPackets) || Number.isNaN(dstBytes)) {
    return `counters "${f.slice(9).join(',')}" are not whole numbers`;
  }
  return {
    kind: 'tuple',
    group,
    timeMs,
    srcIp,
    dstIp,
    srcPort,
    dstPort,
    protocol,
    protocolToken,
    direction,
    action,
    decision,
    state,
    encryption,
    srcPackets,
    srcBytes,
    dstPackets,
    dstBytes,
  };
}
