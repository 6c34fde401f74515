import { constantStores, epochMillisToIso, type JsonLineBuffer } from '@asimkit/sdk';
import type { NetworkSession } from '@asimkit/schema';
import { compiled } from './compiled.js';
import { mapDefaultFlow, networkProtocol } from './mapping.js';
import { MAX_DIGITS, MAX_INT32 } from './plain-decoder.js';
import type { AwsVpcFlowRow } from './row.js';

// The JSON-lines fast path of `normalize` (RawDecoder.encodeJsonLines) for lines of the default
// (v2) field order: a complete, plain line becomes the bytes of `mapDefaultFlow`'s record as JSON,
// straight from the line's bytes, with no row, no record and no string. What the record holds is
// not restated here: its keys, its constants and where each of the line's values goes are read
// off a record `mapDefaultFlow` makes of a row of marker values, once per action. Every other
// line is declined to the full path, which decides its outcome; `jsonLineDisagreements` holds the
// two to the same bytes.

/** The tokens of a default-format line, by position. */
const VERSION = 0, ACCOUNT = 1, IFACE = 2, SRC = 3, DST = 4, SRC_PORT = 5, DST_PORT = 6, PROTOCOL = 7, PACKETS = 8, BYTES = 9, START = 10, END = 11, ACTION = 12, STATUS = 13;
const TOKENS = 14;

/** Where a value of the record comes from. */
type Part =
  | { readonly constant: string }
  /** A token's bytes as they are (digits, or text needing no escape), inside quotes when `quoted`. */
  | { readonly token: number; readonly quoted: boolean }
  | { readonly time: 'start' | 'end' }
  | { readonly protocol: true }
  | { readonly duration: true };

/** The markers: values no mapping makes of anything else, each found again in the record. */
const MARK_START = 1000000000;
const MARK_SECONDS = 90;
const MARKS: ReadonlyMap<unknown, Part> = new Map<unknown, Part>([
  [epochMillisToIso(MARK_START * 1000), { time: 'start' }],
  [epochMillisToIso((MARK_START + MARK_SECONDS) * 1000), { time: 'end' }],
  ['90001', { token: VERSION, quoted: true }],
  ['\u0001account', { token: ACCOUNT, quoted: true }],
  ['\u0001iface', { token: IFACE, quoted: true }],
  ['\u0001src', { token: SRC, quoted: true }],
  ['\u0001dst', { token: DST, quoted: true }],
  [90002, { token: SRC_PORT, quoted: false }],
  [90003, { token: DST_PORT, quoted: false }],
  [90004, { token: PACKETS, quoted: false }],
  [90005, { token: BYTES, quoted: false }],
  [MARK_SECONDS * 1000, { duration: true }],
]);

function markedRow(action: 'ACCEPT' | 'REJECT'): AwsVpcFlowRow {
  return {
    Version: 90001,
    AccountId: '\u0001account',
    InterfaceId: '\u0001iface',
    SrcAddr: '\u0001src',
    DstAddr: '\u0001dst',
    SrcPort: 90002,
    DstPort: 90003,
    Protocol: 6,
    Packets: 90004,
    Bytes: 90005,
    TimeGenerated: epochMillisToIso(MARK_START * 1000),
    End: epochMillisToIso((MARK_START + MARK_SECONDS) * 1000),
    Action: action,
    LogStatus: 'OK',
  } as AwsVpcFlowRow;
}

/** The record of the marked row as parts: constant JSON text between the line's values. */
function recordParts(action: 'ACCEPT' | 'REJECT'): Part[] {
  const record = mapDefaultFlow(markedRow(action)) as NetworkSession | undefined;
  if (record === undefined) throw new Error('aws-vpc-flow: mapDefaultFlow declined the marked row; the JSON-lines template needs updating');
  const parts: Part[] = [];
  let text = '{';
  const constant = (s: string) => void (text += s);
  const value = (part: Part) => {
    parts.push({ constant: text });
    parts.push(part);
    text = '';
  };
  for (const [key, v] of Object.entries(record as unknown as Record<string, unknown>)) {
    if (v === undefined) continue;
    constant(`${text === '{' ? '' : ','}${JSON.stringify(key)}:`);
    const mark = key === 'NetworkProtocol' ? { protocol: true as const } : MARKS.get(v);
    if (mark === undefined) {
      const json = JSON.stringify(v);
      if (json.includes('\\u0001') || /9000[1-5]/.test(json)) throw new Error(`aws-vpc-flow: ${key} of the marked record is not a value of the line nor a constant; the JSON-lines template needs updating`);
      constant(json);
      continue;
    }
    // a protocol's keyword is written with its quotes
    const quotes = 'time' in mark || ('token' in mark && mark.quoted);
    if (quotes) constant('"');
    value(mark);
    if (quotes) constant('"');
  }
  constant('}\n');
  parts.push({ constant: text });
  return parts.filter((p) => !('constant' in p) || p.constant !== '');
}

/**
 * The code writing one record: both actions' parts, which differ only in constants (EventResult,
 * DvcAction...), so a constant that differs is a branch on `accept`.
 */
function writerSource(): { source: string; constantBytes: number; copies: number } {
  const accept = recordParts('ACCEPT');
  const reject = recordParts('REJECT');
  if (accept.length !== reject.length) throw new Error('aws-vpc-flow: the two actions make records of different keys');
  const code: string[] = [];
  let constantBytes = 0;
  let copies = 0;
  accept.forEach((part, i) => {
    const other = reject[i]!;
    if ('constant' in part) {
      if (!('constant' in other)) throw new Error('aws-vpc-flow: the two actions make records of different keys');
      const a = Buffer.from(part.constant);
      const b = Buffer.from(other.constant);
      constantBytes += Math.max(a.length, b.length);
      code.push(a.equals(b) ? constantStores(a) : `if (accept) { ${constantStores(a)} } else { ${constantStores(b)} }`);
      return;
    }
    if ('token' in part) {
      copies++;
      code.push(`a = t[${2 * part.token}]; n = t[${2 * part.token + 1}] - a; for (i = 0; i < n; i += 4) d.setUint32(p + i, s.getUint32(a + i, true), true); p += n;`);
    } else if ('time' in part) {
      code.push(`i = 3 * h.iso(${part.time}); d.setFloat64(p, w[i], true); d.setFloat64(p + 8, w[i + 1], true); d.setFloat64(p + 16, w[i + 2], true); p += 24;`);
    } else if ('protocol' in part) {
      code.push(`a = q[protocol]; n = q[protocol + 1]; for (i = a; i < n; i++) d.setUint8(p++, names[i]);`);
    } else code.push('p = h.writeInt(d, p, duration);');
  });
  const source = `const w = h.words, q = h.nameAt, names = h.names;
return function writeFlow(o, s, t, lineBytes, accept, protocol, start, end, duration) {
  // room for every copy at the line's length: a copy four bytes at a time runs up to three past its end
  o.room(${constantBytes} + ${copies} * lineBytes + 3 * 24 + 16 + h.longestName);
  const d = o.view;
  let p = o.pos, a = 0, n = 0, i = 0;
  ${code.join('\n  ')}
  o.pos = p;
};`;
  return { source, constantBytes, copies };
}

type FlowWriter = (out: JsonLineBuffer, src: DataView, tokens: Int32Array, lineBytes: number, accept: boolean, protocol: number, start: number, end: number, duration: number) => void;

/** Seconds of a time whose ISO text has 24 characters (a four-digit year). */
const MAX_ISO_SECONDS = 253402300799;
const ISO_SLOTS = 8192;

/** Writes default-format lines as JSON lines (see the module comment). One per decoder. */
export class JsonLineWriter {
  /** ISO texts of epoch seconds as three words of bytes each, direct-mapped by the second (NaN: empty). */
  readonly words = new Float64Array(3 * ISO_SLOTS);
  private readonly seconds = new Float64Array(ISO_SLOTS).fill(Number.NaN);
  private readonly isoView = new DataView(new ArrayBuffer(24));
  /** `"KEYWORD"` of each protocol number 0-255, at nameAt[2n] to nameAt[2n + 1] of `names`. */
  readonly names: Uint8Array;
  readonly nameAt = new Int32Array(512);
  readonly longestName: number;
  private readonly write: FlowWriter;
  private readonly tokens = new Int32Array(2 * TOKENS);
  private view: DataView | undefined;
  private viewOf: Buffer | undefined;

  constructor() {
    const names = Array.from({ length: 256 }, (_, n) => Buffer.from(JSON.stringify(networkProtocol(n))));
    this.names = Buffer.concat(names);
    let at = 0;
    names.forEach((name, n) => {
      this.nameAt[2 * n] = at;
      this.nameAt[2 * n + 1] = at += name.length;
    });
    this.longestName = Math.max(...names.map((n) => n.length));
    this.write = compiled<(h: unknown) => FlowWriter>('h', writerSource().source)(this);
  }

  /** RawDecoder.encodeJsonLines for a decoder of the default field order. */
  encode(bytes: Buffer, lines: Int32Array, from: number, count: number, out: JsonLineBuffer): number {
    if (this.viewOf !== bytes) {
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      this.viewOf = bytes;
    }
    const view = this.view!;
    for (let j = from; j < count; j++) if (!this.line(bytes, view, lines[2 * j]!, lines[2 * j + 1]!, out)) return j;
    return count;
  }

  /** Writes the line bytes[start, end) and returns true, or returns false having written nothing. */
  private line(b: Buffer, view: DataView, start: number, end: number, out: JsonLineBuffer): boolean {
    const t = this.tokens;
    if (!tokenize(b, start, end, t)) return false;
    const version = digits(b, t[0]!, t[1]!);
    if (version < 0 || version > MAX_INT32) return false;
    if (isDash(b, t[2 * ACCOUNT]!, t[2 * ACCOUNT + 1]!) || isDash(b, t[2 * IFACE]!, t[2 * IFACE + 1]!)) return false;
    if (!ipv4(b, t[2 * SRC]!, t[2 * SRC + 1]!) || !ipv4(b, t[2 * DST]!, t[2 * DST + 1]!)) return false;
    const srcPort = digits(b, t[2 * SRC_PORT]!, t[2 * SRC_PORT + 1]!);
    const dstPort = digits(b, t[2 * DST_PORT]!, t[2 * DST_PORT + 1]!);
    const protocol = digits(b, t[2 * PROTOCOL]!, t[2 * PROTOCOL + 1]!);
    if (srcPort < 0 || srcPort > MAX_INT32 || dstPort < 0 || dstPort > MAX_INT32 || protocol < 0 || protocol > 255) return false;
    if (digits(b, t[2 * PACKETS]!, t[2 * PACKETS + 1]!) < 0 || digits(b, t[2 * BYTES]!, t[2 * BYTES + 1]!) < 0) return false;
    const first = digits(b, t[2 * START]!, t[2 * START + 1]!);
    const last = digits(b, t[2 * END]!, t[2 * END + 1]!);
    if (first < 0 || first > MAX_ISO_SECONDS || last < 0 || last > MAX_ISO_SECONDS) return false;
    const duration = (last - first) * 1000;
    if (!(duration >= 0 && duration <= MAX_INT32)) return false;
    const action = t[2 * ACTION]!;
    if (t[2 * ACTION + 1]! - action !== 6) return false;
    const accept = view.getUint32(action, true) === ACCE && view.getUint16(action + 4, true) === PT;
    if (!accept && !(view.getUint32(action, true) === REJE && view.getUint16(action + 4, true) === CT)) return false;
    const status = t[2 * STATUS]!;
    if (t[2 * STATUS + 1]! - status !== 2 || view.getUint16(status, true) !== OK) return false;
    this.write(out, view, t, end - start, accept, 2 * protocol, first, last, duration);
    return true;
  }

  /** @internal The slot of `seconds` in `words`, filled with its ISO text if it held another. */
  iso(seconds: number): number {
    const slot = seconds & (ISO_SLOTS - 1);
    if (this.seconds[slot] === seconds) return slot;
    const text = epochMillisToIso(seconds * 1000);
    // ASCII bytes read as a double are never a NaN (whose bits a store may change): the words are exact
    for (let i = 0; i < 24; i++) this.isoView.setUint8(i, text.charCodeAt(i));
    for (let i = 0; i < 3; i++) this.words[3 * slot + i] = this.isoView.getFloat64(8 * i, true);
    this.seconds[slot] = seconds;
    return slot;
  }

  /** @internal Writes the non-negative 32-bit integer `n` at `p`; returns the position after it. */
  writeInt(d: DataView, p: number, n: number): number {
    let length = 1;
    for (let m = n; m >= 10; m = (m / 10) | 0) length++;
    for (let i = p + length - 1; i >= p; i--) {
      const q = (n / 10) | 0;
      d.setUint8(i, 48 + n - q * 10);
      n = q;
    }
    return p + length;
  }
}

const word = (s: string): number => Buffer.from(s, 'latin1').readUInt32LE(0);
const half = (s: string): number => Buffer.from(s, 'latin1').readUInt16LE(0);
const ACCE = word('ACCE'), PT = half('PT'), REJE = word('REJE'), CT = half('CT'), OK = half('OK');

/**
 * The 14 tokens' bounds into `t`, for a line of exactly 14 tokens separated by single spaces,
 * every byte printable ASCII that a JSON string holds as it is (no `"` or `\`); false otherwise.
 */
function tokenize(b: Buffer, start: number, end: number, t: Int32Array): boolean {
  let n = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === 32) {
      if (i === from || n === TOKENS - 1) return false;
      t[2 * n] = from;
      t[2 * n + 1] = i;
      n++;
      from = i + 1;
    } else if (c < 0x21 || c > 0x7e || c === 34 || c === 92) return false;
  }
  if (from === end || n !== TOKENS - 1) return false;
  t[2 * n] = from;
  t[2 * n + 1] = end;
  return true;
}

/** The token's value when it is plain digits with no leading zero, at most 15 of them; else -1. */
function digits(b: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length > MAX_DIGITS || (length > 1 && b[start] === 48)) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const isDash = (b: Buffer, start: number, end: number): boolean => end - start === 1 && b[start] === 45;

/** `a.b.c.d`, each part 0-255 with no leading zero (schema's isPlainIPv4, over bytes). */
function ipv4(b: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length < 7 || length > 15) return false;
  let parts = 0;
  let value = 0;
  let count = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? b[i]! : 46;
    if (c === 46) {
      if (count === 0 || value > 255) return false;
      parts++;
      value = 0;
      count = 0;
    } else if (c >= 48 && c <= 57) {
      if (count === 1 && value === 0) return false;
      value = value * 10 + (c - 48);
      count++;
    } else return false;
  }
  return parts === 4;
}
