import type { DetectorKey } from '@asimkit/schema';
import { FIREWALL_ACTIONS, FIREWALL_TYPES, firewallDecision } from './mapping.js';
import { networkProtocol, portNumber } from './values.js';

/**
 * The detector's fast path over raw Meraki lines (see the SDK's `RawDecoder.decodeDetectorKey`):
 * the counted values of a plain firewall-family line straight from its bytes,
 *
 *     [<PRI>1 ]<epoch> <device> <flows|firewall|...> [allow|deny|Blocked ]key=value ... [pattern: <text>]
 *
 * single spaces, bare ASCII values, `src=` or `dst=` present, `dst` without a port. Anything else
 * (relay headers, quotes, tabs, other log types, unknown words, a second marker, a `dst` with a
 * colon, non-ASCII bytes) is declined, and the full path decides.
 */

const SPACE = 32;
const EQUALS = 61;
const ZERO = 48;
const NINE = 57;
const LT = 60;
const GT = 62;
const DOT = 46;
const COLON = 58;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TYPES = [...FIREWALL_TYPES].map(ascii);
const PATTERN = ascii('pattern:');

function is(bytes: Buffer, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word[k]) return false;
  return true;
}

/** Key bytes: `a`–`z`, `0`–`9`, `_`. */
function isKeyByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= ZERO && c <= NINE) || c === 95;
}

export function decodeMerakiKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
  // every byte printable ASCII (a space is the only blank), no quotes
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    if (c < SPACE || c > 126 || c === 34 || c === 39) return false;
  }
  let i = start;
  if (bytes[i] === LT) {
    let k = i + 1;
    while (k < end && k - i <= 3 && bytes[k]! >= ZERO && bytes[k]! <= NINE) k++;
    if (k === i + 1 || bytes[k] !== GT) return false;
    i = k + 1;
    // `<PRI>1 ` or `<PRI> `: the epoch must be a token of its own, as the full path reads it
    if (bytes[i] === 49 /* 1 */ && bytes[i + 1] === SPACE) i += 2;
    else if (bytes[i] === SPACE) i++;
    else return false;
  }
  // epoch: 9-10 digits, a dot, digits
  let seconds = 0;
  const epochStart = i;
  while (i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE) seconds = seconds * 10 + (bytes[i++]! - ZERO);
  if (i - epochStart < 9 || i - epochStart > 10 || bytes[i] !== DOT) return false;
  i++;
  let ms = 0;
  let scale = 100;
  const fractionStart = i;
  while (i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE) {
    if (scale >= 1) ms += (bytes[i]! - ZERO) * scale;
    scale /= 10;
    i++;
  }
  if (i === fractionStart || bytes[i] !== SPACE) return false;
  i++;
  // device
  const deviceStart = i;
  while (i < end && bytes[i] !== SPACE) i++;
  if (i === deviceStart || i === end) return false;
  i++;
  // log type
  const typeStart = i;
  while (i < end && bytes[i] !== SPACE) i++;
  if (!TYPES.some((t) => is(bytes, typeStart, i, t)) || i === end) return false;
  i++;

  let decided = false;
  let action = '';
  let inbound = false;
  let endpoints = false;
  let protocol = '';
  let port: number | null = null;
  let firstToken = true;
  while (i < end) {
    const tokenStart = i;
    let eq = -1;
    while (i < end && bytes[i] !== SPACE) {
      if (bytes[i] === EQUALS && eq < 0) eq = i;
      i++;
    }
    const tokenEnd = i;
    if (tokenEnd === tokenStart) return false; // two spaces, or a space at the end
    if (eq < 0) {
      if (is(bytes, tokenStart, tokenEnd, PATTERN)) {
        if (!decided) {
          const pattern = tokenEnd + 1 < end ? bytes.toString('latin1', tokenEnd + 1, end).trim() : '';
          const d = pattern === '' ? undefined : firewallDecision(pattern);
          if (d !== undefined) {
            action = d.action;
            inbound = d.inbound === true;
          }
        }
        break;
      }
      // the one bare word the old `flows allow src=...` form has
      if (!firstToken) return false;
      const d = FIREWALL_ACTIONS[bytes.toString('latin1', tokenStart, tokenEnd).toLowerCase()];
      if (d === undefined) return false;
      action = d.action;
      inbound = d.inbound === true;
      decided = true;
    } else {
      if (eq === tokenStart) return false;
      for (let k = tokenStart; k < eq; k++) if (!isKeyByte(bytes[k]!)) return false;
      const keyLength = eq - tokenStart;
      const v = eq + 1;
      const c0 = bytes[tokenStart]!;
      if (keyLength === 3 && c0 === 115 /* s */ && bytes[tokenStart + 1] === 114 && bytes[tokenStart + 2] === 99) endpoints = true; // src
      else if (keyLength === 3 && c0 === 100 /* d */ && bytes[tokenStart + 1] === 115 && bytes[tokenStart + 2] === 116) {
        // dst: a port or an IPv6 address inside it is the full path's to read
        for (let k = v; k < tokenEnd; k++) if (bytes[k] === COLON || bytes[k] === 91 /* [ */) return false;
        endpoints = true;
      } else if (keyLength === 5 && c0 === 100 && bytes[tokenStart + 1] === 112 && bytes[tokenStart + 2] === 111 && bytes[tokenStart + 3] === 114 && bytes[tokenStart + 4] === 116) {
        // dport
        port = portNumber(bytes.toString('latin1', v, tokenEnd)) ?? null;
      } else if (keyLength === 8 && c0 === 112 && bytes.toString('latin1', tokenStart, eq) === 'protocol') {
        protocol = v === tokenEnd ? '' : (networkProtocol(bytes.toString('latin1', v, tokenEnd)) ?? '');
      }
    }
    firstToken = false;
    if (i === end) break;
    i++;
  }
  if (!endpoints) return false;
  key.timeMs = seconds * 1000 + ms;
  key.NetworkProtocol = protocol;
  key.DstPortNumber = port;
  key.DstAppName = '';
  key.NetworkDirection = inbound ? 'Inbound' : '';
  key.DvcAction = action;
  return true;
}
