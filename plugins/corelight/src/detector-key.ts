import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { localFlagsDirection } from '@asimkit/sdk';
import { networkProtocol } from './mapping.js';
import type { ZeekConnRow } from './row.js';
import type { TsvLayout } from './tsv.js';

/**
 * The detector's fast path over Zeek TSV conn lines (see the SDK's `RawDecoder.decodeDetectorKey`):
 * the six counted values straight from the bytes. It reads the fields the projected full path
 * reads (ts, the addresses, id.resp_p, proto, local_orig/local_resp, ip_proto), checks each as
 * `valueFromText` would, and declines anything else so the full path decides: header lines, `-`
 * or ISO times, escapes, `(empty)`, odd numbers or words, a wrong field count.
 */
const enum Role {
  Unused,
  Ts,
  OrigH,
  RespH,
  RespP,
  Proto,
  LocalOrig,
  LocalResp,
  IpProto,
}

const ROLE_OF: Readonly<Record<string, Role>> = {
  ts: Role.Ts,
  id_orig_h: Role.OrigH,
  id_resp_h: Role.RespH,
  id_resp_p: Role.RespP,
  proto: Role.Proto,
  local_orig: Role.LocalOrig,
  local_resp: Role.LocalResp,
  ip_proto: Role.IpProto,
};

export interface KeyLayout {
  readonly roles: Uint8Array;
  readonly separator: number;
}

/**
 * The fast path's layout for a TSV layout under the detector's projection, or undefined when it
 * cannot be taken (no projection, a projection needing other fields, a multi-byte separator, or
 * other unset/empty markers than Zeek's defaults).
 */
export function keyLayout(layout: TsvLayout, wanted: ReadonlySet<string> | undefined): KeyLayout | undefined {
  if (wanted === undefined || layout.separator.length !== 1 || layout.separator.charCodeAt(0) > 0x7f) return undefined;
  if (layout.unsetField !== '-' || layout.emptyField !== '(empty)') return undefined;
  for (const name of wanted) if (ROLE_OF[name] === undefined) return undefined;
  const roles = new Uint8Array(layout.fields.length);
  let hasTs = false;
  layout.fields.forEach((spec, i) => {
    if (spec === undefined || !wanted.has(spec.name)) return;
    roles[i] = ROLE_OF[spec.name]!;
    if (spec.name === 'ts') hasTs = true;
  });
  return hasTs ? { roles, separator: layout.separator.charCodeAt(0) } : undefined;
}

const ABSENT = -1;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const ZERO = 48;
const NINE = 57;
const HASH = 35;
/** Epoch seconds from here on are past year 9999 (the full path rejects them). */
const MAX_EPOCH = 253402300800;

/** Scratch row for the protocol name, so fast and full paths share `networkProtocol`. */
const probe: ZeekConnRow = {};

export function decodeKey(bytes: Buffer, start: number, end: number, layout: KeyLayout, key: DetectorKey): boolean {
  if (start === end || bytes[start] === HASH) return false;
  const { roles, separator } = layout;
  const n = roles.length;
  let ms = ABSENT;
  let port = ABSENT;
  let ipProto = ABSENT;
  let proto: string | undefined;
  let origH: 0 | 4 | 6 = 0;
  let respH: 0 | 4 | 6 = 0;
  let localOrig: boolean | undefined;
  let localResp: boolean | undefined;
  let position = 0;
  let i = start;
  for (;;) {
    if (position === n) return false;
    const tokenStart = i;
    while (i < end && bytes[i] !== separator) i++;
    const role = roles[position]!;
    if (role !== Role.Unused) {
      const len = i - tokenStart;
      if (len === 0) return false;
      const unset = len === 1 && bytes[tokenStart] === DASH;
      if (!unset) {
        switch (role) {
          case Role.Ts:
            ms = epochMs(bytes, tokenStart, i);
            if (ms === ABSENT) return false;
            break;
          case Role.OrigH:
          case Role.RespH: {
            const family = addressFamily(bytes, tokenStart, i);
            if (family === 0) return false;
            if (role === Role.OrigH) origH = family;
            else respH = family;
            break;
          }
          case Role.RespP:
            port = digits(bytes, tokenStart, i, 5);
            if (port === ABSENT || port > 65535) return false;
            break;
          case Role.IpProto:
            ipProto = digits(bytes, tokenStart, i, 15);
            if (ipProto === ABSENT) return false;
            break;
          case Role.Proto:
            proto = transport(bytes, tokenStart, i);
            if (proto === undefined) return false;
            break;
          default: {
            const flag = len === 1 ? bytes[tokenStart] : 0;
            if (flag !== 84 /* T */ && flag !== 70 /* F */) return false;
            if (role === Role.LocalOrig) localOrig = flag === 84;
            else localResp = flag === 84;
          }
        }
      }
    }
    position++;
    if (i === end) break;
    i++;
  }
  if (position !== n || ms === ABSENT) return false;
  probe.proto = proto;
  probe.ip_proto = ipProto === ABSENT ? undefined : ipProto;
  probe.id_orig_h = origH === 0 ? undefined : origH === 6 ? '::' : '0.0.0.0';
  probe.id_resp_h = respH === 0 ? undefined : respH === 6 ? '::' : '0.0.0.0';
  key.timeMs = ms;
  key.NetworkProtocol = networkProtocol(probe) ?? '';
  key.DstPortNumber = port === ABSENT || proto === 'icmp' || proto === 'unknown_transport' ? null : port;
  key.DstAppName = '';
  key.NetworkDirection = localFlagsDirection(localOrig, localResp) ?? '';
  key.DvcAction = '';
  return true;
}

/** `1588205198.899710` → epoch ms, truncated (as `epochTextToMs`); ABSENT for anything else. */
function epochMs(bytes: Buffer, start: number, end: number): number {
  let seconds = 0;
  let i = start;
  for (; i < end && bytes[i] !== DOT; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return ABSENT;
    seconds = seconds * 10 + (c - ZERO);
  }
  const intDigits = i - start;
  if (intDigits === 0 || intDigits > 12 || seconds >= MAX_EPOCH) return ABSENT;
  let ms = 0;
  if (i < end) {
    i++; // the dot
    if (i === end) return ABSENT;
    for (let k = 0; i < end; i++, k++) {
      const c = bytes[i]!;
      if (c < ZERO || c > NINE) return ABSENT;
      if (k < 3) ms = ms * 10 + (c - ZERO);
    }
    const fracDigits = end - (start + intDigits + 1);
    for (let k = fracDigits; k < 3; k++) ms *= 10;
  }
  return seconds * 1000 + ms;
}

function digits(bytes: Buffer, start: number, end: number, max: number): number {
  if (end - start > max) return ABSENT;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return ABSENT;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

/** 4 or 6 when the token is an address `isIP` accepts, else 0. */
function addressFamily(bytes: Buffer, start: number, end: number): 0 | 4 | 6 {
  let colon = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === COLON) colon = true;
    else if (c >= 0x80) return 0;
  }
  if (!colon) return isIpv4(bytes, start, end) ? 4 : 0;
  return isIP(bytes.toString('latin1', start, end)) === 6 ? 6 : 0;
}

/** Dotted quad, each part 0-255 without leading zeros (as `isIP`). */
function isIpv4(bytes: Buffer, start: number, end: number): boolean {
  let parts = 0;
  let i = start;
  for (;;) {
    const partStart = i;
    let value = 0;
    while (i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE) value = value * 10 + (bytes[i++]! - ZERO);
    const len = i - partStart;
    if (len === 0 || len > 3 || value > 255 || (len > 1 && bytes[partStart] === ZERO)) return false;
    parts++;
    if (i === end) return parts === 4;
    if (bytes[i] !== DOT || parts === 4) return false;
    i++;
  }
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TRANSPORTS = [ascii('tcp'), ascii('udp'), ascii('icmp'), ascii('unknown_transport')] as const;
const TRANSPORT_NAMES = ['tcp', 'udp', 'icmp', 'unknown_transport'] as const;

function transport(bytes: Buffer, start: number, end: number): string | undefined {
  for (let t = 0; t < TRANSPORTS.length; t++) {
    const word = TRANSPORTS[t]!;
    if (end - start !== word.length) continue;
    let k = 0;
    while (k < word.length && bytes[start + k] === word[k]) k++;
    if (k === word.length) return TRANSPORT_NAMES[t];
  }
  return undefined;
}
