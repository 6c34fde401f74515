import { RecordRejected } from '../errors.js';
import { epochMillisToIso } from '../values.js';
import { ExtensionScanner, PAIR_SPAN, pairSpans, scanPairs } from './cef-extension-scanner.js';
import type { Arrival, ParserLogger, RawDecoder, RowCodec, RowOutput, SniffSample, StreamContext, TableRow } from '../parser.js';
import { CEF_KEY_COLUMNS, cefKeyColumn, cslTimeOptionsAt, DecodedCslRow, describeCslRow, intValue, type CommonSecurityLogRow, type CslColumnType } from './common-security-log.js';
import {
  parseSyslogEnvelope,
  parseSyslogEnvelopeTimed,
  scanBsdTimestamp,
  scanIsoTimestamp,
  syslogTimeOptions,
  WallClock,
  type SyslogCodecOptions,
  type SyslogEnvelope,
  type SyslogTimeOptions,
} from './syslog.js';

/**
 * CEF (ArcSight Common Event Format) 0 and 1, over any syslog envelope, into CommonSecurityLog rows.
 * Spec: ../shared/spec/sources/_cef-and-commonsecuritylog.md §1–§4.
 *
 * Hand-written single-pass scanners (no regular expressions, no per-record closures): this is the
 * decoder every CEF source goes through, and it is fuzzed (packages/sdk/test/cef-fuzz.test.ts).
 * Malformed input raises `RecordRejected` with one of the reasons below, never anything else.
 */

/** Reasons a CEF line is rejected. */
export const CEF_REJECT = {
  /** The line has no `CEF:` marker. */
  notCef: 'not-cef',
  /** Fewer than 7 `|`-separated header fields. */
  header: 'cef-header',
  /** The version field is not 0 or 1 (CEF 0.x / 1.x). */
  version: 'cef-version',
  /** The extension is not a sequence of `key=value` pairs. */
  extension: 'cef-extension',
} as const;

/** The seven CEF header fields, unescaped. */
export interface CefHeader {
  version: string;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
}

/** A CEF record: header and extension pairs in wire order (duplicates kept), unescaped. */
export interface CefRecord extends CefHeader {
  extension: [string, string][];
}

/**
 * Receives extension pairs as the scanner finds them: the `index`-th key is `s[keyStart, keyEnd)`,
 * and `known` says it is `expected[index]` of the scan (see `scanExtension`).
 */
interface CefPairSink {
  extensionPair(s: string, keyStart: number, keyEnd: number, index: number, value: string, known: boolean): void;
}

const NO_KEYS: readonly string[] = [];

/** Hands every pair of the extension at `from` (its value sliced and unescaped) to `sink`, in wire order. */
function scanExtensionPairs(s: string, from: number, sink: CefPairSink, expected = NO_KEYS): void {
  const n = scanExtension(s, from, expected);
  const sp = spans;
  for (let i = 0, k = 0; i < n; i++, k += SPAN) {
    const valueStart = sp[k + 2]!;
    const valueEnd = sp[k + 3]!;
    sink.extensionPair(s, sp[k]!, sp[k + 1]!, i, sp[k + 4] === 1 ? unescapeValue(s, valueStart, valueEnd) : s.slice(valueStart, valueEnd), sp[k + 5] === 1);
  }
}

const MARK = 'CEF:';

// ---------------------------------------------------------------------------------------------
// Header (§2, §2.1)

const headerFields: string[] = ['', '', '', '', '', '', ''];

/**
 * Whether the last `scanHeader` ended at the 7th unescaped `|`: then what it found depends only
 * on the text from `CEF:` to that `|`, and a line that starts with the same text has the same header.
 */
let headerClosed = false;

/**
 * Splits the header starting at `at` (the index of `CEF:`) into `headerFields` and returns the
 * index where the extension starts (the line length when the 7th field ends the line).
 * Header escapes: `\|` → `|`, `\\` → `\`; any other `\x` is kept verbatim.
 */
function scanHeader(s: string, at: number): number {
  const n = s.length;
  let i = at + MARK.length;
  while (i < n && s.charCodeAt(i) === 32) i++; // `CEF: 0` (FortiOS 6.x)
  let field = 0;
  let start = i;
  let escaped = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) {
      escaped = true;
      i++;
      continue;
    }
    if (c !== 124 /* | */) continue;
    headerFields[field] = escaped ? unescapeHeader(s, start, i) : s.slice(start, i);
    escaped = false;
    start = i + 1;
    if (++field === 7) {
      headerClosed = true;
      return start;
    }
  }
  headerClosed = false;
  if (field === 6) {
    // `CEF:0|V|P|1|id|name|5` without the trailing `|`: an empty extension
    headerFields[6] = escaped ? unescapeHeader(s, start, n) : s.slice(start, n);
    return n;
  }
  throw new RecordRejected(CEF_REJECT.header, `CEF header has ${field} of 7 |-separated fields (CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|)`);
}

function unescapeHeader(s: string, start: number, end: number): string {
  let out = '';
  let seg = start;
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) !== 92 || i + 1 >= end) continue;
    const next = s.charCodeAt(i + 1);
    if (next === 124 || next === 92) {
      out += s.slice(seg, i);
      seg = i + 1; // keep the escaped character
    }
    i++;
  }
  return out + s.slice(seg, end);
}

function checkVersion(v: string): void {
  // `0`, `1`, or `0.x` / `1.x`
  const c = v.charCodeAt(0);
  let ok = v.length > 0 && (c === 48 || c === 49);
  if (ok && v.length > 1) {
    ok = v.charCodeAt(1) === 46 && v.length > 2;
    for (let i = 2; ok && i < v.length; i++) ok = v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57;
  }
  if (!ok) throw new RecordRejected(CEF_REJECT.version, `CEF version "${v.slice(0, 20)}" is not 0 or 1`);
}

// ---------------------------------------------------------------------------------------------
// Extension (§2.1, §2.2)

/** `[A-Za-z0-9_.-]`: ArcSight key characters plus `.` and `-` seen in the wild (1 per char code). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) KEY_CHAR[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 ? 1 : 0;

function isKeyChar(c: number): boolean {
  return c < 128 && KEY_CHAR[c] === 1;
}

/**
 * Where `scanExtension` puts the pairs it finds, SPAN numbers each: key `s[keyStart, keyEnd)`,
 * value `s[valueStart, valueEnd)`, 1 when the value holds a backslash (to unescape with
 * `unescapeValue`), and 1 when the key is the scan's expected one at its index. Positions in a
 * table rather than a callback per pair: the scan stays one tight loop, and a reader of a few keys
 * slices nothing else. `spans` is the last scan's table: the WebAssembly scanner's (`pairSpans`),
 * or `textSpans`, which the scan of the text fills.
 */
const SPAN = PAIR_SPAN;
let textSpans = new Int32Array(SPAN * 256);
let spans: Int32Array = textSpans;

function addSpan(n: number, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, escaped: boolean, known: boolean): void {
  const k = n * SPAN;
  if (k + SPAN > textSpans.length) {
    const grown = new Int32Array(textSpans.length * 2);
    grown.set(textSpans);
    textSpans = grown;
  }
  const sp = textSpans;
  sp[k] = keyStart;
  sp[k + 1] = keyEnd;
  sp[k + 2] = valueStart;
  sp[k + 3] = valueEnd;
  sp[k + 4] = escaped ? 1 : 0;
  sp[k + 5] = known ? 1 : 0;
}

/**
 * Scans `key=value key2=value with spaces ...` from `from` to the end of `s` into `spans`; returns
 * how many pairs. A key is a run of key characters, preceded by a space (or the start), followed by
 * an unescaped `=`; a value runs to the space before the next key. Trailing spaces, CR and LF of
 * the last value are trimmed.
 *
 * `expected[i]`, when given, is the key the i-th pair probably has (the last line's: a sender
 * writes its keys in one order); a pair that has it is marked so. An ASCII line is scanned in
 * WebAssembly (`scanPairs`), any other by `scanExtensionText`, which also reports what is rejected.
 */
function scanExtension(s: string, from: number, expected = NO_KEYS): number {
  const i = extensionStart(s, from);
  const end = extensionEnd(s, i);
  if (i >= end) return 0;
  const n = scanPairs(s, i, end);
  if (n < 0) {
    const pairs = scanExtensionText(s, i, end, expected);
    spans = textSpans; // after the scan, which may have grown it
    return pairs;
  }
  const sp = (spans = pairSpans());
  for (let k = 0; k < n && k < expected.length; k++) {
    const key = expected[k]!;
    const at = k * SPAN;
    if (sp[at + 1]! - sp[at]! === key.length && isTextAt(s, sp[at]!, key)) sp[at + 5] = 1;
  }
  return n;
}

/**
 * `scanExtension` over the text of the extension `s[i, end)` (blanks trimmed), into `textSpans`.
 * Each `expected` key is compared in place at each `=`, which spares walking back over the key's
 * characters to find where it starts.
 */
function scanExtensionText(s: string, i: number, end: number, expected: readonly string[]): number {
  let pairs = 0;
  let keyStart = -1;
  let keyEnd = 0;
  let keyKnown = false;
  let valueStart = 0;
  // next backslash at or after valueStart (-1: none left), so unescaping is only paid for when needed
  let nextBackslash = s.indexOf('\\', i);
  // Jump from `=` to `=`; an `=` preceded by an odd run of backslashes is escaped
  for (let p = s.indexOf('=', i); p >= 0 && p < end; p = s.indexOf('=', p + 1)) {
    // the expected key ends in a key character (not a backslash) and has a space (or the start) before it:
    // then the general rule below would find the same key start
    const key = expected[keyStart < 0 ? 0 : pairs + 1];
    let ks = key === undefined ? -1 : p - key.length;
    const known = ks >= i && (ks === i || s.charCodeAt(ks - 1) === 32) && isTextAt(s, ks, key!);
    if (!known) {
      let bs = p;
      while (bs > i && s.charCodeAt(bs - 1) === 92) bs--;
      if (((p - bs) & 1) === 1) continue;
      ks = p;
      while (ks > i && isKeyChar(s.charCodeAt(ks - 1))) ks--;
      if (ks === p || (ks > i && s.charCodeAt(ks - 1) !== 32)) continue; // an `=` inside a value
    }
    if (keyStart < 0) {
      if (ks !== i) throw extensionError(`text before the first key: "${s.slice(i, Math.min(ks, i + 40))}"`);
    } else {
      const ve = ks - 1;
      if (nextBackslash >= 0 && nextBackslash < valueStart) nextBackslash = s.indexOf('\\', valueStart);
      addSpan(pairs++, keyStart, keyEnd, valueStart, ve, nextBackslash >= 0 && nextBackslash < ve, keyKnown);
    }
    keyStart = ks;
    keyEnd = p;
    keyKnown = known;
    valueStart = p + 1;
  }
  if (keyStart < 0) throw extensionError(`no key=value pair in "${s.slice(i, Math.min(end, i + 40))}"`);
  if (valueStart > end) valueStart = end;
  if (nextBackslash >= 0 && nextBackslash < valueStart) nextBackslash = s.indexOf('\\', valueStart);
  addSpan(pairs++, keyStart, keyEnd, valueStart, end, nextBackslash >= 0 && nextBackslash < end, keyKnown);
  return pairs;
}

/** A flat copy of `text` (V8 internalizes a string used as a property name: the copy is not a slice). */
function ownString(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

/** Whether `s` holds `text` at `at`, compared a character at a time (cheaper than `startsWith` for short keys). */
function isTextAt(s: string, at: number, text: string): boolean {
  for (let j = 0; j < text.length; j++) if (s.charCodeAt(at + j) !== text.charCodeAt(j)) return false;
  return true;
}

/**
 * A fixed set of keys recognised where they start in a line, as `key=` at `s[q..]`, without
 * finding where the key ends first and without slicing it: the two characters at `q` (the second
 * is the `=` of a one-character key) pick a chain of candidates, each compared in place.
 */
class KeyHeads {
  private readonly heads = new Int16Array(128 * 128).fill(-1);
  private readonly next: number[] = [];
  private readonly keys: string[] = [];

  /** `keys[i]` is found as entry i. Keys are key characters (`isKeyChar`). */
  constructor(keys: readonly string[]) {
    for (const key of keys) {
      const h = key.length > 1 ? key.charCodeAt(0) * 128 + key.charCodeAt(1) : key.charCodeAt(0) * 128 + 61;
      this.next.push(this.heads[h]!);
      this.heads[h] = this.keys.length;
      this.keys.push(key);
    }
  }

  /** The entry of the key whose `key=` starts `s` at `q`, or -1. */
  at(s: string, q: number): number {
    const c0 = s.charCodeAt(q);
    const c1 = s.charCodeAt(q + 1);
    if (!(c0 < 128 && c1 < 128)) return -1; // also NaN past the end
    for (let e = this.heads[c0 * 128 + c1]!; e >= 0; e = this.next[e]!) {
      const key = this.keys[e]!;
      const n = key.length;
      if (s.charCodeAt(q + n) !== 61) continue;
      // the first two characters picked the chain (a one-character key's second is the `=`)
      let k = 2;
      while (k < n && s.charCodeAt(q + k) === key.charCodeAt(k)) k++;
      if (k >= n) return e;
    }
    return -1;
  }
}

/** Whether a key starts at `q` (a run of key characters, then `=`); the caller knows a space (or the extension start) is before `q`. */
function isKeyAt(s: string, q: number): boolean {
  let p = q;
  for (let c = s.charCodeAt(p); c < 128 && KEY_CHAR[c] === 1; c = s.charCodeAt(++p));
  return p > q && s.charCodeAt(p) === 61;
}

/** Where an extension from `from` starts: after its leading spaces and tabs. */
function extensionStart(s: string, from: number): number {
  let i = from;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

/** Where an extension starting at `start` ends: before the trailing spaces, CR and LF of its last value. */
function extensionEnd(s: string, start: number): number {
  let end = s.length;
  while (end > start && isTrailingSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

function isTrailingSpace(c: number): boolean {
  return c === 32 || c === 13 || c === 10 || c === 9;
}

function extensionError(detail: string): RecordRejected {
  return new RecordRejected(CEF_REJECT.extension, `CEF extension: ${detail}`);
}

/** `\=`→`=`, `\\`→`\`, `\n`→LF, `\r`→CR; any other `\x`→`x` (spec §2.1 decision); a final lone `\` stays. */
function unescapeValue(s: string, start: number, end: number): string {
  let out = '';
  let seg = start;
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) !== 92 || i + 1 >= end) continue;
    out += s.slice(seg, i);
    const next = s.charCodeAt(i + 1);
    if (next === 110 /* n */) out += '\n';
    else if (next === 114 /* r */) out += '\r';
    else out += s[i + 1];
    i++;
    seg = i + 1;
  }
  return out + s.slice(seg, end);
}

// ---------------------------------------------------------------------------------------------
// Timestamps (§2.3)

const tsOut = { t: 0 };
const UTC_CLOCK = new WallClock(undefined);

/**
 * A CEF timestamp (`rt`, `start`, `end`, `deviceCustomDate1`, ...) → epoch ms, or undefined when
 * unparseable. Accepted: integer epoch (≤ 10 digits seconds — PAN-OS lab senders —, 11–13 ms,
 * 14–16 µs, 17–19 ns); `MMM dd[ yyyy] HH:mm:ss[.SSS][ zone]` (no year: the receive year, as for
 * RFC 3164); ISO-8601. Zone-less dates use `time.clock` (the `timezone` option, default UTC).
 * Zones: `GMT`, `UTC`, `Z`, numeric offsets; an unknown abbreviation is read as UTC and reported to
 * `onUnknownZone`.
 */
export function cefTimestampMs(text: string, time: SyslogTimeOptions, onUnknownZone?: (zone: string) => void): number | undefined {
  let s = text;
  let n = s.length;
  if (n === 0) return undefined;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) {
    s = s.trim();
    n = s.length;
    if (n === 0) return undefined;
  }
  const c0 = s.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (n <= 19 && allDigits(s)) {
      const v = Number(s);
      const ms = n <= 10 ? v * 1000 : n <= 13 ? v : n <= 16 ? Math.floor(v / 1000) : Math.floor(v / 1_000_000);
      return validMs(ms);
    }
    const end = scanIsoTimestamp(s, 0, time.clock, tsOut);
    return end === n ? validMs(tsOut.t) : undefined;
  }
  let end = scanBsdTimestamp(s, 0, time, tsOut);
  if (end === n) return validMs(tsOut.t);
  if (end > 0 && s.charCodeAt(end) === 32 && isZoneWord(s, end + 1, n)) {
    // `May 08 2024 08:10:31 PDT`: an abbreviation we cannot resolve → UTC, reported
    end = scanBsdTimestamp(s, 0, { clock: UTC_CLOCK, referenceMs: time.referenceMs }, tsOut);
    onUnknownZone?.(s.slice(end + 1));
    return validMs(tsOut.t);
  }
  return undefined;
}

function validMs(ms: number): number | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isZoneWord(s: string, i: number, n: number): boolean {
  if (n - i < 2 || n - i > 5) return false;
  for (let k = i; k < n; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** `cefTimestampMs` as ISO-8601 UTC; default time options: UTC, current year. */
export function cefTimestampToIso(text: string | undefined, time?: SyslogTimeOptions): string | undefined {
  if (text === undefined) return undefined;
  const ms = cefTimestampMs(text, time ?? { clock: UTC_CLOCK, referenceMs: Date.now() });
  return ms === undefined ? undefined : epochMillisToIso(ms);
}

// ---------------------------------------------------------------------------------------------
// Line → CEF record (for tests and tools) and line → CommonSecurityLog row (the codec)

class PairCollector implements CefPairSink {
  pairs: [string, string][] = [];
  extensionPair(s: string, keyStart: number, keyEnd: number, _index: number, value: string): void {
    this.pairs.push([s.slice(keyStart, keyEnd), value]);
  }
}

/**
 * Parses the CEF payload of a line (the first `CEF:` onward; any envelope before it is ignored)
 * into header and extension pairs. Throws RecordRejected.
 */
export function parseCef(line: string): CefRecord {
  const at = line.indexOf(MARK);
  if (at < 0) throw new RecordRejected(CEF_REJECT.notCef, 'no "CEF:" in the line');
  const extStart = scanHeader(line, at);
  checkVersion(headerFields[0]!);
  const [version, deviceVendor, deviceProduct, deviceVersion, signatureId, name, severity] = headerFields as [string, string, string, string, string, string, string];
  const collector = new PairCollector();
  scanExtensionPairs(line, extStart, collector);
  return { version, deviceVendor, deviceProduct, deviceVersion, signatureId, name, severity, extension: collector.pairs };
}

/** How the row decoder fills the column of a key (`cefKeyColumn`). */
interface ColumnFill {
  /** The CEF key. */
  readonly key: string;
  readonly column: string;
  readonly type: CslColumnType;
  /** Its index among the keys with a column: the column's id in `RowColumns`. */
  readonly slot: number;
  /** The key's second column (`also`), whose id is `slot + ALSO_IDS`. */
  readonly also: string | undefined;
}

/** `CEF_KEY_COLUMNS` as the row decoder fills them. */
const COLUMN_FILLS: ReadonlyMap<string, ColumnFill> = new Map(
  [...CEF_KEY_COLUMNS].map(([key, col], slot) => [key, { key, column: col.column, type: col.type, slot, also: col.also }]),
);

/** Ids in `RowColumns` of the columns a row may set again or read back: each key's, each key's second, and the lists of repeats. */
const ALSO_IDS = COLUMN_FILLS.size;
const DUPLICATE_KEYS_ID = 2 * COLUMN_FILLS.size;
const SHADOWED_VALUES_ID = DUPLICATE_KEYS_ID + 1;
const COLUMN_IDS = SHADOWED_VALUES_ID + 1;

/**
 * The columns of the row being decoded, named in the order they are first set, with their values.
 * The row is made from them at the end (`RowShapes`), in one allocation, rather than by a store per
 * column, which grows the row's property storage again every few columns.
 */
class RowColumns {
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  count = 0;
  /** Rows started; `stamps[id]` is the row that last set column `id`, at `positions[id]`. */
  private serial = 0;
  private readonly stamps = new Float64Array(COLUMN_IDS);
  private readonly positions = new Int32Array(COLUMN_IDS);

  start(): void {
    this.serial++;
    this.count = 0;
  }

  /** A column set once a row (header, envelope, the last columns). */
  add(name: string, value: unknown): void {
    // set in order: the arrays never get a hole
    this.names[this.count] = name;
    this.values[this.count++] = value;
  }

  /** Column `id`, named `name`: set where it is when the row has it already (its value changes, not its place). */
  set(id: number, name: string, value: unknown): void {
    if (this.stamps[id] === this.serial) {
      this.values[this.positions[id]!] = value;
      return;
    }
    this.stamps[id] = this.serial;
    this.positions[id] = this.count;
    this.add(name, value);
  }

  has(id: number): boolean {
    return this.stamps[id] === this.serial;
  }

  /** The value of column `id`, which the row has (`has`). */
  get(id: number): unknown {
    return this.values[this.positions[id]!];
  }
}

type RowConstructor = new (values: readonly unknown[]) => CommonSecurityLogRow;

/** Distinct column orders kept at once: arbitrary input may bring many, and then the cache starts again. */
const MAX_ROW_SHAPES = 256;

/**
 * The row constructors of this thread, by column order, shared by every decoder: rows of one order
 * then have one hidden class whichever stream decoded them. A constructor per decoder gave each
 * file (and each byte range a worker thread reads) rows of new classes, which deoptimized the
 * plugins' mappings again and again and left their property loads megamorphic: a 2-thread CEF
 * `normalize` compiled ~4× what one thread did and ran ~20 % slower than two processes.
 */
const rowConstructors = new Map<string, { names: readonly string[]; make: RowConstructor }>();

/**
 * Row constructors compiled per column order: `new` of one sets the columns by name in that
 * order, so a row is a DecodedCslRow with the keys and values a store per column would give it,
 * but allocated at its full size (V8 sizes an object by the stores its constructor makes).
 */
class RowShapes {
  private lastNames: readonly string[] = [];
  private last: RowConstructor | undefined;

  row(columns: RowColumns): CommonSecurityLogRow {
    if (this.last === undefined || !sameNames(this.lastNames, columns.names, columns.count)) this.find(columns.names.slice(0, columns.count));
    return new this.last!(columns.values);
  }

  private find(names: readonly string[]): void {
    const order = names.join(' ');
    let shape = rowConstructors.get(order);
    if (shape === undefined) {
      if (rowConstructors.size >= MAX_ROW_SHAPES) rowConstructors.clear();
      shape = { names, make: rowConstructor(names) };
      rowConstructors.set(order, shape);
    }
    this.lastNames = shape.names;
    this.last = shape.make;
  }
}

function sameNames(names: readonly string[], other: readonly string[], count: number): boolean {
  if (names.length !== count) return false;
  for (let i = 0; i < count; i++) if (names[i] !== other[i]) return false;
  return true;
}

/** Column names are identifiers (CommonSecurityLog's, and the decoder's own `__syslog`, `__timezone`). */
function rowConstructor(names: readonly string[]): RowConstructor {
  const make = new Function('v', names.map((name, i) => `this.${name} = v[${i}];`).join('\n')) as unknown as RowConstructor;
  make.prototype = DecodedCslRow.prototype;
  return make;
}

/**
 * The keys of the last lines, in wire order, with their column fills. A sender writes its keys in
 * one order, so the scan of a line expects its i-th key to be the last line's i-th (`keys`): when it
 * is, no key string is sliced and no hash of one computed to look its column up.
 */
class KeySequence {
  /** The i-th key of the last line that had an i-th. */
  readonly keys: string[] = [];
  private readonly fills: (ColumnFill | undefined)[] = [];

  /**
   * The `index`-th key of a line, `s[start, end)`, which the scan found to be `keys[index]` when
   * `known`; `fill(index)` is then its column fill.
   */
  key(s: string, start: number, end: number, index: number, known: boolean): string {
    if (known) return this.keys[index]!;
    const text = s.slice(start, end);
    const fill = COLUMN_FILLS.get(text);
    // kept as a string of its own (a slice of 13 characters or more points into the line, which it
    // would keep alive, and reads slower in the scan's comparisons)
    const key = fill?.key ?? ownString(text);
    // keys are set in index order: the arrays never get a hole
    this.keys[index] = key;
    this.fills[index] = fill;
    return key;
  }

  fill(index: number): ColumnFill | undefined {
    return this.fills[index];
  }
}

/**
 * Turns CEF lines into CommonSecurityLog rows with the exact key → column mapping (spec §3):
 * dedicated and custom keys fill their typed columns (last occurrence wins; repeats listed in
 * `DuplicateKeys`), every other key goes to `AdditionalExtensions` / `AdditionalExtensionsKV` in
 * wire order. A value a numeric or datetime column cannot hold stays there under its CEF key.
 * One instance per stream; `decode` is not reentrant.
 */
export class CefRowDecoder implements CefPairSink {
  private readonly columns = new RowColumns();
  private readonly shapes = new RowShapes();
  private kv: [string, string][] = [];
  private readonly warnedZones = new Set<string>();
  private readonly lineKeys = new KeySequence();
  /** The configured zone, recorded on each row when it is not UTC (`__timezone`). */
  private readonly zone: string | undefined;

  constructor(
    readonly time: SyslogTimeOptions,
    private readonly log?: ParserLogger,
  ) {
    const z = time.clock.zone;
    this.zone = z === undefined || z === '' || z === 'UTC' ? undefined : z;
  }

  /** One line → one row. Throws RecordRejected. */
  decodeLine(line: string): CommonSecurityLogRow {
    const at = line.indexOf(MARK);
    if (at < 0) throw new RecordRejected(CEF_REJECT.notCef, 'no "CEF:" in the line (not a CEF record)');
    const extStart = scanHeader(line, at);
    checkVersion(headerFields[0]!);
    const columns = this.start();
    columns.add('DeviceVendor', headerFields[1]);
    columns.add('DeviceProduct', headerFields[2]);
    columns.add('DeviceVersion', headerFields[3]);
    columns.add('DeviceEventClassID', headerFields[4]);
    columns.add('Activity', headerFields[5]);
    columns.add('LogSeverity', headerFields[6]);
    if (at > 0) this.envelope(parseSyslogEnvelope(line.slice(0, at), this.time).envelope);
    scanExtensionPairs(line, extStart, this, this.lineKeys.keys);
    return this.finish();
  }

  /**
   * Builds a row from header fields and extension pairs obtained another way: a vendor's native
   * format translated to the keys of its CEF template (PAN-OS CSV → `src`, `cs1`, `PanOSPacketsSent`
   * ...), so that both forms give exactly the same row shape and share one mapping.
   */
  fromPairs(header: Partial<Omit<CefHeader, 'version'>>, pairs: readonly (readonly [string, string])[], envelope?: SyslogEnvelope): CommonSecurityLogRow {
    const columns = this.start();
    if (header.deviceVendor !== undefined) columns.add('DeviceVendor', header.deviceVendor);
    if (header.deviceProduct !== undefined) columns.add('DeviceProduct', header.deviceProduct);
    if (header.deviceVersion !== undefined) columns.add('DeviceVersion', header.deviceVersion);
    if (header.signatureId !== undefined) columns.add('DeviceEventClassID', header.signatureId);
    if (header.name !== undefined) columns.add('Activity', header.name);
    if (header.severity !== undefined) columns.add('LogSeverity', header.severity);
    this.envelope(envelope);
    for (let i = 0; i < pairs.length; i++) this.pair(COLUMN_FILLS.get(pairs[i]![0]), pairs[i]![0], pairs[i]![1]);
    return this.finish();
  }

  private start(): RowColumns {
    this.columns.start();
    this.kv = [];
    if (this.zone !== undefined) this.columns.add('__timezone', this.zone);
    return this.columns;
  }

  private envelope(env: SyslogEnvelope | undefined): void {
    if (env === undefined) return;
    const columns = this.columns;
    columns.add('__syslog', env);
    if (env.host !== undefined) columns.add('Computer', env.host);
    if (env.timestamp !== undefined) columns.add('TimeGenerated', env.timestamp);
  }

  private finish(): CommonSecurityLogRow {
    const columns = this.columns;
    const kv = this.kv;
    if (kv.length > 0) {
      let ae = `${kv[0]![0]}=${kv[0]![1]}`;
      for (let i = 1; i < kv.length; i++) ae += `;${kv[i]![0]}=${kv[i]![1]}`;
      columns.add('AdditionalExtensions', ae);
      columns.add('AdditionalExtensionsKV', kv);
    }
    columns.add('Type', 'CommonSecurityLog');
    return this.shapes.row(columns);
  }

  /** @internal extension pair from the scanner */
  extensionPair(s: string, keyStart: number, keyEnd: number, index: number, value: string, known: boolean): void {
    const key = this.lineKeys.key(s, keyStart, keyEnd, index, known);
    this.pair(this.lineKeys.fill(index), key, value);
  }

  /** A pair into the row: `f` is the column fill of `key` (`COLUMN_FILLS`), if it has one. */
  private pair(f: ColumnFill | undefined, key: string, value: string): void {
    if (f === undefined) {
      this.kv.push([key, value]);
      return;
    }
    const columns = this.columns;
    if (columns.has(f.slot)) this.repeated(key, columns.get(f.slot));
    switch (f.type) {
      case 'string':
        columns.set(f.slot, f.column, value);
        if (f.also !== undefined) {
          // externalId → ExtID (string) and the legacy int column ExternalID when it fits
          const n = intValue(value);
          if (isInt32(n)) columns.set(f.slot + ALSO_IDS, f.also, n);
        }
        return;
      case 'int':
      case 'long': {
        if (value === '') return;
        const n = intValue(value);
        // KQL int is 32-bit: a value it cannot hold stays in AdditionalExtensions
        if (Number.isNaN(n) || (f.type === 'int' && !isInt32(n))) {
          this.kv.push([key, value]);
          return;
        }
        columns.set(f.slot, f.column, n);
        if (f.also !== undefined && isInt32(n)) columns.set(f.slot + ALSO_IDS, f.also, n); // cnN → legacy DeviceCustomNumberN
        return;
      }
      case 'real': {
        if (value === '') return;
        const v = realValue(value);
        if (v === undefined) this.kv.push([key, value]);
        else columns.set(f.slot, f.column, v);
        return;
      }
      case 'datetime': {
        if (value === '') return;
        const ms = cefTimestampMs(value, this.time, this.warnZone);
        if (ms === undefined) this.kv.push([key, value]);
        else columns.set(f.slot, f.column, epochMillisToIso(ms));
        return;
      }
    }
  }

  /** A key whose column the row has already: listed in DuplicateKeys, with the value it had in ShadowedValues. */
  private repeated(key: string, shadowed: unknown): void {
    const columns = this.columns;
    if (!columns.has(DUPLICATE_KEYS_ID)) columns.set(DUPLICATE_KEYS_ID, 'DuplicateKeys', []);
    (columns.get(DUPLICATE_KEYS_ID) as string[]).push(key);
    if (!columns.has(SHADOWED_VALUES_ID)) columns.set(SHADOWED_VALUES_ID, 'ShadowedValues', []);
    (columns.get(SHADOWED_VALUES_ID) as [string, string][]).push([key, String(shadowed)]);
  }

  private readonly warnZone = (zone: string): void => {
    if (this.warnedZones.has(zone) || this.warnedZones.size > 100) return;
    this.warnedZones.add(zone);
    this.log?.warn({ zone }, `CEF timestamp zone "${zone}" is unknown; read as UTC`);
  };
}

function isInt32(n: number): boolean {
  return n <= 2147483647 && n >= -2147483648;
}

/** A decimal number (`1`, `-2.5`, `.5`, `1e3`) → number; undefined otherwise. No regex. */
function realValue(s: string): number | undefined {
  let i = 0;
  const n = s.length;
  if (s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45) i++;
  let digitsSeen = false;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    i++;
    digitsSeen = true;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      i++;
      digitsSeen = true;
    }
  }
  if (!digitsSeen) return undefined;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101) {
    i++;
    if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
    const e0 = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === e0) return undefined;
  }
  if (i !== n) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// The detector's fast path over CEF lines

/** What `CefFields.rowTimes` needs of the stream: its options (the `timezone`) and receive time. */
export interface RowTimeContext {
  readonly options: unknown;
  readonly receivedAt: string;
}

/** The times a CEF line's row would hold from its envelope (see `CefFields.rowTimes`). */
export interface RowTimes {
  /** The row's TimeGenerated: the envelope's timestamp, if any. */
  readonly tableTime: string | undefined;
  /** `cslTimeOptions` of the row. */
  readonly options: SyslogTimeOptions;
  /** What `sessionTimeMs` falls back to: the table time, else the receive time, in ms. */
  readonly fallbackMs: number;
}

/**
 * A CEF line scanned for the detector's fast path (a CEF plugin's `cefDetectorKey`): the header, the
 * syslog envelope in front of it, and the values of only the extension keys the plugin asked for.
 * The header goes through `CefRowDecoder`'s scanner; the extension through one that looks only at
 * what can start a key (the character after each space) and finds the end of a value only for the
 * wanted keys, by the same rule as `scanExtension` (a key is a run of key characters after a space,
 * then `=`), so a line it accepts is one the codec decodes, and every value reads as the row's
 * column would (`int`, `time`, `text`). Nothing else is converted. One instance per stream; `scan`
 * is not reentrant.
 */
export class CefFields {
  private readonly slot: ReadonlyMap<string, number>;
  /** The wanted keys (their index is their slot), found in the line without slicing a key. */
  private readonly wanted: KeyHeads;
  private readonly keyLengths: number[];
  /** `take` in WebAssembly, for lines given as bytes too (undefined where it cannot load). */
  private readonly scanner: ExtensionScanner | undefined;
  /** The wanted keys whose column is an `int` (32-bit): what it cannot hold stays in AdditionalExtensions. */
  private readonly intColumn: ReadonlySet<string>;
  /** Where the extension starts, and the first backslash after it (-1: none; -2: not looked for yet), this scan. */
  private extStart = 0;
  private backslash = -2;
  /** Per wanted key, where its value is in the line (-1: absent); lines where one repeats are declined, so first and last are one. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Per wanted key, its value once sliced (`text`), this scan. */
  private readonly values: (string | undefined)[];
  private line = '';
  private at = 0;
  /** The last envelope parsed, its header text and time options (a header that throws is not kept). */
  private lastHeader: string | undefined;
  private lastHeaderTime: SyslogTimeOptions | undefined;
  private lastEnvelope: SyslogEnvelope | undefined;
  /** Its timestamp in epoch ms (NaN: none). */
  private readonly envelopeTime = { t: Number.NaN };
  /** `rowTimes` of the last envelope, and the context it was made for. */
  private lastRowTimes: RowTimes | undefined;
  private lastRowTimesCtx: RowTimeContext | undefined;
  /** The CEF header text (`CEF:` to the 7th `|`) the header fields were read from, when a line starting with it has them too ('' otherwise). */
  private lastCefHeader = '';
  /**
   * Counts the headers read: the header fields (and `headerRow`) are the same for two scans with
   * the same serial, so what is decided on them alone (a plugin's `claimsRow`) can be kept.
   */
  headerSerial = 0;
  vendor = '';
  product = '';
  version = '';
  signatureId = '';
  name = '';
  severity = '';

  constructor(wanted: readonly string[]) {
    this.slot = new Map(wanted.map((k, i) => [k, i]));
    this.wanted = new KeyHeads(wanted);
    this.scanner = ExtensionScanner.of(wanted);
    this.intColumn = new Set(wanted.filter((k) => cefKeyColumn(k)?.type === 'int'));
    this.keyLengths = wanted.map((k) => k.length);
    this.starts = new Int32Array(wanted.length);
    this.ends = new Int32Array(wanted.length);
    this.values = wanted.map(() => undefined);
  }

  /**
   * Scans a line; false when it is no CEF line the codec would decode, or a wanted key repeats.
   * `bytes` from `start` may hold the line's bytes when each is one of its characters (ASCII): the
   * extension is then scanned in WebAssembly.
   */
  scan(line: string, bytes?: Buffer, start = 0): boolean {
    const at = line.indexOf(MARK);
    if (at < 0) return false;
    this.starts.fill(-1);
    this.values.fill(undefined);
    this.line = line;
    let extStart: number;
    const last = this.lastCefHeader;
    if (last !== '' && line.startsWith(last, at)) extStart = at + last.length;
    else {
      try {
        extStart = scanHeader(line, at);
        checkVersion(headerFields[0]!);
      } catch {
        return false;
      }
      this.vendor = headerFields[1]!;
      this.product = headerFields[2]!;
      this.version = headerFields[3]!;
      this.signatureId = headerFields[4]!;
      this.name = headerFields[5]!;
      this.severity = headerFields[6]!;
      this.headerSerial++;
      this.lastCefHeader = headerClosed ? line.slice(at, extStart) : '';
    }
    if (!this.take(line, extStart, bytes, start)) return false;
    this.at = at;
    this.extStart = extStart;
    this.backslash = -2;
    return true;
  }

  /**
   * Finds where each wanted key's value is in the extension at `from`; false where `scanExtension`
   * throws (no key at the start), or when a wanted key occurs twice (which value a column keeps
   * then depends on both: the fast path leaves such lines alone).
   *
   * `scanExtension` takes an unescaped `=` as the end of a key when a run of key characters before
   * it starts the extension or follows a space; a value runs to the space before the next key.
   * Whether a key starts at q depends only on `s[q-1]` and what follows q, so only the positions
   * after a space are looked at: a wanted key is recognised there as `key=` (its `=` follows a key
   * character, so it is no escaped one); any key is looked for only to end a wanted value.
   */
  private take(s: string, from: number, bytes: Buffer | undefined, bytesAt: number): boolean {
    const i = extensionStart(s, from);
    const end = extensionEnd(s, i);
    if (i >= end) return true; // an empty extension
    // the first `=` that ends a key must end one that starts the extension
    if (!isKeyAt(s, i)) return false;
    const scanner = this.scanner;
    if (bytes !== undefined && scanner !== undefined && ExtensionScanner.fits(end - i)) return scanner.take(bytes, bytesAt + i, bytesAt + end, i, this.starts, this.ends);
    const wanted = this.wanted;
    const starts = this.starts;
    const ends = this.ends;
    let open = -1; // the wanted key whose value runs on
    for (let q = i; ; ) {
      const found = wanted.at(s, q);
      if (found >= 0) {
        if (open >= 0) ends[open] = q - 1;
        if (starts[found]! >= 0) return false;
        starts[found] = q + this.keyLengths[found]! + 1;
        open = found;
      } else if (open >= 0 && isKeyAt(s, q)) {
        ends[open] = q - 1;
        open = -1;
      }
      const space = s.indexOf(' ', q);
      if (space < 0 || space >= end) break;
      q = space + 1;
    }
    if (open >= 0) ends[open] = end;
    return true;
  }

  /** The header columns, as `claimsRow` sees a codec row (claims of CEF plugins read only these). */
  headerRow(): TableRow {
    return { Type: 'CommonSecurityLog', DeviceVendor: this.vendor, DeviceProduct: this.product, DeviceVersion: this.version, DeviceEventClassID: this.signatureId, Activity: this.name, LogSeverity: this.severity };
  }

  /**
   * The syslog envelope before `CEF:`, or undefined (no envelope, or none parsed). Throws
   * RecordRejected for an impossible header date, as the codec does: the caller declines.
   */
  envelope(time: SyslogTimeOptions): SyslogEnvelope | undefined {
    if (this.at === 0) return undefined;
    const header = this.line.slice(0, this.at);
    // a busy sender writes many lines a second with one header text: it is parsed once
    if (header !== this.lastHeader || time !== this.lastHeaderTime) {
      this.lastHeader = undefined;
      this.lastRowTimes = undefined;
      this.lastEnvelope = parseSyslogEnvelopeTimed(header, time, this.envelopeTime).envelope;
      this.lastHeader = header;
      this.lastHeaderTime = time;
    }
    return this.lastEnvelope;
  }

  /**
   * What the row's TimeGenerated makes of its other times: how its zone-less, year-less times read
   * (`cslTimeOptions` of the row), and the time a record without one of its own takes
   * (`sessionTimeMs`: the envelope's timestamp, else the receive time). Throws as `envelope` does.
   */
  rowTimes(time: SyslogTimeOptions, ctx: RowTimeContext): RowTimes {
    const tableTime = this.envelope(time)?.timestamp;
    if (this.lastRowTimes !== undefined && this.lastRowTimesCtx === ctx && this.at > 0) return this.lastRowTimes;
    // cslTimeOptions of the row, with the table time's ms as the envelope parse gave them
    const options = cslTimeOptionsAt(tableTime !== undefined ? this.envelopeTime.t : Number.NaN, undefined, ctx);
    // which hold the table time's ms (or the receive time's) already
    const rowTimes = { tableTime, options, fallbackMs: tableTime !== undefined ? options.referenceMs : Date.parse(ctx.receivedAt) };
    if (this.at > 0) {
      this.lastRowTimes = rowTimes;
      this.lastRowTimesCtx = ctx;
    }
    return rowTimes;
  }

  /**
   * A wanted key's text: what its column holds (a string column), or what `additionalExtension`
   * reads for a key without one. An int, long, real or datetime column that cannot hold the text
   * leaves it in AdditionalExtensions: read those with `int` (and `text` for the raw value).
   */
  text(key: string): string | undefined {
    const i = this.slot.get(key);
    if (i === undefined) throw new Error(`CefFields: key "${key}" was not asked for`);
    const start = this.starts[i]!;
    if (start < 0) return undefined;
    let v = this.values[i];
    if (v === undefined) {
      const end = this.ends[i]!;
      v = this.line.slice(start, end);
      // the line's first backslash after the header says whether the value may hold one
      if (this.backslash === -2) this.backslash = this.line.indexOf('\\', this.extStart);
      const b = this.backslash;
      if (b >= 0 && b < end && (b >= start || v.includes('\\'))) v = unescapeValue(this.line, start, end);
      this.values[i] = v;
    }
    return v;
  }

  /** An int or long column's value as the row would hold it (`''` and what does not fit: undefined). */
  int(key: string): number | undefined {
    const v = this.text(key);
    if (v === undefined || v === '') return undefined;
    const n = intValue(v);
    if (Number.isNaN(n)) return undefined;
    return this.intColumn.has(key) && !isInt32(n) ? undefined : n;
  }

  /** Whether the wanted key's column holds a value that is not an integer (the row keeps it in AdditionalExtensions). */
  hasNonInteger(key: string): boolean {
    const v = this.text(key);
    return v !== undefined && v !== '' && this.int(key) === undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The shared codec


/** Per-stream decoder of the `cef-syslog` codec. */
class CefSyslogStreamDecoder implements RawDecoder<TableRow> {
  private readonly rows: CefRowDecoder;
  constructor(
    time: SyslogTimeOptions,
    log: ParserLogger | undefined,
    private readonly arrival: Arrival | undefined,
  ) {
    this.rows = new CefRowDecoder(time, log);
  }
  decode(text: string, out: RowOutput<TableRow>): void {
    const row = this.rows.decodeLine(text);
    // a line without a syslog header: the sender the transport names is the agent's Computer
    if (row.Computer === undefined && this.arrival?.host !== undefined) row.Computer = this.arrival.host;
    out.row(row);
  }
}

/** Whether a line holds a CEF payload: `CEF:` then version 0 or 1, then a `|`. */
export function isCefLine(l: string): boolean {
  const at = l.indexOf(MARK);
  if (at < 0) return false;
  let i = at + MARK.length;
  while (l.charCodeAt(i) === 32) i++;
  const c = l.charCodeAt(i);
  return (c === 48 || c === 49) && l.indexOf('|', i) > 0;
}

/** Fraction of non-blank sample lines that hold a `CEF:` payload. */
export function cefLineShare(lines: readonly string[]): number {
  let total = 0;
  let hits = 0;
  for (const l of lines) {
    if (l.trim() === '') continue;
    total++;
    if (isCefLine(l)) hits++;
  }
  return total === 0 ? 0 : hits / total;
}

/**
 * The `cef-syslog` codec: a raw line (any syslog envelope + CEF 0/1) → one CommonSecurityLog row,
 * which the pipeline routes to the CEF plugin whose `claimsRow` accepts it. Option: `timezone`
 * (IANA name or offset) for zone-less timestamps; default UTC.
 */
export const cefSyslogCodec: RowCodec<SyslogCodecOptions> = {
  id: 'cef-syslog',
  tables: ['CommonSecurityLog'],
  claimsLine: isCefLine,
  sniff(sample: SniffSample): number {
    if (!sample.lines) return 0;
    const share = cefLineShare(sample.lines);
    return share >= 0.5 ? 0.6 + 0.35 * share : share;
  },
  createDecoder(ctx: StreamContext<SyslogCodecOptions>): RawDecoder<TableRow> {
    return new CefSyslogStreamDecoder(syslogTimeOptions(ctx.options, ctx.receivedAt), ctx.log, ctx.arrival);
  },
  describeRow: describeCslRow,
};
