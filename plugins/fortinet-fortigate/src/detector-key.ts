import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { cslProtocolKeyword, isCanonicalTimeMs, scanIsoTimestamp, type SyslogTimeOptions } from '@asimkit/sdk';
import { direction, knownOutcome, placeholder } from './mapping.js';

/**
 * The detector's fast path over FortiOS native key=value lines (see the SDK's
 * `RawDecoder.decodeDetectorKey`): the six counted values of a plain traffic log, read from the
 * line's bytes as `FortiGateNativeDecoder` + `mapFortiGate` give them,
 *
 *     [<PRI>]date=yyyy-mm-dd time=hh:mm:ss ... type="traffic" subtype="forward" ... key=value key="quoted" ...
 *
 * pairs separated by spaces, keys of `a`–`z`, `0`–`9`, `_`, `-`, values bare or double-quoted. It
 * declines (the full path decides) anything else: a relay's syslog header, the comma-separated
 * format, tabs, escapes in quoted values, a read key twice, vendor-prefixed keys, a `CEF:` anywhere
 * (the line router gives those to the CEF codec), logs other than traffic, the subtypes and
 * fields that change the selection (`eventtype`, `status`, `start`), actions outside the table
 * (`dns` included), and every value the hot-path type check would refuse in the record (an
 * address that is none, a port, rule number, count or duration out of its type's range, a time
 * that is no ASIM datetime).
 */

const SPACE = 32;
const QUOTE = 34;
const EQUALS = 61;
const BACKSLASH = 92;
const COLON = 58;
const ZERO = 48;
const NINE = 57;

/** The keys the fast path reads: the six counted values, the selection, and what the type check tests. */
const KEYS = [
  'date',
  'time',
  'tz',
  'eventtime',
  'start',
  'duration',
  'logid',
  'devid',
  'type',
  'subtype',
  'eventtype',
  'status',
  'action',
  'proto',
  'dstport',
  'srcport',
  'transport',
  'tranport',
  'srcip',
  'dstip',
  'transip',
  'tranip',
  'app',
  'srcintfrole',
  'dstintfrole',
  'policyid',
  'sentbyte',
  'rcvdbyte',
  'sentpkt',
  'rcvdpkt',
] as const;

type Key = (typeof KEYS)[number];
const SLOT = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<Key, number>;
const KEY_BYTES = KEYS.map((k) => Buffer.from(k, 'latin1'));

/** The hash `scan` computes of a key's bytes as it reads them. */
function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

function hashOf(bytes: Uint8Array): number {
  let h = 0;
  for (const c of bytes) h = hashStep(h, c);
  return h;
}

const SLOT_BY_HASH: ReadonlyMap<number, number> = new Map(KEY_BYTES.map((b, i) => [hashOf(b), i]));
if (SLOT_BY_HASH.size !== KEYS.length) throw new Error('fortinet-fortigate detector keys: hash collision');

const TRAFFIC = Buffer.from('traffic', 'latin1');
/** FortiOS traffic-log subtypes. */
const SUBTYPES = ['forward', 'local', 'multicast', 'sniffer'].map((s) => Buffer.from(s, 'latin1'));

/** `cslProtocolKeyword` of the numbers 0–999 (what `proto=6` or `proto=006` gives), '' when none. */
const PROTOCOL_BY_NUMBER = Array.from({ length: 1000 }, (_, n) => cslProtocolKeyword(String(n)) ?? '');

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;

/** Key bytes: `a`–`z`, `0`–`9`, `_`, `-` (FortiOS writes lower-case names; prefixed CEF-style keys are declined). */
function isKeyByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= ZERO && c <= NINE) || c === 95 || c === 45;
}

/** `CEF:` ends at bytes[i] (a colon). */
function endsCefMark(bytes: Buffer, i: number): boolean {
  return bytes[i - 1] === 70 && bytes[i - 2] === 69 && bytes[i - 3] === 67;
}

/**
 * The values of the wanted keys in one native line, as `forEachKeyValue` (KV_SPACE) reads them:
 * their byte spans, found in one pass. One instance per decoder; `scan` is not reentrant.
 */
export class NativeFields {
  private bytes: Buffer = Buffer.alloc(0);
  private readonly starts = new Int32Array(KEYS.length);
  private readonly ends = new Int32Array(KEYS.length);

  /** Scans bytes[start, end); false when the line is not one the fast path reads (see the module comment). */
  scan(bytes: Buffer, start: number, end: number): boolean {
    this.bytes = bytes;
    this.starts.fill(-1);
    let i = afterPri(bytes, start, end);
    if (i < 0 || !hasDateTime(bytes, i, end)) return false;
    while (i < end) {
      const keyStart = i;
      let h = 0;
      while (i < end && bytes[i] !== EQUALS) {
        const c = bytes[i]!;
        if (!isKeyByte(c)) return false;
        h = hashStep(h, c);
        i++;
      }
      if (i === end || i === keyStart) return false;
      const slot = this.slotOf(h, keyStart, i);
      i++;
      let valueStart = i;
      let valueEnd: number;
      if (i < end && bytes[i] === QUOTE) {
        valueStart = ++i;
        valueEnd = quotedEnd(bytes, i, end);
        if (valueEnd < 0) return false;
        i = valueEnd + 1;
        if (i < end && bytes[i] !== SPACE) return false;
      } else {
        valueEnd = i = bareEnd(bytes, i, end);
        if (i < 0) return false;
      }
      if (slot >= 0) {
        if (this.starts[slot]! >= 0) return false;
        this.starts[slot] = valueStart;
        this.ends[slot] = valueEnd;
      }
      while (i < end && bytes[i] === SPACE) i++;
    }
    return true;
  }

  private slotOf(h: number, keyStart: number, keyEnd: number): number {
    const slot = SLOT_BY_HASH.get(h);
    if (slot === undefined) return -1;
    const want = KEY_BYTES[slot]!;
    if (keyEnd - keyStart !== want.length) return -1;
    for (let k = 0; k < want.length; k++) if (this.bytes[keyStart + k] !== want[k]) return -1;
    return slot;
  }

  /** Whether the key occurs, even with an empty value. */
  has(key: Key): boolean {
    return this.starts[SLOT[key]]! >= 0;
  }

  /** The key's value; undefined when absent or empty (the decoder drops empty values). */
  text(key: Key): string | undefined {
    const slot = SLOT[key];
    const start = this.starts[slot]!;
    const end = this.ends[slot]!;
    return start < 0 || start === end ? undefined : this.bytes.toString('utf8', start, end);
  }

  /** Whether the value is exactly `word` (bytes). */
  is(key: Key, word: Uint8Array): boolean {
    const slot = SLOT[key];
    const start = this.starts[slot]!;
    if (start < 0 || this.ends[slot]! - start !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.bytes[start + k] !== word[k]) return false;
    return true;
  }

  /** How many bytes the value has, all of them digits; -1 when absent or empty, NaN when not all digits. */
  digitCount(key: Key): number {
    const slot = SLOT[key];
    const start = this.starts[slot]!;
    const end = this.ends[slot]!;
    if (start < 0 || start === end) return -1;
    for (let k = start; k < end; k++) if (!isDigit(this.bytes[k])) return Number.NaN;
    return end - start;
  }

  /**
   * A value of at most `maxDigits` digits (≤ 15: exact), as `intValue` reads it; undefined when
   * absent or empty; NaN for any other value (a sign, a space, more digits), which the fast path declines.
   */
  uint(key: Key, maxDigits: number): number | undefined {
    const n = this.digitCount(key);
    if (n < 0) return undefined;
    if (!(n <= maxDigits)) return Number.NaN;
    const start = this.starts[SLOT[key]]!;
    let v = 0;
    for (let k = start; k < start + n; k++) v = v * 10 + (this.bytes[k]! - ZERO);
    return v;
  }

  /** An IPv4 or IPv6 address as the record check tests it, or absent. */
  isAddressOrNone(key: Key): boolean {
    const slot = SLOT[key];
    const start = this.starts[slot]!;
    const end = this.ends[slot]!;
    if (start < 0 || start === end || isPlainIpv4(this.bytes, start, end)) return true;
    return isIP(this.bytes.toString('utf8', start, end)) !== 0;
  }
}

/** After an optional `<PRI>` (1–3 digits, at most 191, as the envelope parser takes it); -1 for anything else. */
function afterPri(bytes: Buffer, start: number, end: number): number {
  if (bytes[start] !== 60 /* < */) return start;
  let pri = 0;
  let k = start + 1;
  while (k < end && k - start <= 3 && isDigit(bytes[k])) pri = pri * 10 + (bytes[k++]! - ZERO);
  return k > start + 1 && k < end && bytes[k] === 62 /* > */ && pri <= 191 ? k + 1 : -1;
}

const DATE_TIME = 'date=0000-00-00 time=00:00:00';

/** `date=yyyy-mm-dd time=hh:mm:ss` at i, as `isFortiGateNative` wants it (digits where the template has `0`). */
function hasDateTime(bytes: Buffer, i: number, end: number): boolean {
  if (end - i < DATE_TIME.length) return false;
  for (let k = 0; k < DATE_TIME.length; k++) {
    const want = DATE_TIME.charCodeAt(k);
    const c = bytes[i + k]!;
    if (want === ZERO ? !isDigit(c) : c !== want) return false;
  }
  return true;
}

/** The end of a bare value at i (the next space or the line's end); -1 on a tab or a `CEF:`. */
function bareEnd(bytes: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === SPACE) return i;
    if (c === 9 || (c === COLON && endsCefMark(bytes, i))) return -1;
  }
  return end;
}

/** The closing quote of a quoted value opened before i; -1 when unterminated, escaped (`\"`, `\\`, `\]`) or holding `CEF:`. */
function quotedEnd(bytes: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      const next = bytes[i + 1];
      if (i + 1 < end && (next === QUOTE || next === BACKSLASH || next === 93)) return -1;
    } else if (c === COLON && endsCefMark(bytes, i)) return -1;
  }
  return -1;
}

/** `a.b.c.d`, each part 0–255 without a leading zero: the common case of an address, without a string. */
function isPlainIpv4(bytes: Buffer, start: number, end: number): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i]! : 46;
    if (c === 46 /* . */) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= ZERO && c <= NINE && digits < 3) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - ZERO);
      digits++;
    } else return false;
  }
  return parts === 4;
}

/** Whether the line is a traffic log the mapping takes as it is, and the native router claims. */
function isPlainTraffic(f: NativeFields): boolean {
  if (!f.has('logid') && !f.has('devid')) return false;
  if (!f.is('type', TRAFFIC) || !SUBTYPES.some((s) => f.is('subtype', s))) return false;
  // words of the CEF Name the decoder builds (a `dns` there skips the log), and a start time of its own
  return !f.has('eventtype') && !f.has('status') && f.text('start') === undefined;
}

/** Whether every count the record carries fits its type (int ports and rule, long bytes and packets and their sums). */
function hasValidCounts(f: NativeFields): boolean {
  for (const key of ['srcport', 'dstport', 'transport', 'tranport', 'policyid'] as const) if (Number.isNaN(f.uint(key, 9))) return false;
  for (const key of ['sentbyte', 'rcvdbyte', 'sentpkt', 'rcvdpkt'] as const) if (Number.isNaN(f.uint(key, 15))) return false;
  return true;
}

function hasValidAddresses(f: NativeFields): boolean {
  return f.isAddressOrNone('srcip') && f.isAddressOrNone('dstip') && f.isAddressOrNone('transip') && f.isAddressOrNone('tranip');
}

const timeOut = { t: 0 };

/**
 * TimeGenerated in epoch ms as the mapping reads it: `eventtime` (epoch s, ms, µs or ns, exactly as
 * `cefTimestampMs` scales it), else `date`+`time`+`tz` in the timezone option's clock; NaN when
 * the fast path leaves the time to the full path (an `eventtime` that is not plain digits, a
 * native time that does not scan: the mapping would fall back to other times).
 */
function nativeTimeMs(f: NativeFields, time: SyslogTimeOptions): number {
  const n = f.digitCount('eventtime');
  if (n > 19 || Number.isNaN(n)) return Number.NaN;
  if (n > 0) {
    const v = n <= 15 ? f.uint('eventtime', 15)! : Number(f.text('eventtime'));
    return n <= 10 ? v * 1000 : n <= 13 ? v : n <= 16 ? Math.floor(v / 1000) : Math.floor(v / 1_000_000);
  }
  const text = `${f.text('date')}T${f.text('time')}${f.text('tz') ?? ''}`;
  return scanIsoTimestamp(text, 0, time.clock, timeOut) === text.length ? timeOut.t : Number.NaN;
}

/** Whether EventStartTime (the end less `duration` seconds, when NetworkDuration can hold it) is an ASIM datetime. */
function hasValidStart(f: NativeFields, endMs: number): boolean {
  const seconds = f.uint('duration', 15);
  if (Number.isNaN(seconds)) return false;
  return seconds === undefined || seconds * 1000 > 2147483647 || isCanonicalTimeMs(endMs - seconds * 1000);
}

/** The six counted values of a scanned line (`NativeFields.scan`), or false to leave the line to the full path. */
export function nativeDetectorKey(f: NativeFields, key: DetectorKey, time: SyslogTimeOptions): boolean {
  if (!isPlainTraffic(f)) return false;
  const action = f.text('action');
  const outcome = action === undefined ? undefined : knownOutcome(action);
  if (outcome === undefined) return false;
  const endMs = nativeTimeMs(f, time);
  if (!Number.isInteger(endMs) || !isCanonicalTimeMs(endMs) || !hasValidStart(f, endMs)) return false;
  if (!hasValidCounts(f) || !hasValidAddresses(f)) return false;
  key.timeMs = endMs;
  key.NetworkProtocol = protocolOf(f);
  key.DstPortNumber = f.uint('dstport', 9) ?? null;
  key.DstAppName = f.text('app') ?? '';
  key.NetworkDirection = direction(placeholder(f.text('srcintfrole'), 'undefined'), placeholder(f.text('dstintfrole'), 'undefined')) ?? '';
  key.DvcAction = outcome.DvcAction ?? '';
  return true;
}

/** `cslProtocolKeyword` of `proto`, by table for 1–3 digits. */
function protocolOf(f: NativeFields): string {
  const n = f.digitCount('proto');
  if (n >= 1 && n <= 3) return PROTOCOL_BY_NUMBER[f.uint('proto', 3)!]!;
  const text = f.text('proto');
  return text === undefined ? '' : (cslProtocolKeyword(text) ?? '');
}
