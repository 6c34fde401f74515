import type { DetectorKey } from '@asimkit/schema';
import { FIREWALL_ACTIONS, FIREWALL_TYPES, firewallDecision } from './mapping.js';
import { networkProtocol } from './values.js';

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

/** A byte the fast path leaves to the full path: a tab (a blank there), a quote, anything not ASCII. */
function isUnusual(c: number): boolean {
  return c === 9 || c === 34 || c === 39 || c >= 0x80;
}

/** Words compared as bytes, lower-cased ASCII (`| 0x20` on letters), longest 37 bytes. */
const TYPE_WORDS: readonly Uint8Array[] = [...FIREWALL_TYPES].map(ascii);

function isFirewallType(bytes: Buffer, start: number, end: number): boolean {
  for (const t of TYPE_WORDS) if (is(bytes, start, end, t)) return true;
  return false;
}

/** The decision word at bytes[start, end) (`allow`, `DENY`, `Blocked`, `0`, `1`), by its lower-cased letters. */
function decisionWord(bytes: Buffer, start: number, end: number): (typeof FIREWALL_ACTIONS)[string] | undefined {
  const n = end - start;
  if (n === 1) {
    const c = bytes[start];
    return c === ZERO ? FIREWALL_ACTIONS['0'] : c === 49 ? FIREWALL_ACTIONS['1'] : undefined;
  }
  const word = n === 4 ? DENY : n === 5 ? ALLOW : n === 7 ? BLOCKED : undefined;
  if (word === undefined) return undefined;
  for (let k = 0; k < n; k++) {
    const c = bytes[start + k]!;
    if (c < 65 || (c > 90 && c < 97) || c > 122 || (c | 0x20) !== word[k]) return undefined;
  }
  return n === 4 ? FIREWALL_ACTIONS.deny : n === 5 ? FIREWALL_ACTIONS.allow : FIREWALL_ACTIONS.blocked;
}
const DENY = ascii('deny');
const ALLOW = ascii('allow');
const BLOCKED = ascii('blocked');

/** The IANA keyword of a protocol value, compared as bytes for the usual ones. */
function protocolOf(bytes: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  const a = bytes[start];
  if (n === 3 && bytes[start + 1] === 100 /* d */ && bytes[start + 2] === 112 /* p */ && a === 117 /* u */) return 'UDP';
  if (n === 3 && bytes[start + 1] === 99 /* c */ && bytes[start + 2] === 112 && a === 116 /* t */) return 'TCP';
  return networkProtocol(bytes.toString('latin1', start, end)) ?? '';
}

/** A port token as the full path reads it (`portNumber`): 1–5 digits, at most 65535; else null. */
function portOf(bytes: Buffer, start: number, end: number): number | null {
  const n = end - start;
  if (n === 0 || n > 5) return null;
  let v = 0;
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    if (c < ZERO || c > NINE) return null;
    v = v * 10 + (c - ZERO);
  }
  return v <= 65535 ? v : null;
}

export function decodeMerakiKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
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
  while (i < end && bytes[i] !== SPACE) if (isUnusual(bytes[i++]!)) return false;
  if (i === deviceStart || i === end) return false;
  i++;
  // log type
  const typeStart = i;
  while (i < end && bytes[i] !== SPACE) i++;
  if (!isFirewallType(bytes, typeStart, i) || i === end) return false;
  i++;

  let decided = false;
  const decision = DECISION;
  decision.action = '';
  decision.inbound = false;
  let endpoints = false;
  let protocol = '';
  let port: number | null = null;
  let firstToken = true;
  while (i < end) {
    const tokenStart = i;
    let eq = -1;
    while (i < end && bytes[i] !== SPACE) {
      const c = bytes[i]!;
      if (c === EQUALS && eq < 0) eq = i;
      else if (isUnusual(c)) return false;
      i++;
    }
    const tokenEnd = i;
    if (tokenEnd === tokenStart) return false; // two spaces, or a space at the end
    if (eq < 0) {
      if (is(bytes, tokenStart, tokenEnd, PATTERN)) {
        if (!decided && !patternDecision(bytes, tokenEnd, end, decision)) return false;
        break;
      }
      // the one bare word the old `flows allow src=...` form has
      if (!firstToken) return false;
      const d = decisionWord(bytes, tokenStart, tokenEnd);
      if (d === undefined) return false;
      decision.action = d.action;
      decision.inbound = d.inbound === true;
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
        port = portOf(bytes, v, tokenEnd);
      } else if (keyLength === 8 && c0 === 112 && bytes.toString('latin1', tokenStart, eq) === 'protocol') {
        protocol = protocolOf(bytes, v, tokenEnd);
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
  key.NetworkDirection = decision.inbound ? 'Inbound' : '';
  key.DvcAction = decision.action;
  return true;
}

const DECISION = { action: '' as string, inbound: false };

/**
 * The decision of the pattern after `pattern:` at bytes[from, end): its first word as bytes, else
 * (`Group Policy Allow`, odd spacing) `firewallDecision` on its text, as the full path reads it.
 * False when the text is not ASCII (the full path reads it as UTF-8).
 */
function patternDecision(bytes: Buffer, from: number, end: number, out: typeof DECISION): boolean {
  let i = from;
  if (i < end) i++; // the space after the marker
  let wordEnd = i;
  while (wordEnd < end && bytes[wordEnd] !== SPACE) wordEnd++;
  let d = wordEnd > i ? decisionWord(bytes, i, wordEnd) : undefined;
  if (d === undefined) {
    for (let k = from; k < end; k++) if (bytes[k]! >= 0x80) return false;
    d = firewallDecision(bytes.toString('latin1', from, end).trim() || undefined);
  }
  if (d !== undefined) {
    out.action = d.action;
    out.inbound = d.inbound === true;
  }
  return true;
}
