import type { DetectorKey } from '@asimkit/schema';
import type { FormatField } from './format.js';
import { DVC_ACTION, NETWORK_DIRECTION, networkProtocol } from './mapping.js';
import { MAX_DIGITS, MAX_INT32 } from './plain-decoder.js';
import { VPC_ENUMS } from './row.js';
import { compiled } from './compiled.js';

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
  readonly words: readonly (readonly string[] | undefined)[];
}

/**
 * The layout for a field order and its projection, or undefined when the projection needs a
 * field the fast path does not read (the full path then takes every line).
 */
export function keyLayout(fields: readonly FormatField[], wanted: readonly boolean[] | undefined): KeyLayout | undefined {
  if (wanted === undefined) return undefined;
  const roles = new Uint8Array(fields.length);
  const words: (readonly string[] | undefined)[] = [];
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
const ENUM_WORDS: Partial<Record<FormatField['kind'], readonly string[]>> = VPC_ENUMS;

/** Epoch seconds from here on are past year 9999: their ISO form has 6 digits; leave them to the full path. */
const MAX_EPOCH = 253402300800;
const ABSENT = -1;

const SPACE = 32;
const DASH = 45;
const ZERO = 48;
const NINE = 57;

/**
 * The fast path compiled for one layout: the positions' checks written out in order, so that a
 * line costs one pass over its bytes with no per-token dispatch. It accepts and declines the lines
 * as described at the top of this file (the agreement fuzzers hold it to the full path).
 */
export type KeyDecoder = (bytes: Buffer, start: number, end: number, key: DetectorKey) => boolean;

export function compileKeyDecoder(layout: KeyLayout): KeyDecoder {
  const n = layout.roles.length;
  const body = [...layout.roles].map((role, position) => {
    const last = position === n - 1;
    return [
      `  t = i;`,
      tokenCode(role as Role, position, layout),
      `  if (i === t) return false;`, // an empty token: two spaces, or a space at an end
      last ? `  if (i !== end) return false;` : `  if (i === end) return false;\n  i++;`,
    ].join('\n');
  });
  const source = `return function decodeKey(b, start, end, key) {
  if (start === end) return false;
  const first = b[start];
  // the full decoder reads a line that does not start with a digit as a possible header
  if (first < ${ZERO} || first > ${NINE}) return false;
  let i = start, t = 0, c = 0, v = 0;
  let startTime = ${ABSENT}, endTime = ${ABSENT}, port = ${ABSENT}, protocol = ${ABSENT};
  let action = '', direction = '', app = '';
${body.join('\n')}
  if (startTime >= ${MAX_EPOCH} || endTime >= ${MAX_EPOCH}) return false;
  const seconds = startTime !== ${ABSENT} ? startTime : endTime;
  if (seconds === ${ABSENT}) return false;
  key.timeMs = seconds * 1000;
  key.DstPortNumber = port === ${ABSENT} ? null : port;
  key.NetworkProtocol = protocol === ${ABSENT} ? '' : h.networkProtocol(protocol);
  key.DstAppName = app;
  key.NetworkDirection = direction;
  key.DvcAction = action;
  return true;
};`;
  // one closure per source: a new one per decoder would deoptimize its callers ("wrong call target")
  const factory = compiled<(h: typeof KEY_HELPERS) => KeyDecoder>('h', source);
  let decodeKey = keyDecoders.get(factory);
  if (decodeKey === undefined) keyDecoders.set(factory, (decodeKey = factory(KEY_HELPERS)));
  return decodeKey;
}

const KEY_HELPERS = { networkProtocol };
const keyDecoders = new WeakMap<object, KeyDecoder>();

/** A token that ends at the next space (or the line's end). */
const SKIP = `  while (i < end && b[i] !== ${SPACE}) i++;`;
/** `-` alone: an absent value. */
const DASH_ALONE = `(i - t === 1 && b[t] === ${DASH})`;

/**
 * A plain IPv4 address (dotted quad, parts 0-255, no leading zeros) or `-`. IPv6 and anything
 * else is declined: the full path checks it.
 */
const IPV4 = `  if (b[i] === ${DASH} && (i + 1 === end || b[i + 1] === ${SPACE})) i++;
  else {
    for (let part = 0; ; part++) {
      const p = i;
      v = 0;
      while (i < end && i - p < 3) {
        c = b[i];
        if (c < ${ZERO} || c > ${NINE}) break;
        v = v * 10 + (c - ${ZERO});
        i++;
      }
      if (i === p || v > 255 || (i - p > 1 && b[p] === ${ZERO})) return false;
      if (part === 3) {
        if (i !== end && b[i] !== ${SPACE}) return false;
        break;
      }
      if (i === end || b[i] !== 46) return false;
      i++;
    }
  }`;

/** The code that reads (or only checks) the token at `i` for one position's role, leaving `i` at its end. */
function tokenCode(role: Role, position: number, layout: KeyLayout): string {
  switch (role) {
    case Role.Unused:
      return SKIP;
    case Role.UnusedAddress:
      return IPV4;
    case Role.UnusedWord:
      return `${SKIP}\n  if (!${DASH_ALONE} && !(${layout.words[position]!.map(isWord).join(' || ')})) return false;`;
    case Role.UnusedNumber:
    case Role.UnusedInt32:
    case Role.UnusedEpoch:
    case Role.Version:
    case Role.Start:
    case Role.End:
    case Role.DstPort:
    case Role.Protocol:
      return numberCode(role);
    case Role.Action:
      return wordCode(`if (${isWord('ACCEPT')}) action = '${DVC_ACTION.ACCEPT}';\n    else if (${isWord('REJECT')}) action = '${DVC_ACTION.REJECT}';\n    else return false;`);
    case Role.LogStatus:
      return wordCode(`if (!${isWord('OK')}) return false; // NODATA, SKIPDATA: the full path skips them`);
    case Role.FlowDirection:
      return wordCode(
        `if (${isWord('ingress')}) direction = '${NETWORK_DIRECTION.ingress}';\n    else if (${isWord('egress')}) direction = '${NETWORK_DIRECTION.egress}';\n    else return false;`,
      );
    case Role.DstAwsService:
      return wordCode(`for (let j = t; j < i; j++) if (b[j] >= 0x80) return false;\n    app = b.toString('latin1', t, i);`);
  }
}

/** Whether the token from `t` to `i` is this ASCII word, as an expression. */
function isWord(word: string): string {
  return `(i - t === ${word.length}${[...word].map((ch, k) => ` && b[t + ${k}] === ${ch.charCodeAt(0)}`).join('')})`;
}

/** A word token: `-` (absent) or what `check` accepts. */
function wordCode(check: string): string {
  return `${SKIP}\n  if (!${DASH_ALONE}) {\n    ${check}\n  }`;
}

/** Digits (at most MAX_DIGITS, within the role's bound) or `-` alone; the value is kept where the role needs it. */
function numberCode(role: Role): string {
  const store = { [Role.Start]: 'startTime = v;', [Role.End]: 'endTime = v;', [Role.DstPort]: 'port = v;', [Role.Protocol]: 'protocol = v;' }[role as number] ?? '';
  const int32 = role === Role.UnusedInt32 || role === Role.DstPort || role === Role.Protocol || role === Role.Version;
  const bound = int32 ? `\n  if (v > ${MAX_INT32}) return false;` : role === Role.UnusedEpoch ? `\n  if (v >= ${MAX_EPOCH}) return false;` : '';
  const accumulate = store !== '' || bound !== '';
  return `  v = 0;
  while (i < end) {
    c = b[i];
    if (c === ${SPACE}) break;
    if (c >= ${ZERO} && c <= ${NINE}) {${accumulate ? ` v = v * 10 + (c - ${ZERO}); ` : ''}}
    else if (c === ${DASH} && i === t && (i + 1 === end || b[i + 1] === ${SPACE})) v = ${ABSENT};
    else return false;
    i++;
  }
  if (i - t > ${MAX_DIGITS}) return false;${bound}${store ? `\n  ${store}` : ''}`;
}
