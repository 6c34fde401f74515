// JSON lines without a JSON string per record: each record is written as UTF-8 straight into a
// byte buffer, with exactly the bytes `Buffer.from(JSON.stringify(record) + '\n')` would hold.
import type { JsonLineBuffer } from '@asimkit/sdk';
import { compileShape, type Shape, type ShapeHost } from './jsonl-shape.js';

/** No value: what a key's node holds before its first value, and after an object (which may change). */
const UNSEEN: unique symbol = Symbol('unseen');

/**
 * One key of a record, reached by the keys before it: the record shapes seen form a tree, as
 * V8's hidden classes do. Records of one mapping share a path, so finding a key's node is one
 * identity comparison with the child taken last time (property names are interned strings).
 */
class KeyNode {
  /** The child taken last time: the next key of the most recent record that came this way. */
  last: KeyNode | undefined = undefined;
  private children: Map<string, KeyNode> | undefined = undefined;

  /** The value this key had when last written, in the record numbered `serial`. */
  value: unknown = UNSEEN;
  serial = -1;
  /** Where `"key":value` (after its comma) was written, in the buffer numbered `generation`. */
  generation = -1;
  at = 0;
  end = 0;
  /**
   * Records in a row whose value differed from the previous one's: a key that changes with every
   * record (an address, a byte count) is compared only once in 64 records.
   */
  misses = 0;
  /**
   * An earlier key of the record whose string this key's string usually is (an ASIM alias: Src
   * and SrcIpAddr; EventStartTime and TimeGenerated): its bytes are copied when it is.
   */
  twin: KeyNode | undefined = undefined;
  twinMisses = 0;
  /** Records in which this key looked for a twin and found none. */
  lookups = 0;

  /** As the last key of a record: records that ended here, some kept to compile their shape from. */
  ends = 0;
  samples: Record<string, unknown>[] | undefined = undefined;
  shape: Shape | undefined = undefined;

  constructor(
    readonly key: string,
    /** `,"key":` as UTF-8 (the record's first comma becomes its `{`), in the encoder's key bytes. */
    readonly headAt: number,
    readonly headLength: number,
  ) {}

  child(key: string, encoder: JsonlEncoder): KeyNode {
    let next = this.children?.get(key);
    if (next === undefined) {
      next = encoder.node(key);
      (this.children ??= new Map()).set(key, next);
    }
    this.last = next;
    return next;
  }
}

/** Distinct record shapes are few; arbitrary ASIM input may bring many, and then the tree restarts. */
const MAX_KEY_BYTES = 1 << 20;

/** Records of a shape written by the key tree before the shape gets a compiled writer (jsonl-shape.ts). */
const SHAPE_SAMPLES = 16;
/** Compiled shapes per encoder, and records kept as samples at once: arbitrary input may bring many shapes. */
const MAX_SHAPES = 64;
const MAX_SAMPLES_HELD = 1024;

/**
 * Appends records as JSON lines to a growing byte buffer. The output is what `JSON.stringify`
 * gives, encoded as UTF-8 (property order, escapes, `undefined` and functions left out, -0 as 0,
 * NaN and ±Infinity as null, lone surrogates as `\udxxx`), for any value: what the fast path does
 * not cover is handed to JSON.stringify.
 *
 * The fast path covers records that are plain objects (prototype Object.prototype or null, no
 * `toJSON`) whose values are strings, numbers, booleans, null or undefined:
 * - a key's `,"key":` is encoded once, when its place in a record shape is first seen;
 * - a value equal to the one its key had in the previous record (a constant, a repeated time),
 *   or a string equal to an earlier key's of the same record (an alias), is copied from those bytes;
 * - other strings are checked and copied in one pass; the rare one that needs an escape (a quote,
 *   a backslash, a control character, a lone surrogate) is written as JSON.stringify escapes it;
 * - a nested plain object of plain values (AdditionalFields) is written the same way, other nested values with JSON.stringify;
 * - once a shape (keys in order) has ended SHAPE_SAMPLES records, it gets a compiled writer
 *   (jsonl-shape.ts): a record keyed as the last one is then written by it, with no node walk, its
 *   heads and usual constants as constant stores and its usual aliases copied.
 * A record JSON.stringify cannot serialize (a BigInt, a cycle) throws JSON.stringify's error,
 * and the buffer is left as it was before that record.
 */
export class JsonlEncoder implements ShapeHost, JsonLineBuffer {
  private buf: Buffer;
  /** @internal */
  view: DataView;
  /** @internal */
  pos = 0;
  /** Bumped whenever bytes before `pos` are dropped or replaced: copies from them are then stale. */
  private generation = 0;
  /** Records started, to tell this record's values from earlier ones. */
  private serial = 0;
  /** The `,"key":` heads of the nodes. */
  private keys = new Uint8Array(1 << 12);
  private keysView = new DataView(this.keys.buffer);
  private keysUsed = 0;
  private root = new KeyNode('', 0, 0);
  /** The keys of this record with a string value so far, where a key looks for its twin. */
  private readonly strings: KeyNode[] = [];
  private stringCount = 0;
  /** The shape of the last record written by a compiled writer or ending at a node that has one. */
  private shape: Shape | undefined = undefined;
  private shapes = 0;
  private samplesHeld = 0;
  /** Bytes `room` keeps free beyond what is asked: the constant bytes of the largest compiled shape. */
  private reserve = 0;

  constructor(private readonly capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /** @internal The buffer (JsonLineBuffer): a plugin's fast path appends to it; earlier bytes stay as they were. */
  get bytes(): Uint8Array {
    return this.buf;
  }

  /** Bytes encoded and not yet taken. */
  get length(): number {
    return this.pos;
  }

  /**
   * The bytes encoded so far; the encoder continues in a new buffer, so the one returned (on an
   * ArrayBuffer of its own, never pooled) is never touched again and may be transferred.
   */
  take(): Buffer {
    const full = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafeSlow(this.capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = 0;
    this.generation++;
    return full;
  }

  /** Appends `JSON.stringify(record)` and a line feed. */
  line(record: object): void {
    const start = this.pos;
    try {
      if (!this.record(record)) {
        this.pos = start;
        this.generation++;
        this.json(JSON.stringify(record));
      }
    } catch (err) {
      this.pos = start;
      this.generation++;
      throw err;
    }
    this.room(1);
    this.buf[this.pos++] = 10;
  }

  /** @internal A new node of the key tree. */
  node(key: string): KeyNode {
    const head = Buffer.from(`,${JSON.stringify(key)}:`);
    if (this.keysUsed + head.length > this.keys.length) {
      const bigger = new Uint8Array(Math.max(this.keys.length * 2, this.keysUsed + head.length));
      bigger.set(this.keys.subarray(0, this.keysUsed));
      this.keys = bigger;
      this.keysView = new DataView(bigger.buffer);
    }
    this.keys.set(head, this.keysUsed);
    this.keysUsed += head.length;
    return new KeyNode(key, this.keysUsed - head.length, head.length);
  }

  /** The fast path; false (with `pos` anywhere) when the record needs JSON.stringify. */
  private record(rec: object): boolean {
    const proto: unknown = Object.getPrototypeOf(rec);
    if ((proto !== Object.prototype && proto !== null) || Array.isArray(rec)) return false;
    const r = rec as Record<string, unknown>;
    if (typeof r.toJSON === 'function') return false;
    if (this.keysUsed > MAX_KEY_BYTES) {
      this.root = new KeyNode('', 0, 0);
      this.keysUsed = 0;
      this.samplesHeld = 0; // the old tree's leaves held them
    }
    const first = this.pos;
    const shape = this.shape;
    if (shape !== undefined) {
      // the shape's writer, for a record keyed as the last one (names are interned: one comparison a key)
      const keys = shape.keys;
      let i = 0;
      for (const key in r) {
        if (key !== keys[i]) {
          i = -1;
          break;
        }
        i++;
      }
      if (i === keys.length) {
        if (shape.write(r, this)) return true;
        this.pos = first; // a value JSON.stringify must write (toJSON, a BigInt): the key tree says so
      }
    }
    const generation = this.generation;
    const serial = ++this.serial;
    this.stringCount = 0;
    let node = this.root;
    // for-in, not Object.keys: V8 then reads each value by its index in the object's enum cache.
    // It gives Object.keys' order; inherited keys are excluded by the prototype check above.
    for (const key in r) {
      let next = node.last;
      if (next === undefined || next.key !== key) next = node.child(key, this);
      node = next;
      const v = r[key];
      const misses = next.misses;
      if ((misses < 8 || (misses & 63) === 0) && v === next.value && next.generation === generation) {
        // `"key":value` as the previous record of this shape wrote it
        const n = next.end - next.at;
        this.room(n + 1);
        this.buf[this.pos] = 44;
        const at = this.pos + 1;
        this.copy(next.at, at, n);
        next.at = at;
        next.end = this.pos = at + n;
        next.serial = serial;
        next.misses = 0;
        if (typeof v === 'string') this.strings[this.stringCount++] = next;
        continue;
      }
      const at = this.pos + 1;
      switch (typeof v) {
        case 'string':
          this.head(next);
          this.stringOf(next, v, serial);
          break;
        case 'number':
          this.head(next);
          this.number(v);
          break;
        case 'boolean':
          this.head(next);
          this.ascii(v ? 'true' : 'false');
          break;
        case 'undefined':
        case 'function':
        case 'symbol':
          continue;
        case 'object':
          if (v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') return false; // toJSON is given the key
          this.head(next);
          if (v === null) this.ascii('null');
          else {
            this.nested(v);
            next.value = UNSEEN; // an object may change before the next record
            continue;
          }
          break;
        default:
          return false; // bigint: JSON.stringify's TypeError
      }
      next.misses = misses + 1;
      next.value = v;
      next.serial = serial;
      next.generation = generation;
      next.at = at;
      next.end = this.pos;
    }
    if (this.pos === first) {
      this.room(2);
      this.buf[this.pos++] = 123;
      this.buf[this.pos++] = 125;
    } else {
      this.buf[first] = 123; // the first field's comma
      this.room(1);
      this.buf[this.pos++] = 125;
    }
    if (node !== this.root) this.ended(node, r);
    return true;
  }

  /** A record keyed by the path to `leaf` was written by the key tree: its shape's writer is made after a few. */
  private ended(leaf: KeyNode, r: Record<string, unknown>): void {
    if (leaf.shape !== undefined || this.shapes >= MAX_SHAPES) {
      this.shape = leaf.shape;
      return;
    }
    if (this.samplesHeld < MAX_SAMPLES_HELD) {
      (leaf.samples ??= []).push(r);
      this.samplesHeld++;
    }
    if (++leaf.ends < SHAPE_SAMPLES) return;
    const keys: string[] = [];
    for (const key in r) keys.push(key);
    const shape = compileShape(keys, leaf.samples ?? [r]);
    this.samplesHeld -= leaf.samples?.length ?? 0;
    leaf.samples = undefined;
    if (shape === undefined) {
      leaf.ends = -Infinity; // never again
      return;
    }
    this.shapes++;
    this.reserve = Math.max(this.reserve, shape.constantBytes);
    leaf.shape = this.shape = shape;
  }

  // --- what compiled shape writers call (ShapeHost) ---

  /** @internal */
  str(v: string): void {
    this.string(v);
  }

  /** @internal */
  num(v: number): void {
    this.number(v);
  }

  /** @internal A value as the key tree writes it: 1 written, 0 left out, -1 the record needs JSON.stringify. */
  val(v: unknown): number {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return 1;
      case 'number':
        this.number(v);
        return 1;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return 1;
      case 'undefined':
      case 'function':
      case 'symbol':
        return 0;
      case 'object':
        if (v === null) this.ascii('null');
        else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return -1; // toJSON is given the key
        else this.nested(v);
        return 1;
      default:
        return -1; // bigint: JSON.stringify's TypeError
    }
  }

  /** @internal Makes room for `n` more bytes, and the constant bytes a compiled writer may store after them. */
  room(n: number): void {
    if (this.pos + n + this.reserve <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n + this.reserve));
    this.buf.copy(bigger, 0, 0, this.pos); // same offsets: copies from earlier bytes stay valid
    this.buf = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
  }

  /** Copies `n` bytes written earlier, four at a time (the ranges never overlap: `from + n <= to`). */
  private copy(from: number, to: number, n: number): void {
    const view = this.view;
    let i = 0;
    for (; i + 4 <= n; i += 4) view.setUint32(to + i, view.getUint32(from + i, true), true);
    const buf = this.buf;
    for (; i < n; i++) buf[to + i] = buf[from + i]!;
  }

  private head(node: KeyNode): void {
    const n = node.headLength;
    this.room(n);
    const view = this.view;
    const keys = this.keysView;
    const from = node.headAt;
    const to = this.pos;
    let i = 0;
    for (; i + 4 <= n; i += 4) view.setUint32(to + i, keys.getUint32(from + i, true), true);
    const buf = this.buf;
    const bytes = this.keys;
    for (; i < n; i++) buf[to + i] = bytes[from + i]!;
    this.pos = to + n;
  }

  /** The string value of `node`: its twin's bytes when the twin holds the same string, else encoded. */
  private stringOf(node: KeyNode, v: string, serial: number): void {
    this.strings[this.stringCount++] = node;
    const twin = node.twin;
    if (twin !== undefined) {
      if (twin.serial === serial && twin.value === v) {
        node.twinMisses = 0;
        const from = twin.at + twin.headLength - 1; // after `"key":`
        const n = twin.end - from;
        this.room(n);
        this.copy(from, this.pos, n);
        this.pos += n;
        return;
      }
      if (++node.twinMisses === 8) node.twin = undefined;
    } else if (node.lookups < 4 || (node.lookups & 1023) === 0) {
      // the first records, then one in 1024, look for an earlier key of this record with this string
      const strings = this.strings;
      for (let i = this.stringCount - 2; i >= 0; i--) {
        if (strings[i]!.value === v) {
          node.twin = strings[i];
          node.twinMisses = 0;
          break;
        }
      }
    }
    if (node.twin === undefined) node.lookups++;
    this.string(v);
  }

  /** Text known to be ASCII and to need no escape. */
  private ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** A string: copied as UTF-8 between quotes, or as JSON.stringify writes it when it needs an escape. */
  private string(s: string): void {
    const n = s.length;
    this.room(3 * n + 2); // UTF-8 takes at most 3 bytes per UTF-16 unit (4 per surrogate pair)
    const buf = this.buf;
    const view = this.view;
    let pos = this.pos;
    buf[pos++] = 34;
    let i = 0;
    // four characters at a time while they are ASCII that needs no escape
    for (; i + 4 <= n; i += 4) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      const c = s.charCodeAt(i + 2);
      const d = s.charCodeAt(i + 3);
      if ((a | b | c | d) >= 0x80 || (PLAIN[a]! & PLAIN[b]! & PLAIN[c]! & PLAIN[d]!) === 0) break;
      view.setUint32(pos, a | (b << 8) | (c << 16) | (d << 24), true);
      pos += 4;
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === 34 || c === 92) return this.json(JSON.stringify(s));
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) return this.json(JSON.stringify(s)); // a lone surrogate
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[pos++] = 0xf0 | (cp >> 18);
        buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[pos++] = 0x80 | (cp & 0x3f);
        i++;
      }
    }
    buf[pos++] = 34;
    this.pos = pos;
  }

  /** A nested value (AdditionalFields): a plain object of plain values is written here, anything else by JSON.stringify. */
  private nested(v: object): void {
    const start = this.pos;
    if (this.plainObject(v as Record<string, unknown>)) return;
    this.pos = start;
    this.json(JSON.stringify(v));
  }

  /**
   * A plain object (as `record` takes one) whose values are strings, numbers, booleans, null or
   * left out; false, with `pos` anywhere, for any other object or value.
   */
  private plainObject(o: Record<string, unknown>): boolean {
    const proto: unknown = Object.getPrototypeOf(o);
    if ((proto !== Object.prototype && proto !== null) || Array.isArray(o) || typeof o.toJSON === 'function') return false;
    this.room(1);
    this.buf[this.pos++] = 123;
    let comma = false;
    for (const key in o) {
      const v = o[key];
      const type = typeof v;
      if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
      if ((type === 'object' && v !== null) || type === 'bigint') return false;
      if (comma) {
        this.room(1);
        this.buf[this.pos++] = 44;
      }
      comma = true;
      this.string(key);
      this.room(1);
      this.buf[this.pos++] = 58;
      if (type === 'string') this.string(v as string);
      else if (type === 'number') this.number(v as number);
      else this.ascii(v === null ? 'null' : v ? 'true' : 'false');
    }
    this.room(1);
    this.buf[this.pos++] = 125;
    return true;
  }

  /** JSON text (well-formed: JSON.stringify escapes lone surrogates) as UTF-8. */
  private json(text: string | undefined): void {
    if (text === undefined) text = 'null'; // never for a record, a nested object or a string
    this.room(3 * text.length);
    this.pos += this.buf.write(text, this.pos);
  }

  /** A number as JSON.stringify writes it: 32-bit integers digit by digit, others by Number's toString. */
  private number(v: number): void {
    this.room(24); // the longest Number toString: -1.2345678901234567e-300
    if (v > -2147483648 && v <= 2147483647 && (v | 0) === v) {
      // 0 and -0 too
      const buf = this.buf;
      let pos = this.pos;
      let n = v | 0;
      if (n < 0) {
        buf[pos++] = 45;
        n = -n;
      }
      const end = (pos += digitsOf(n));
      do {
        const q = (n / 10) | 0;
        buf[--pos] = 48 + n - q * 10;
        n = q;
      } while (n !== 0);
      this.pos = end;
    } else if (!Number.isFinite(v)) {
      this.ascii('null');
    } else {
      this.ascii(String(v));
    }
  }
}

/** 1 for the ASCII characters a JSON string holds as they are (not a control character, `"` or `\\`). */
const PLAIN = new Uint8Array(128).map((_, c) => (c < 0x20 || c === 34 || c === 92 ? 0 : 1));

function digitsOf(n: number): number {
  if (n < 100000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  return n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
}
