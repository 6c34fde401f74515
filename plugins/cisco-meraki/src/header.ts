/**
 * The Meraki header (spec §2.1, §4 [DECIDE]): `<epoch> <device> <type> <body>`, wherever it sits
 * in the line — behind `<134>1 `, behind a relay's BSD header (`Oct 13 06:54:17 10.100.10.100 `),
 * or at the start. The epoch is the first whitespace-delimited token of the form
 * `^\d{9,10}\.\d+$` among the first few tokens, so a relay header's IP address
 * (`10.100.10.100`) or clock (`06:54:17`) never passes for it; the next two tokens are the device
 * name and the log type, whatever the device is called (a device named `firewall` or `events` is
 * still the device, spec §6).
 */
export interface MerakiHeader {
  /** The epoch as written, e.g. `1647478988.289402144`. */
  readonly epoch: string;
  /** The epoch in milliseconds (sub-millisecond digits dropped). */
  readonly epochMs: number;
  /** The device name the Meraki dashboard gave the sender (`MX84`, `AP_secondfloor`). */
  readonly device: string;
  /** The log type token: `flows`, `firewall`, `ip_flow_start`, `security_event`, `events`, ... */
  readonly logType: string;
  /** Index in the text where the body starts (the text's length when there is none). */
  readonly bodyStart: number;
}

/** How many tokens may precede the epoch: `<PRI>1`, or a relay's RFC 3164/5424 header. */
const MAX_LEADING_TOKENS = 10;

const SPACE = 32;
const TAB = 9;
const isBlank = (c: number): boolean => c === SPACE || c === TAB;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** Whether text[start, end) is a Meraki epoch: 9 or 10 digits, a dot, one or more digits. */
function isEpoch(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const whole = i - start;
  if (whole < 9 || whole > 10 || text.charCodeAt(i) !== 46 /* . */ || i + 1 >= end) return false;
  for (i++; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** A log type token: lower-case letters, digits, `_` and `-`, starting with a letter (`ids-alerts`, `ip_flow_end`). */
function isLogType(text: string, start: number, end: number): boolean {
  if (start >= end || !isLower(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isLower(c) && !isDigit(c) && c !== 95 /* _ */ && c !== 45 /* - */) return false;
  }
  return true;
}

function epochMillis(text: string, start: number, end: number): number {
  const dot = text.indexOf('.', start);
  let ms = Number(text.slice(start, dot)) * 1000;
  let scale = 100;
  for (let i = dot + 1; i < end && scale >= 1; i++, scale /= 10) ms += (text.charCodeAt(i) - 48) * scale;
  return ms;
}

/** The Meraki header of a line or a Syslog message, or undefined when it has none. */
export function merakiHeader(text: string): MerakiHeader | undefined {
  const n = text.length;
  let i = 0;
  for (let token = 0; token <= MAX_LEADING_TOKENS; token++) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) return undefined;
    const start = i;
    while (i < n && !isBlank(text.charCodeAt(i))) i++;
    if (!isEpoch(text, start, i)) continue;
    const epochEnd = i;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    const deviceStart = i;
    while (i < n && !isBlank(text.charCodeAt(i))) i++;
    const deviceEnd = i;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    const typeStart = i;
    while (i < n && !isBlank(text.charCodeAt(i))) i++;
    if (deviceEnd === deviceStart || !isLogType(text, typeStart, i)) return undefined;
    const typeEnd = i;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    return {
      epoch: text.slice(start, epochEnd),
      epochMs: epochMillis(text, start, epochEnd),
      device: text.slice(deviceStart, deviceEnd),
      logType: text.slice(typeStart, typeEnd),
      bodyStart: i,
    };
  }
  return undefined;
}

let memoText: string | undefined;
let memoHeader: MerakiHeader | undefined;

/**
 * `merakiHeader`, remembering the last text: a row is claimed (`claimsRow`), then mapped, so the
 * same message is located twice in a row.
 */
export function merakiHeaderOf(text: string): MerakiHeader | undefined {
  if (text !== memoText) {
    memoHeader = merakiHeader(text);
    memoText = text;
  }
  return memoHeader;
}
