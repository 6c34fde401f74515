import type { DetectorKey } from '@asimkit/schema';
import type { FormatField } from './format.js';
import { DVC_ACTION, NETWORK_DIRECTION, networkProtocol } from './mapping.js';

/**
 * The detector's fast path over VPC flow lines (see the SDK's `RawDecoder.decodeDetectorKey`):
 * the six counted values straight from the bytes, for lines that are plainly one session. It
 * checks each projected token exactly as `VpcFlowDecoder.value` would, and declines (returns
 * false) on anything else, so that the full path decides: header lines, `-` times, non-digit
 * numbers, NODATA/SKIPDATA, unknown enum values, empty tokens, a wrong field count.
 */

/** What a projected position holds. Positions the projection does not need are stepped over. */
const enum Role {
  Unused,
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

/** A field order's roles, position by position. */
export type KeyLayout = Uint8Array;

/**
 * The layout for a field order and its projection, or undefined when the projection needs a
 * field the fast path does not read (the full path then takes every line).
 */
export function keyLayout(fields: readonly FormatField[], wanted: readonly boolean[] | undefined): KeyLayout | undefined {
  if (wanted === undefined) return undefined;
  const roles = new Uint8Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    if (!wanted[i]) continue;
    const role = ROLE_OF[fields[i]!.name];
    if (role === undefined) return undefined;
    roles[i] = role;
  }
  return roles;
}

/** Epoch seconds from here on are past year 9999: their ISO form has 6 digits; leave them to the full path. */
const MAX_EPOCH = 253402300800;
/** Longer digit runs may not be safe integers. */
const MAX_DIGITS = 15;
const ABSENT = -1;

const SPACE = 32;
const DASH = 45;
const ZERO = 48;
const NINE = 57;

export function decodeKey(bytes: Buffer, start: number, end: number, roles: KeyLayout, key: DetectorKey): boolean {
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

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
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
