import { ConfigError, RecordRejected } from '../errors.js';
import { epochMillisToIso } from '../values.js';

/**
 * Syslog envelopes in front of a message (CEF, PAN-OS CSV, ...): none, RFC 3164 with or without
 * `<PRI>`, RFC 5424, and relay-added double headers. Spec: _cef-and-commonsecuritylog.md §1.
 *
 * Hand-written scanner: one pass over the header, no regular expressions, nothing allocated but the
 * result. Never throws on input: text that is not a header is simply "no envelope".
 */

/** What the envelope said. The innermost header wins (a relay's header is outermost). */
export interface SyslogEnvelope {
  /** `<PRI>`; facility = pri >> 3, severity = pri & 7. */
  pri?: number;
  facility?: number;
  severity?: number;
  /** ISO-8601 UTC. RFC 3164: year and zone resolved by the `SyslogTimeOptions`. */
  timestamp?: string;
  host?: string;
  /** RFC 5424 APP-NAME, or the RFC 3164 TAG (without `[pid]:`). */
  app?: string;
  /** RFC 5424 PROCID / RFC 3164 `[pid]`. */
  procId?: string;
  /** RFC 5424 MSGID. */
  msgId?: string;
  /** RFC 5424 STRUCTURED-DATA, verbatim (absent for `-`). */
  structuredData?: string;
  /** 3164 or 5424, of the innermost header. */
  format?: 'rfc3164' | 'rfc5424';
  /** Host of the outer header when a relay added its own header in front of the device's. */
  relayHost?: string;
}

/** The result of `parseSyslogEnvelope`: the envelope and where the message starts. */
export interface SyslogParse {
  readonly envelope: SyslogEnvelope | undefined;
  /** Index in the line where the message (after the envelope) starts. 0 when there is no envelope. */
  readonly messageStart: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/** Month index (0..11) of a three-letter English month name at `i`, case-insensitive; -1 if none. */
export function monthAt(s: string, i: number): number {
  if (i + 3 > s.length) return -1;
  const a = s.charCodeAt(i) | 0x20;
  const b = s.charCodeAt(i + 1) | 0x20;
  const c = s.charCodeAt(i + 2) | 0x20;
  for (let m = 0; m < 12; m++) {
    const name = MONTHS[m]!;
    if ((name.charCodeAt(0) | 0x20) === a && name.charCodeAt(1) === b && name.charCodeAt(2) === c) return m;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads exactly `n` digits at `i`; -1 when they are not all digits. */
function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `Date.UTC` with the year taken literally: `Date.UTC` maps years 0–99 to 1900–1999. */
export function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const t = Date.UTC(year, month, day, hour, minute, second, ms);
  if (year >= 100 || year < 0) return t;
  const d = new Date(t);
  d.setUTCFullYear(year);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month !== 1) return DAYS_IN_MONTH[month]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * Turns zone-less wall-clock times (RFC 3164, PAN-OS CSV, CEF dates without a zone) into UTC.
 * `zone` is undefined/`UTC` (the default: DESIGN "Time"), a fixed offset (`+02:00`, `-0500`), or
 * an IANA name (`Europe/Berlin`; daylight saving applied per timestamp).
 */
export class WallClock {
  private readonly fixedOffsetMs: number | undefined;
  private readonly dtf: Intl.DateTimeFormat | undefined;
  /** Offset cache keyed by UTC hour, for IANA zones. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string | undefined) {
    if (zone === undefined || zone === '' || zone === 'UTC' || zone === 'GMT' || zone === 'Z') {
      this.fixedOffsetMs = 0;
      return;
    }
    const fixed = parseOffset(zone, 0, zone.length);
    if (fixed !== undefined) {
      this.fixedOffsetMs = fixed;
      return;
    }
    try {
      this.dtf = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ConfigError('bad-timezone', `timezone "${zone}" is neither an IANA zone name (e.g. Europe/Berlin) nor an offset (e.g. +02:00)`);
    }
  }

  /** Epoch ms of a wall-clock time in this zone. Month is 0-based. */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
    const wall = utcMs(year, month, day, hour, minute, second, ms);
    if (this.fixedOffsetMs !== undefined) return wall - this.fixedOffsetMs;
    // Two passes settle the offset across a DST change (the standard Intl technique).
    let guess = wall - this.offsetAt(wall);
    const second2 = wall - this.offsetAt(guess);
    if (second2 !== guess) guess = second2;
    return guess;
  }

  private offsetAt(epochMs: number): number {
    const hourKey = Math.floor(epochMs / 3_600_000);
    let off = this.offsets.get(hourKey);
    if (off === undefined) {
      const parts = this.dtf!.formatToParts(new Date(hourKey * 3_600_000));
      const p: Record<string, number> = {};
      for (const part of parts) if (part.type !== 'literal') p[part.type] = Number(part.value);
      const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
      off = asUtc - hourKey * 3_600_000;
      if (this.offsets.size > 4096) this.offsets.clear();
      this.offsets.set(hourKey, off);
    }
    return off;
  }
}

/**
 * A numeric zone offset at s[i..end): `Z`, `+hh`, `+hhmm`, `+hh:mm` (also `-`), optionally after
 * `GMT`/`UTC` (`GMT+02:00`). Returns the offset in ms (local = UTC + offset), undefined if not one.
 */
export function parseOffset(s: string, i: number, end: number): number | undefined {
  if (end - i === 1 && (s.charCodeAt(i) | 0x20) === 0x7a /* z */) return 0;
  const head = s.slice(i, Math.min(i + 3, end)).toUpperCase();
  if ((head === 'GMT' || head === 'UTC') && end - i > 3) i += 3;
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return undefined;
  const hh = digits(s, i + 1, 2);
  if (hh < 0 || hh > 23) return undefined;
  let j = i + 3;
  let mm = 0;
  if (j < end) {
    if (s.charCodeAt(j) === 58 /* : */) j++;
    mm = digits(s, j, 2);
    if (mm < 0 || mm > 59 || j + 2 !== end) return undefined;
  } else if (j !== end) return undefined;
  const off = (hh * 60 + mm) * 60_000;
  return sign === 45 ? -off : off;
}

/** How zone-less and year-less header timestamps are resolved. */
export interface SyslogTimeOptions {
  /** Zone for timestamps without one (default UTC). */
  readonly clock: WallClock;
  /** The receive time (epoch ms) that supplies the year of RFC 3164 timestamps. */
  readonly referenceMs: number;
}

/**
 * The year for a year-less `month/day hh:mm:ss`: the reference year, rolled back one year when the
 * result would be more than one day after the reference (spec §1: a December record read in January).
 */
export function resolveYear(opts: SyslogTimeOptions, month: number, day: number, h: number, mi: number, s: number, ms: number): number | undefined {
  return resolveYearAndEpoch(opts, month, day, h, mi, s, ms, resolvedOut);
}

/** Where `resolveYearAndEpoch` leaves the time in the year it resolved, when it computed it (NaN otherwise). */
const resolvedOut: TimeOut = { t: 0 };

/** `resolveYear`, leaving `opts.clock.toEpoch` of the time in the resolved year in `out.t` when it computed that on the way (else NaN). */
function resolveYearAndEpoch(opts: SyslogTimeOptions, month: number, day: number, h: number, mi: number, s: number, ms: number, out: TimeOut): number | undefined {
  out.t = Number.NaN;
  let year = referenceYear(opts.referenceMs);
  if (day > daysInMonth(year, month)) {
    // Feb 29: the latest leap year not after the reference
    if (month !== 1 || day !== 29) return undefined;
    while (daysInMonth(year, 1) !== 29) year--;
    return year;
  }
  const t = opts.clock.toEpoch(year, month, day, h, mi, s, ms);
  if (t - opts.referenceMs > DAY_MS) year--;
  else out.t = t;
  if (day > daysInMonth(year, month)) return undefined;
  return year;
}

let lastReferenceMs = Number.NaN;
let lastReferenceYear = Number.NaN;

/** The UTC year of a reference time; the last one is kept (one per stream, asked for every record). */
function referenceYear(referenceMs: number): number {
  if (referenceMs !== lastReferenceMs) {
    lastReferenceYear = new Date(referenceMs).getUTCFullYear();
    lastReferenceMs = referenceMs;
  }
  return lastReferenceYear;
}

// ---------------------------------------------------------------------------------------------
// Timestamp scanners. Each returns the end index and writes the epoch ms to `out.t`, or -1.

interface TimeOut {
  t: number;
}

/**
 * RFC 3164 `Mmm dd HH:mm:ss` (day space-padded or not), with optional `.fraction`, optional year
 * after the day (`Mmm dd yyyy HH:mm:ss`, Cisco/Check Point style) and optional zone (`UTC`, `GMT`,
 * `+02:00`) at s[i..]. Returns the index after it, or -1.
 */
export function scanBsdTimestamp(s: string, i: number, opts: SyslogTimeOptions, out: TimeOut): number {
  const month = monthAt(s, i);
  if (month < 0) return -1;
  let j = i + 3;
  if (s.charCodeAt(j) !== 32) return -1;
  while (s.charCodeAt(j) === 32) j++;
  let day = 0;
  const d0 = j;
  while (j < s.length && isDigit(s.charCodeAt(j)) && j - d0 < 2) day = day * 10 + (s.charCodeAt(j++) - 48);
  if (j === d0 || day < 1 || day > 31 || s.charCodeAt(j) !== 32) return -1;
  j++;
  let year = -1;
  const y = digits(s, j, 4);
  if (y >= 0 && s.charCodeAt(j + 4) === 32) {
    year = y;
    j += 5;
  }
  const k = scanClock(s, j, clockOut);
  if (k < 0) return -1;
  j = k;
  // optional zone: ` UTC`, ` GMT`, ` +02:00`, `Z`
  let offset: number | undefined;
  if (s.charCodeAt(j) === 32 && mayStartZone(s.charCodeAt(j + 1))) {
    const zs = j + 1;
    let ze = zs;
    while (ze < s.length && s.charCodeAt(ze) !== 32) ze++;
    const word = s.slice(zs, ze);
    if (word === 'UTC' || word === 'GMT') offset = 0;
    else if (ze > zs) {
      const o = parseOffset(s, zs, ze);
      if (o !== undefined) offset = o;
    }
    if (offset !== undefined) j = ze;
  }
  const { h, mi, sec, ms } = clockOut;
  if (year < 0) {
    const ry = resolveYearAndEpoch(opts, month, day, h, mi, sec, ms, resolvedOut);
    if (ry === undefined) return -1;
    year = ry;
    if (offset === undefined && !Number.isNaN(resolvedOut.t)) {
      // the year's wall clock time, as resolving the year read it
      out.t = resolvedOut.t;
      return j;
    }
  } else if (day > daysInMonth(year, month)) return -1;
  out.t = offset !== undefined ? utcMs(year, month, day, h, mi, sec, ms) - offset : opts.clock.toEpoch(year, month, day, h, mi, sec, ms);
  return j;
}

const clockOut = { h: 0, mi: 0, sec: 0, ms: 0 };

/** Whether a zone `parseOffset` or `UTC`/`GMT` reads can start with this character: `+`, `-`, `Z`, `G`, `U` (either case; a host name mostly cannot). */
function mayStartZone(c: number): boolean {
  const l = c | 0x20;
  return c === 43 || c === 45 || l === 0x7a || l === 0x67 || l === 0x75;
}

/** `HH:mm:ss[.fff...]` at i; fills `o`; returns the end index or -1. */
function scanClock(s: string, i: number, o: typeof clockOut): number {
  const h = digits(s, i, 2);
  const mi = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return -1;
  if (h > 23 || mi > 59 || sec > 60) return -1;
  let j = i + 8;
  let ms = 0;
  if (s.charCodeAt(j) === 46 /* . */ && isDigit(s.charCodeAt(j + 1))) {
    j++;
    let scale = 100;
    while (j < s.length && isDigit(s.charCodeAt(j))) {
      ms += (s.charCodeAt(j) - 48) * scale;
      scale /= 10;
      j++;
    }
    ms = Math.floor(ms);
  }
  o.h = h;
  o.mi = mi;
  o.sec = sec === 60 ? 59 : sec;
  o.ms = ms;
  return j;
}

/**
 * ISO-8601 / RFC 3339 `YYYY-MM-DD[T ]HH:mm:ss[.fff][Z|±hh:mm]` at s[i..]; zone-less times use the
 * clock's zone. Returns the end index or -1.
 */
export function scanIsoTimestamp(s: string, i: number, clock: WallClock, out: TimeOut): number {
  const year = digits(s, i, 4);
  const month = digits(s, i + 5, 2) - 1;
  const day = digits(s, i + 8, 2);
  if (year < 0 || month < 0 || month > 11 || day < 1 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return -1;
  if (day > daysInMonth(year, month)) return -1;
  const sep = s.charCodeAt(i + 10);
  if (sep !== 84 /* T */ && sep !== 32 && sep !== 116 /* t */) return -1;
  const j = scanClock(s, i + 11, clockOut);
  if (j < 0) return -1;
  const { h, mi, sec, ms } = clockOut;
  const c = s.charCodeAt(j);
  if (c === 90 || c === 122 /* Z z */) {
    out.t = utcMs(year, month, day, h, mi, sec, ms);
    return j + 1;
  }
  if (c === 43 || c === 45) {
    let end = j + 3;
    if (s.charCodeAt(end) === 58) end += 3;
    else if (isDigit(s.charCodeAt(end))) end += 2;
    const off = parseOffset(s, j, end);
    if (off === undefined) return -1;
    out.t = utcMs(year, month, day, h, mi, sec, ms) - off;
    return end;
  }
  out.t = clock.toEpoch(year, month, day, h, mi, sec, ms);
  return j;
}

// ---------------------------------------------------------------------------------------------
// Envelope

const timeOut: TimeOut = { t: 0 };

/**
 * Parses the syslog header(s) at the start of `line`. `stopAt` (e.g. `CEF:`) marks text that is
 * never a host or tag: `<14>Jul 16 10:32:04 CEF:0|...` has no host. Text that is not a header
 * yields `{ envelope: undefined, messageStart: 0 }`. A header whose timestamp has the shape of one
 * but is no date (`Feb 30 10:00:00`, `2024-13-01T...`) makes the record malformed: RecordRejected
 * `bad-timestamp` (its time must not silently become the receive time).
 */
export function parseSyslogEnvelope(line: string, opts: SyslogTimeOptions, stopAt?: string): SyslogParse {
  return parseSyslogEnvelopeTimed(line, opts, unusedTime, stopAt);
}

const unusedTime: TimeOut = { t: 0 };

/**
 * `parseSyslogEnvelope`, also leaving the envelope's timestamp in epoch ms in `out.t` (what
 * `Date.parse` of `envelope.timestamp` gives; NaN without one), for a reader that needs the ms.
 */
export function parseSyslogEnvelopeTimed(line: string, opts: SyslogTimeOptions, out: { t: number }, stopAt?: string): SyslogParse {
  let env: SyslogEnvelope | undefined;
  let pos = 0;
  let ms = Number.NaN;
  // A relay may prepend its own header: parse headers while they follow each other.
  for (let depth = 0; depth < 4; depth++) {
    const r = parseOneHeader(line, pos, opts, stopAt);
    if (r === undefined) break;
    // the inner header's timestamp wins, as in the merge below
    if (r.env.timestamp !== undefined) ms = timeOut.t;
    if (env === undefined) env = r.env;
    else {
      // inner header wins; what it lacks (a bare `<PRI>`) is inherited from the relay's header
      const outer = env;
      env = { ...outer, ...r.env };
      if (outer.host !== undefined && r.env.host !== undefined) env.relayHost = outer.relayHost ?? outer.host;
    }
    pos = r.end;
  }
  out.t = ms;
  return { envelope: env, messageStart: pos };
}

function parseOneHeader(s: string, i: number, opts: SyslogTimeOptions, stopAt: string | undefined): { env: SyslogEnvelope; end: number } | undefined {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  if (i >= n) return undefined; // nothing left: no header (what the scanners below would find)
  const env: SyslogEnvelope = {};
  let j = i;
  if (s.charCodeAt(j) === 60 /* < */) {
    let pri = 0;
    let k = j + 1;
    while (k < n && k - j <= 3 && isDigit(s.charCodeAt(k))) pri = pri * 10 + (s.charCodeAt(k++) - 48);
    if (k === j + 1 || s.charCodeAt(k) !== 62 /* > */ || pri > 191) return undefined;
    env.pri = pri;
    env.facility = pri >> 3;
    env.severity = pri & 7;
    j = k + 1;
    // RFC 5424: VERSION (1-2 digits) then SP
    if (isDigit(s.charCodeAt(j)) && (s.charCodeAt(j + 1) === 32 || (isDigit(s.charCodeAt(j + 1)) && s.charCodeAt(j + 2) === 32))) {
      const v = s.charCodeAt(j + 1) === 32 ? j + 2 : j + 3;
      const e5: SyslogEnvelope = { pri, facility: env.facility, severity: env.severity };
      const r = parse5424(s, v, opts, e5);
      if (r >= 0) return { env: e5, end: r };
    }
  }
  // RFC 3164 timestamp (or an RFC 3339 one, as rsyslog's high-precision template writes)
  let end = scanBsdTimestamp(s, j, opts, timeOut);
  if (end < 0) end = scanIsoTimestamp(s, j, opts.clock, timeOut);
  if (end < 0) {
    rejectImpossibleTimestamp(s, j);
    // `<PRI>` alone, directly followed by the message, is still an envelope
    return env.pri !== undefined ? { env, end: j } : undefined;
  }
  env.timestamp = epochMillisToIso(timeOut.t);
  env.format = 'rfc3164';
  j = end;
  while (j < n && s.charCodeAt(j) === 32) j++;
  // HOSTNAME: the next token, unless it is the message itself
  const hs = j;
  while (j < n && s.charCodeAt(j) !== 32) j++;
  const token = s.slice(hs, j);
  if (token === '' || isMessageStart(token, stopAt)) return { env, end: hs };
  if (token.length > 1 && token.charCodeAt(token.length - 1) === 58 /* : */ && isTag(token)) {
    // `Jul 16 10:32:04 sshd[42]: ...`: a TAG without a HOSTNAME
    setTag(env, token);
    return { env, end: skipSpaces(s, j) };
  }
  env.host = token;
  j = skipSpaces(s, j);
  // optional TAG: `app:` or `app[pid]:`
  const ts = j;
  while (j < n && s.charCodeAt(j) !== 32) j++;
  const tag = s.slice(ts, j);
  if (tag.length > 1 && tag.charCodeAt(tag.length - 1) === 58 && !isMessageStart(tag, stopAt) && isTag(tag)) {
    setTag(env, tag);
    return { env, end: skipSpaces(s, j) };
  }
  return { env, end: ts };
}

/**
 * Throws `bad-timestamp` when s[i..] has the shape of a header timestamp that did not parse: an RFC
 * 3164 `Mmm dd [yyyy ]hh:mm:ss` or an ISO `yyyy-mm-ddThh:mm:ss` whose numbers are no date or time.
 */
function rejectImpossibleTimestamp(s: string, i: number): void {
  let end = -1;
  if (monthAt(s, i) >= 0 && s.charCodeAt(i + 3) === 32) {
    let j = i + 3;
    while (s.charCodeAt(j) === 32) j++;
    let k = j;
    while (isDigit(s.charCodeAt(k))) k++;
    if (k > j && k - j <= 2 && s.charCodeAt(k) === 32) {
      j = k + 1;
      if (digits(s, j, 4) >= 0 && s.charCodeAt(j + 4) === 32) j += 5;
      if (isClockShape(s, j)) end = j + 8;
    }
  } else if (digits(s, i, 4) >= 0 && s.charCodeAt(i + 4) === 45 && digits(s, i + 5, 2) >= 0 && s.charCodeAt(i + 7) === 45 && digits(s, i + 8, 2) >= 0) {
    const sep = s.charCodeAt(i + 10);
    if ((sep === 84 || sep === 32 || sep === 116) && isClockShape(s, i + 11)) end = i + 19;
  }
  if (end > 0) throw new RecordRejected('bad-timestamp', `the syslog header's timestamp "${s.slice(i, end)}" is not a valid date and time`);
}

/** `dd:dd:dd` at i. */
function isClockShape(s: string, i: number): boolean {
  return digits(s, i, 2) >= 0 && s.charCodeAt(i + 2) === 58 && digits(s, i + 3, 2) >= 0 && s.charCodeAt(i + 5) === 58 && digits(s, i + 6, 2) >= 0;
}

/** `CEF:` / `LEEF:` (and the caller's marker) start a message: never a host or a tag. */
function isMessageStart(token: string, stopAt: string | undefined): boolean {
  return token.startsWith('CEF:') || token.startsWith('LEEF:') || (stopAt !== undefined && token.startsWith(stopAt));
}

function skipSpaces(s: string, j: number): number {
  while (j < s.length && s.charCodeAt(j) === 32) j++;
  return j;
}

/** `app:` / `app[123]:` made of printable non-space characters, no `|` or `=` (those are messages). */
function isTag(tag: string): boolean {
  for (let k = 0; k < tag.length - 1; k++) {
    const c = tag.charCodeAt(k);
    if (c === 124 || c === 61 || c === 44 || c < 33 || c > 126) return false;
  }
  return true;
}

function setTag(env: SyslogEnvelope, tag: string): void {
  const body = tag.slice(0, -1);
  const b = body.indexOf('[');
  if (b > 0 && body.charCodeAt(body.length - 1) === 93) {
    env.app = body.slice(0, b);
    env.procId = body.slice(b + 1, -1);
  } else env.app = body;
}

/** RFC 5424 after `<PRI>VERSION SP`. Returns the message start or -1 when it is not 5424. */
function parse5424(s: string, i: number, opts: SyslogTimeOptions, env: SyslogEnvelope): number {
  const n = s.length;
  let j = i;
  if (s.charCodeAt(j) === 45 /* - */ && s.charCodeAt(j + 1) === 32) j += 1;
  else {
    const end = scanIsoTimestamp(s, j, opts.clock, timeOut);
    if (end < 0) {
      rejectImpossibleTimestamp(s, j);
      return -1;
    }
    env.timestamp = epochMillisToIso(timeOut.t);
    j = end;
  }
  env.format = 'rfc5424';
  // HOSTNAME APP-NAME PROCID MSGID; a header cut short (a prefix before `CEF:`) just ends early
  for (let f = 0; f < 4; f++) {
    if (j >= n || (j + 1 >= n && s.charCodeAt(j) === 32)) return n;
    if (s.charCodeAt(j) !== 32) return -1;
    j++;
    const st = j;
    while (j < n && s.charCodeAt(j) !== 32) j++;
    if (j === st) return -1;
    if (j - st === 1 && s.charCodeAt(st) === 45) continue;
    const v = s.slice(st, j);
    if (f === 0) env.host = v;
    else if (f === 1) env.app = v;
    else if (f === 2) env.procId = v;
    else env.msgId = v;
  }
  if (j >= n) return j;
  if (s.charCodeAt(j) !== 32) return -1;
  j++;
  if (j >= n) return j;
  if (s.charCodeAt(j) === 45 /* - */) {
    j++;
  } else if (s.charCodeAt(j) === 91 /* [ */) {
    const sdStart = j;
    while (s.charCodeAt(j) === 91) {
      j++;
      let inQuote = false;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (inQuote) {
          if (c === 92 /* \ */) j++;
          else if (c === 34) inQuote = false;
        } else if (c === 34) inQuote = true;
        else if (c === 93 /* ] */) break;
        j++;
      }
      if (j >= n) return -1; // unterminated SD-ELEMENT
      j++;
    }
    env.structuredData = s.slice(sdStart, j);
  } else return -1;
  if (j < n && s.charCodeAt(j) === 32) j++;
  // optional UTF-8 BOM before MSG
  if (s.charCodeAt(j) === 0xfeff) j++;
  return j;
}

/** Syslog options a plugin or codec accepts: the zone of zone-less timestamps. */
export interface SyslogCodecOptions {
  /** IANA zone or offset for timestamps without a zone (RFC 3164 headers, CEF dates); default UTC. */
  readonly timezone?: string;
}

const clocks = new Map<string, WallClock>();
const UTC_WALL_CLOCK = new WallClock(undefined);

/** A shared WallClock per zone (undefined/empty = UTC), so per-record lookups cost nothing. Throws ConfigError for a bad zone. */
export function wallClockFor(zone: string | undefined): WallClock {
  if (zone === undefined || zone === '') return UTC_WALL_CLOCK;
  let c = clocks.get(zone);
  if (c === undefined) {
    c = new WallClock(zone);
    if (clocks.size > 64) clocks.clear();
    clocks.set(zone, c);
  }
  return c;
}

/** Builds the time options of one stream from its options and receive time. */
export function syslogTimeOptions(options: unknown, receivedAt: string): SyslogTimeOptions {
  const tz = options !== null && typeof options === 'object' ? (options as Record<string, unknown>).timezone : undefined;
  const ref = Date.parse(receivedAt);
  return { clock: wallClockFor(typeof tz === 'string' ? tz : undefined), referenceMs: Number.isNaN(ref) ? Date.now() : ref };
}

const timeByStream = new WeakMap<object, SyslogTimeOptions>();

/**
 * The time options of a stream (`ctx.options.timezone`, `ctx.receivedAt`), built once per stream
 * context and cached, so mappings can resolve zone-less timestamps per record without cost.
 */
export function streamTimeOptions(ctx: { readonly options: unknown; readonly receivedAt: string }): SyslogTimeOptions {
  let t = timeByStream.get(ctx);
  if (t === undefined) {
    t = syslogTimeOptions(ctx.options, ctx.receivedAt);
    timeByStream.set(ctx, t);
  }
  return t;
}
