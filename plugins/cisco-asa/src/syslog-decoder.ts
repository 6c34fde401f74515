import {
  monthAt,
  parseSyslogEnvelope,
  RecordRejected,
  scanBsdTimestamp,
  scanIsoTimestamp,
  wallClockFor,
  type CommonSecurityLogRow,
  type RawDecoder,
  type RowOutput,
  type SyslogEnvelopeInfo,
  type SyslogTimeOptions,
} from '@asimkit/sdk';

/**
 * Raw ASA / FTD syslog lines (spec §2.1) → the CommonSecurityLog row Sentinel's agent writes for
 * them (spec §3, _cef §7): DeviceVendor `Cisco`, DeviceProduct `ASA` (or `FTD` for `%FTD-` lines,
 * as the AMA connector writes), DeviceEventClassID = message id, LogSeverity and
 * OriginalLogSeverity = the level digit of the tag, Message = the text from the tag on, Computer =
 * the header's host, TimeGenerated = the header's time, DeviceFacility = the PRI's facility.
 *
 * Headers in front of the tag, all optional: `<PRI>`; an RFC 5424 header; a relay's RFC 3164
 * header before the device's own (the inner one wins); an EMBLEM sequence number `123:` or a bare
 * `:`; the ASA `logging timestamp` forms `Mmm dd [yyyy] HH:MM:SS[.fff] [zone][:]` or ISO-8601; a
 * host, with or without a trailing `:`; a `tag[pid]:`. A line whose header holds a time that does
 * not parse is rejected (never given the receive time).
 */

/** The tag: `%ASA-6-302013:`, `%FTD-4-106023:`, and the EMBLEM/FTD class form `%ASA-session-6-302013:`. */
export interface AsaTag {
  /** Where `%` is. */
  readonly start: number;
  /** Just after the `:` that ends the tag. */
  readonly end: number;
  readonly product: 'ASA' | 'FTD';
  readonly level: string;
  readonly id: string;
}

const PERCENT = 37;

/** The first `%ASA-`/`%FTD-` tag in the line, or undefined. */
export function findTag(line: string): AsaTag | undefined {
  let at = line.indexOf('%');
  while (at >= 0) {
    const tag = tagAt(line, at);
    if (tag !== undefined) return tag;
    at = line.indexOf('%', at + 1);
  }
  return undefined;
}

function tagAt(s: string, i: number): AsaTag | undefined {
  if (s.charCodeAt(i) !== PERCENT || s.charCodeAt(i + 4) !== 45 /* - */) return undefined;
  const word = s.slice(i + 1, i + 4);
  if (word !== 'ASA' && word !== 'FTD') return undefined;
  let j = i + 5;
  // optional class word (`session-`): lower-case letters then `-`
  const c0 = s.charCodeAt(j);
  if (c0 >= 97 && c0 <= 122) {
    while (j < s.length && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
    if (s.charCodeAt(j) !== 45) return undefined;
    j++;
  }
  const level = s.charCodeAt(j);
  if (level < 48 || level > 55 || s.charCodeAt(j + 1) !== 45) return undefined;
  const idStart = j + 2;
  for (let k = idStart; k < idStart + 6; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  if (s.charCodeAt(idStart + 6) !== 58 /* : */) return undefined;
  return { start: i, end: idStart + 7, product: word, level: String.fromCharCode(level), id: s.slice(idStart, idStart + 6) };
}

/** Whether a line holds an ASA/FTD tag (routing and sniffing). Cheap: one indexOf per `%`. */
export function isAsaLine(line: string): boolean {
  return findTag(line) !== undefined;
}

/** Syslog facility names (RFC 5424 §6.2.1), as the agent stores DeviceFacility (`local4`). */
const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'audit', 'alert', 'clock',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;

/**
 * Zone abbreviations ASA writes after the time with `clock timezone` set (`14:51:59 EDT:`), in
 * minutes east of UTC. `UTC`/`GMT` and numeric offsets are read by the SDK's scanner; any other
 * word after the time is not a zone (it is the host).
 */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780, SGT: 480, HKT: 480,
};

/** What the header in front of the tag said. */
export interface AsaHeader {
  timeMs?: number;
  host?: string;
  relayHost?: string;
  pri?: number;
  app?: string;
}

const UTC_CLOCK = wallClockFor(undefined);
const timeOut = { t: 0 };

/**
 * Reads the header in `line[0, end)` (the text before the tag). Throws RecordRejected when it holds
 * a time that does not parse.
 */
export function parseAsaHeader(line: string, end: number, time: SyslogTimeOptions): AsaHeader {
  const header: AsaHeader = {};
  let i = skipSpaces(line, 0, end);
  if (i >= end) return header;
  if (line.charCodeAt(i) === 60 /* < */ && isRfc5424(line, i)) {
    const parsed = parseSyslogEnvelope(line.slice(0, end), time, '%');
    const env = parsed.envelope;
    if (env !== undefined && env.format === 'rfc5424') {
      if (env.timestamp !== undefined) header.timeMs = Date.parse(env.timestamp);
      header.host = env.host;
      header.pri = env.pri;
      header.app = env.app;
      if (env.relayHost !== undefined) header.relayHost = env.relayHost;
      i = parsed.messageStart;
      readTokens(line, i, end, time, header);
      return header;
    }
  }
  readTokens(line, i, end, time, header);
  return header;
}

/** `<PRI>1 ` (a version digit after the PRI). */
function isRfc5424(s: string, i: number): boolean {
  const close = s.indexOf('>', i);
  if (close < 0 || close > i + 4) return false;
  const v = s.charCodeAt(close + 1);
  return v >= 49 && v <= 57 && s.charCodeAt(close + 2) === 32;
}

/**
 * The RFC 3164 / EMBLEM / `logging timestamp` part, token by token: a `<PRI>` (another one later
 * starts the device's own header behind a relay's), a sequence number `123:`, a time, a host, a
 * tag. The innermost header wins.
 */
function readTokens(s: string, i: number, end: number, time: SyslogTimeOptions, header: AsaHeader): void {
  readHeaderTokens(s, i, end, time, header);
  // `<PRI>time host time: %ASA-...`: the device's own `logging timestamp` after the header the
  // syslog server wrote; that header's host is the only one there is
  if (header.host === undefined && header.relayHost !== undefined) {
    header.host = header.relayHost;
    header.relayHost = undefined;
  }
}

function readHeaderTokens(s: string, i: number, end: number, time: SyslogTimeOptions, header: AsaHeader): void {
  while (i < end) {
    i = skipSpaces(s, i, end);
    if (i >= end) return;
    const c = s.charCodeAt(i);
    if (c === 60 /* < */) {
      const close = s.indexOf('>', i);
      const pri = close > i + 1 && close <= i + 4 && close < end ? Number(s.slice(i + 1, close)) : Number.NaN;
      if (Number.isInteger(pri) && pri >= 0 && pri <= 191) {
        if (header.pri !== undefined || header.timeMs !== undefined || header.host !== undefined) {
          // a relay's header came first: the device's header behind it wins
          if (header.host !== undefined) header.relayHost ??= header.host;
          header.host = undefined;
          header.timeMs = undefined;
          header.app = undefined;
        }
        header.pri = pri;
        i = close + 1;
        continue;
      }
    }
    if (c === 58 /* : */) {
      i++;
      continue;
    }
    const timeEnd = scanTime(s, i, end, time, header);
    if (timeEnd > 0) {
      i = timeEnd;
      continue;
    }
    let j = i;
    while (j < end && s.charCodeAt(j) !== 32) j++;
    let token = s.slice(i, j);
    i = j;
    if (token.endsWith(':')) token = token.slice(0, -1);
    if (token === '') continue;
    if (isSequenceNumber(token) && header.host === undefined && header.timeMs === undefined) continue;
    const bracket = token.indexOf('[');
    if (header.host !== undefined || (bracket > 0 && token.endsWith(']'))) {
      // `CiscoASA[999]:` or a second word after the host: a tag
      header.app ??= bracket > 0 ? token.slice(0, bracket) : token;
      continue;
    }
    header.host = token;
  }
}

/** The EMBLEM sequence number `000123`: digits only. */
function isSequenceNumber(token: string): boolean {
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return token.length > 0;
}

/**
 * A time at s[i]: `Mmm dd [yyyy] HH:MM:SS[.fff] [zone]` or ISO-8601. Returns the index after it
 * (and after a zone abbreviation), 0 when s[i] starts no time. Throws when it starts one that
 * does not parse (`Jan 45 ...`, `2024-13-01T...`).
 */
function scanTime(s: string, i: number, end: number, time: SyslogTimeOptions, header: AsaHeader): number {
  const first = s.charCodeAt(i);
  if (first === 42 /* * */ || first === 46 /* . */) i++; // IOS-style "not synchronised" markers
  const known = memoTime(s, i, time);
  if (known >= 0) {
    setTime(header, known);
    return i + memo.minute.length + 2;
  }
  if (monthAt(s, i) >= 0 && s.charCodeAt(i + 3) === 32) {
    let d = i + 3;
    while (s.charCodeAt(d) === 32) d++;
    const dc = s.charCodeAt(d);
    if (dc < 48 || dc > 57) return 0; // a host named like a month
    // (the tag after `end` starts with `%`: the scanners never read it as part of a time)
    let j = scanBsdTimestamp(s, i, time, timeOut);
    if (j < 0 || j > end) throw badTime(s, i, end);
    let ms = timeOut.t;
    const zone = zoneAt(s, j);
    if (zone !== undefined) {
      // wall time in the named zone: rescan as UTC, then shift
      scanBsdTimestamp(s, i, { clock: UTC_CLOCK, referenceMs: time.referenceMs }, timeOut);
      ms = timeOut.t - zone.minutes * 60_000;
      j = zone.end;
    }
    setTime(header, ms);
    remember(s, i, j, ms, time);
    return j;
  }
  if (first >= 48 && first <= 57 && s.charCodeAt(i + 4) === 45 && s.charCodeAt(i + 7) === 45) {
    const j = scanIsoTimestamp(s, i, time.clock, timeOut);
    if (j < 0 || j > end) throw badTime(s, i, end);
    setTime(header, timeOut.t);
    return j;
  }
  return 0;
}

/**
 * The minute of the last RFC 3164 time read: lines of a stream mostly share it, so a line whose
 * time text starts with the same `Mmm dd [yyyy] HH:MM:` and ends with plain seconds is that
 * minute's time plus its seconds, without a scan. Only minutes in which the year resolution
 * (`resolveYear`'s one-day rule) cannot change, and no zone word after the time.
 */
const memo: { time: SyslogTimeOptions | undefined; minute: string; ms: number } = { time: undefined, minute: '', ms: 0 };
const DAY_MS = 86_400_000;

function memoTime(s: string, i: number, time: SyslogTimeOptions): number {
  if (memo.time !== time || !s.startsWith(memo.minute, i)) return -1;
  const k = i + memo.minute.length;
  const seconds = twoDigits(s, k);
  if (seconds < 0 || seconds > 59 || !endsTime(s, k + 2)) return -1;
  return memo.ms + seconds * 1000;
}

function remember(s: string, i: number, j: number, ms: number, time: SyslogTimeOptions): void {
  const seconds = twoDigits(s, j - 2);
  if (s.charCodeAt(j - 3) !== 58 || seconds < 0 || seconds > 59 || !endsTime(s, j)) return;
  const minuteMs = ms - seconds * 1000;
  const ahead = minuteMs - time.referenceMs;
  if (ahead <= DAY_MS && ahead + 60_000 > DAY_MS) return; // the year could differ within this minute
  memo.time = time;
  memo.minute = s.slice(i, j - 2);
  memo.ms = minuteMs;
}

function twoDigits(s: string, k: number): number {
  const a = s.charCodeAt(k) - 48;
  const b = s.charCodeAt(k + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * After a time's text, a space and then a word that cannot extend it (the scanner reads a zone
 * after the time: `UTC`, `+02:00`, an upper-case abbreviation): a host or a tag, lower-case or digits.
 */
function endsTime(s: string, k: number): boolean {
  if (s.charCodeAt(k) !== 32) return false;
  const c = s.charCodeAt(k + 1);
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** A second time after a time and a host starts the device's header behind a relay's (no PRI of its own). */
function setTime(header: AsaHeader, ms: number): void {
  if (header.timeMs !== undefined && header.host !== undefined) {
    header.relayHost ??= header.host;
    header.host = undefined;
    header.app = undefined;
  }
  header.timeMs = ms;
}

/** A zone abbreviation word at s[j] (` EDT` or ` EDT:`). */
function zoneAt(s: string, j: number): { minutes: number; end: number } | undefined {
  if (s.charCodeAt(j) !== 32) return undefined;
  let k = j + 1;
  while (k < s.length && s.charCodeAt(k) >= 65 && s.charCodeAt(k) <= 90) k++;
  if (k === j + 1 || (k < s.length && s.charCodeAt(k) !== 32 && s.charCodeAt(k) !== 58)) return undefined;
  const minutes = ZONE_ABBREVIATIONS[s.slice(j + 1, k)];
  return minutes === undefined ? undefined : { minutes, end: k };
}

function badTime(s: string, i: number, end: number): RecordRejected {
  const word = s.slice(i, Math.min(end, i + 32)).trim();
  return new RecordRejected('bad-timestamp', `the syslog header time "${word}" is not a valid time`);
}

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

/** The row the agent writes for an ASA line with this tag, header and message text. */
export function asaRow(line: string, tag: AsaTag, header: AsaHeader): CommonSecurityLogRow {
  const row: CommonSecurityLogRow = {
    Type: 'CommonSecurityLog',
    DeviceVendor: 'Cisco',
    DeviceProduct: tag.product,
    DeviceEventClassID: tag.id,
    LogSeverity: tag.level,
    OriginalLogSeverity: tag.level,
    Message: line.slice(tag.start).trimEnd(),
  };
  if (header.timeMs !== undefined) row.TimeGenerated = new Date(header.timeMs).toISOString();
  if (header.host !== undefined) row.Computer = header.host;
  if (header.pri !== undefined) row.DeviceFacility = FACILITIES[header.pri >> 3];
  if (header.pri !== undefined || header.timeMs !== undefined || header.host !== undefined) {
    const info: SyslogEnvelopeInfo = {};
    if (header.pri !== undefined) {
      info.pri = header.pri;
      info.facility = header.pri >> 3;
      info.severity = header.pri & 7;
    }
    if (row.TimeGenerated !== undefined) info.timestamp = row.TimeGenerated;
    if (header.host !== undefined) info.host = header.host;
    if (header.app !== undefined) info.app = header.app;
    row.__syslog = info;
  }
  return row;
}

/** The raw decoder: one row per ASA/FTD line; a line without a tag is rejected (`not-asa`). */
export class AsaSyslogDecoder implements RawDecoder<CommonSecurityLogRow> {
  constructor(protected readonly time: SyslogTimeOptions) {}

  decode(line: string, out: RowOutput<CommonSecurityLogRow>): void {
    const tag = findTag(line);
    if (tag === undefined) throw new RecordRejected('not-asa', 'no %ASA-<level>-<id>: or %FTD-<level>-<id>: tag in the line');
    out.row(asaRow(line, tag, parseAsaHeader(line, tag.start, this.time)));
  }
}
