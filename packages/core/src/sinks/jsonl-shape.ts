// A writer compiled for one record shape (its keys, in order): straight-line code that reads each
// value by its name and writes what JsonlEncoder's key tree would write, with the `,"key":` heads,
// and the values seen most in the first records of the shape, as constant stores. Nothing in it
// relies on those records: a value that is not one of the constants is written as any value is.
import { constantStores } from '@asimkit/sdk';

/** What a compiled writer uses of the encoder. */
export interface ShapeHost {
  /** The write position; the writer keeps its own while it writes constant bytes, and syncs around calls. */
  pos: number;
  /** The buffer's view, replaced when the buffer grows. */
  readonly view: DataView;
  /** Room for `n` more bytes and for the largest shape's constant bytes after them. */
  room(n: number): void;
  /** A string, with its quotes. */
  str(v: string): void;
  /** A number, as JSON.stringify writes it. */
  num(v: number): void;
  /** Any value: 1 when written, 0 when left out (undefined, a function, a symbol), -1 when the record needs JSON.stringify. */
  val(v: unknown): number;
}

export type ShapeWriter = (r: Readonly<Record<string, unknown>>, e: ShapeHost) => boolean;

export interface Shape {
  readonly keys: readonly string[];
  readonly write: ShapeWriter;
  /** The most constant bytes one record of the shape writes: what `room` must keep free after a value. */
  readonly constantBytes: number;
}

/** A key whose first records held at most this many distinct values gets them as constants. */
const MAX_CONSTANTS = 4;
/** Constants no longer than this (as JSON): the code stays small. */
const MAX_CONSTANT_LENGTH = 64;
/** Shapes with more keys or more constant bytes are left to the key tree. */
export const MAX_SHAPE_KEYS = 128;
const MAX_CONSTANT_BYTES = 16 << 10;

/**
 * The writer of records keyed `keys` (own enumerable keys, in for-in order). `samples` are earlier
 * records of the shape: which values repeat (constants) and which key's value is usually an
 * earlier key's (an alias, whose bytes are copied) are guessed from them; undefined when the
 * shape is too large to compile.
 */
export function compileShape(keys: readonly string[], samples: readonly Readonly<Record<string, unknown>>[]): Shape | undefined {
  if (keys.length === 0 || keys.length > MAX_SHAPE_KEYS) return undefined;
  const n = samples.length;
  const columns = keys.map((k) => samples.map((s) => s[k]));
  const plans = keys.map((key, i): KeyPlan => {
    const column = columns[i]!;
    const head = Buffer.from(`,${JSON.stringify(key)}:`);
    const constants = constantsOf(column);
    let twin = -1;
    if (constants.length === 0) {
      // the earlier key that holds the same string or number in most samples (at least 3 in 4)
      let best = Math.ceil((n * 3) / 4);
      for (let j = 0; j < i; j++) {
        const other = columns[j]!;
        let same = 0;
        for (let s = 0; s < n; s++) {
          const v = column[s];
          if (v === other[s] && (typeof v === 'string' || typeof v === 'number')) same++;
        }
        if (same >= best && same > 0) {
          best = same + 1;
          twin = j;
        }
      }
    }
    const strings = column.filter((v) => typeof v === 'string').length;
    const numbers = column.filter((v) => typeof v === 'number').length;
    return {
      key,
      head,
      constants: constants.map((c) => ({ literal: literalOf(c), bytes: Buffer.concat([head, Buffer.from(JSON.stringify(c))]) })),
      twin,
      type: strings * 2 > n ? 'string' : numbers * 2 > n ? 'number' : undefined,
      source: false,
    };
  });
  for (const p of plans) if (p.twin >= 0) plans[p.twin]!.source = true;
  let constantBytes = 2; // `{}` of a record whose values are all left out
  for (const p of plans) constantBytes += Math.max(p.head.length, ...p.constants.map((c) => c.bytes.length));
  if (constantBytes > MAX_CONSTANT_BYTES) return undefined;

  const code: string[] = [];
  const locals = plans.flatMap((p, i) => (p.source ? [`v${i}`, `a${i} = 0`, `z${i} = 0`] : []));
  code.push(`e.room(${constantBytes});`, 'let d = e.view, p = e.pos, v, s = 0, k = 0;');
  if (locals.length) code.push(`let ${locals.join(', ')};`);
  code.push('const first = p;');
  plans.forEach((p, i) => {
    code.push(`v = r[${JSON.stringify(p.key)}];`);
    if (p.source) code.push(`v${i} = v;`);
    const mark = (at: string, end: string) => (p.source ? `a${i} = ${at}; z${i} = ${end}; ` : '');
    const branches: string[] = [];
    for (const c of p.constants) {
      branches.push(`if (v === ${c.literal}) { ${mark(`p + ${p.head.length}`, `p + ${c.bytes.length}`)}${constantStores(c.bytes)} }`);
    }
    if (p.twin >= 0) {
      const t = p.twin;
      branches.push(
        `if (v === v${t} && (typeof v === 'string' || typeof v === 'number')) { ${constantStores(p.head)} k = z${t} - a${t}; e.pos = p; e.room(k); d = e.view; cp(d, a${t}, p, k); ${mark('p', 'p + k')}p += k; }`,
      );
    }
    if (p.type === 'string') branches.push(`if (typeof v === 'string') { ${constantStores(p.head)} e.pos = p; e.str(v); ${mark('p', 'e.pos')}p = e.pos; d = e.view; }`);
    if (p.type === 'number') branches.push(`if (typeof v === 'number') { ${constantStores(p.head)} e.pos = p; e.num(v); ${mark('p', 'e.pos')}p = e.pos; d = e.view; }`);
    const any = `s = p; ${constantStores(p.head)} e.pos = p; k = e.val(v); if (k < 0) return false; if (k === 0) p = s; else { ${mark('p', 'e.pos')}p = e.pos; } d = e.view;`;
    code.push(branches.length ? `${branches.join(' else ')} else { ${any} }` : any);
  });
  code.push('if (p === first) { d.setUint16(p, 0x7b7d); p += 2; } else { d.setUint8(first, 123); d.setUint8(p++, 125); }', 'e.pos = p;', 'return true;');
  const make = new Function('cp', `return function writeShape(r, e) {\n${code.join('\n')}\n};`) as (cp: typeof copyWithin) => ShapeWriter;
  return { keys, write: make(copyWithin), constantBytes };
}

interface KeyPlan {
  readonly key: string;
  /** `,"key":` as UTF-8. */
  readonly head: Buffer;
  /** Values written as constant bytes (`,"key":value`). */
  readonly constants: readonly { literal: string; bytes: Buffer }[];
  /** The index of the earlier key whose value this one's usually is, or -1. */
  readonly twin: number;
  readonly type: 'string' | 'number' | undefined;
  /** Whether a later key copies this one's value: its value and where its bytes are are kept. */
  source: boolean;
}

/** The distinct values of a column, when they are few, repeat, and are strings, finite numbers, booleans or null. */
function constantsOf(column: readonly unknown[]): unknown[] {
  const distinct: unknown[] = [];
  for (const v of column) {
    if (distinct.includes(v)) continue;
    const ok =
      v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && JSON.stringify(v).length <= MAX_CONSTANT_LENGTH);
    if (!ok || distinct.length === MAX_CONSTANTS) return [];
    distinct.push(v);
  }
  return distinct.length * 2 <= column.length || column.length === 1 ? distinct : [];
}

/** A JavaScript literal `===` to `v` (-0 is `=== 0`, and JSON.stringify writes both as 0). */
function literalOf(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Copies `n` bytes written earlier in the buffer (`from + n <= to`), four at a time. */
function copyWithin(d: DataView, from: number, to: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) d.setUint32(to + i, d.getUint32(from + i, true), true);
  for (; i < n; i++) d.setUint8(to + i, d.getUint8(from + i));
}
