import type { DetectorKey } from '@asimkit/schema';
import type { FormatField } from './format.js';
import { DVC_ACTION, NETWORK_DIRECTION, networkProtocol } from './mapping.js';
import { VPC_ENUMS } from './row.js';

/**
 * The detector's fast path over VPC flow lines (see the SDK's `RawDecoder.decodeDetectorKey`):
 * the six counted values straight from the bytes, for lines that are plainly one session. It
 * checks every token as `VpcFlowDecoder.value` would — the ones it does not count too, since a
 * line `normalize` rejects must not be counted — and declines (returns false) on anything else,
 * so that the full path decides: header lines, `-` times, non-digit numbers, addresses that are
 * not plain IPv4, NODATA/SKIPDATA, unknown enum values, empty tokens, a wrong field count.
 */

/**
 * What a position holds. Positions the projection does not need are only checked: any text, a
 * number, an address, or one of a few words.
 */
const enum Role {
  Unused,
  UnusedNumber,
  UnusedInt32,
  UnusedEpoch,
  UnusedAddress,
  UnusedWord,
  Version,
  Start,
  End,
  DstPort,
  Protocol,
  Action,
  LogStatus,
  FlowDirection,
  DstAwsService,
}

const ROLE_OF: Readonly<Record<string, Role>> = {
  version: Role.Version,
  start: Role.Start,
  end: Role.End,
  dstport: Role.DstPort,
  protocol: Role.Protocol,
  action: Role.Action,
  'log-status': Role.LogStatus,
  'flow-direction': Role.FlowDirection,
  'pkt-dst-aws-service': Role.DstAwsService,
};

/** A field order's roles, position by position, and the words an unused enum position may hold. */
export interface KeyLayout {
  readonly roles: Uint8Array;
  readonly words: readonly (readonly Uint8Array[] | undefined)[];
}

/**
 * The layout for a field order and its projection, or undefined when the projection needs a
 * field the fast path does not read (the full path then takes every line).
 */
export function keyLayout(fields: readonly FormatField[], wanted: readonly boolean[] | undefined): KeyLayout | undefined {
  if (wanted === undefined) return undefined;
  const roles = new Uint8Array(fields.length);
  const words: (Uint8Array[] | undefined)[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (!wanted[i]) {
      const enumWords = ENUM_WORDS[field.kind];
      roles[i] = UNUSED_ROLE[field.kind] ?? (enumWords ? Role.UnusedWord : Role.Unused);
      words[i] = enumWords;
      continue;
    }
    const role = ROLE_OF[field.name];
    if (role === undefined) return undefined;
    roles[i] = role;
  }
  return { roles, words };
}

const UNUSED_ROLE: Partial<Record<FormatField['kind'], Role>> = { int: Role.UnusedInt32, long: Role.UnusedNumber, epoch: Role.UnusedEpoch, ip: Role.UnusedAddress, string: Role.Unused };
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ENUM_WORDS: Partial<Record<FormatField['kind'], Uint8Array[]>> = Object.fromEntries(
  Object.entries(VPC_ENUMS).map(([kind, values]) => [kind, values.map(ascii)]),
);

/** Epoch seconds from here on are past year 9999: their ISO form has 6 digits; leave them to the full path. */
const MAX_EPOCH = 253402300800;
/** Longer digit runs may not be safe integers. */
const MAX_DIGITS = 15;
const MAX_INT32 = 2147483647;
const ABSENT = -1;

const SPACE = 32;
const DASH = 45;
const ZERO = 48;
const NINE = 57;

export function decodeKey(bytes: Buffer, start: number, end: number, layout: KeyLayout, key: DetectorKey): boolean {
  const roles = layout.roles;
  const first = bytes[start]!;
  // the full decoder reads a line that does not start with a digit as a possible header
  if (first < ZERO || first > NINE || start === end) return false;
  let startTime = ABSENT;
  let endTime = ABSENT;
  let port = ABSENT;
  let protocol = ABSENT;
  let action = '';
  let direction = '';
  let app = '';
  const n = roles.length;
  let position = 0;
  let i = start;
  for (;;) {
    if (position === n) return false;
    const tokenStart = i;
    const role = roles[position]!;
    if (role === Role.Unused) {
      while (i < end && bytes[i] !== SPACE) i++;
    } else if (role === Role.UnusedAddress) {
      i = ipv4End(bytes, i, end);
      if (i < 0) return false; // IPv6 and anything else: the full path checks it
    } else if (role === Role.UnusedWord) {
      while (i < end && bytes[i] !== SPACE) i++;
      if (!(i - tokenStart === 1 && bytes[tokenStart] === DASH) && !layout.words[position]!.some((w) => is(bytes, tokenStart, i, w))) return false;
    } else if (role <= Role.Protocol) {
      let value = 0;
      for (let c = bytes[i]!; i < end && c !== SPACE; c = bytes[++i]!) {
        if (c < ZERO || c > NINE) {
          if (c === DASH && i === tokenStart && (i + 1 === end || bytes[i + 1] === SPACE)) {
            value = ABSENT;
            continue;
          }
          return false;
        }
        value = value * 10 + (c - ZERO);
      }
      if (i - tokenStart > MAX_DIGITS) return false;
      if ((role === Role.UnusedInt32 || role === Role.DstPort || role === Role.Protocol || role === Role.Version) && value > MAX_INT32) return false;
      if (role === Role.UnusedEpoch && value >= MAX_EPOCH) return false;
      if (role === Role.Start) startTime = value;
      else if (role === Role.End) endTime = value;
      else if (role === Role.DstPort) port = value;
      else if (role === Role.Protocol) protocol = value;
    } else {
      while (i < end && bytes[i] !== SPACE) i++;
      const dash = i - tokenStart === 1 && bytes[tokenStart] === DASH;
      if (!dash) {
        if (role === Role.Action) {
          if (is(bytes, tokenStart, i, ACCEPT)) action = DVC_ACTION.ACCEPT;
          else if (is(bytes, tokenStart, i, REJECT)) action = DVC_ACTION.REJECT;
          else return false;
        } else if (role === Role.LogStatus) {
          if (!is(bytes, tokenStart, i, OK)) return false; // NODATA, SKIPDATA: the full path skips them
        } else if (role === Role.FlowDirection) {
          if (is(bytes, tokenStart, i, INGRESS)) direction = NETWORK_DIRECTION.ingress;
          else if (is(bytes, tokenStart, i, EGRESS)) direction = NETWORK_DIRECTION.egress;
          else return false;
        } else {
          for (let j = tokenStart; j < i; j++) if (bytes[j]! >= 0x80) return false;
          app = bytes.toString('latin1', tokenStart, i);
        }
      }
    }
    if (i === tokenStart) return false; // an empty token: two spaces, or a space at an end
    position++;
    if (i === end) break;
    i++;
  }
  if (position !== n) return false;
  if (startTime >= MAX_EPOCH || endTime >= MAX_EPOCH) return false;
  const seconds = startTime !== ABSENT ? startTime : endTime;
  if (seconds === ABSENT) return false;
  key.timeMs = seconds * 1000;
  key.DstPortNumber = port === ABSENT ? null : port;
  key.NetworkProtocol = protocol === ABSENT ? '' : networkProtocol(protocol);
  key.DstAppName = app;
  key.NetworkDirection = direction;
  key.DvcAction = action;
  return true;
}

const ACCEPT = ascii('ACCEPT');
const REJECT = ascii('REJECT');
const OK = ascii('OK');
const INGRESS = ascii('ingress');
const EGRESS = ascii('egress');

function is(bytes: Buffer, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word[k]) return false;
  return true;
}

/** The end of a plain IPv4 address token at `i` (dotted quad, parts 0-255, no leading zeros), or -1; `-` is absent. */
function ipv4End(bytes: Buffer, i: number, end: number): number {
  if (bytes[i] === DASH && (i + 1 === end || bytes[i + 1] === SPACE)) return i + 1;
  let parts = 0;
  for (;;) {
    const partStart = i;
    let value = 0;
    while (i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE && i - partStart < 3) value = value * 10 + (bytes[i++]! - ZERO);
    const len = i - partStart;
    if (len === 0 || value > 255 || (len > 1 && bytes[partStart] === ZERO)) return -1;
    parts++;
    if (parts === 4) return i === end || bytes[i] === SPACE ? i : -1;
    if (bytes[i] !== 46) return -1;
    i++;
  }
}
