import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A CEF extension's pairs found in WebAssembly (assembly/cef-extension-scanner.ts) with SIMD,
 * instead of a string search per space or `=` (~15 ns each, ~60 of each in a PAN-OS line), for
 * lines of one byte per character: `ExtensionScanner` for `CefFields.take` (the detector's fast
 * path: where the wanted keys' values are), `scanPairs` for `scanExtension` (every pair). This
 * side lays out the scanner's memory, from `freeMemory()`:
 *
 *   tables  TABLES_BYTES: per key set, its hash chains (`head`, as the scanner hashes) and keys
 *   starts, ends  MAX_KEYS i32 each
 *   bits    BITS_PER_WORD bytes per 64 bytes of line
 *   line    MAX_LINE bytes: the line (the scanner zeroes PADDING bytes after it)
 *   pairs   MAX_PAIRS pairs, PAIR_SPAN i32 each
 *
 * The module's memory never grows (its build's --initialMemory holds this layout): growing would
 * detach the buffer these views are on.
 */

/** What this module uses of WebAssembly's JavaScript API (TypeScript declares it only with the DOM library). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
};

interface ScannerExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  setLayout(bits: number, starts: number, ends: number): void;
  take(table: number, count: number, line: number, length: number, shift: number): number;
  pairs(line: number, length: number, shift: number, out: number, maxPairs: number): number;
  freeMemory(): number;
}

const HEADS = 256;
const ENTRY_BYTES = 8;
const NONE = 0xffff;
const TABLES_BYTES = 1 << 15;
const MAX_KEYS = 64;
const MAX_LINE = 1 << 16;
const BITS_PER_WORD = 24;
const PADDING = 64;
const MAX_PAIRS = 2048;
/** A pair's i32s: key start and end, value start and end, 1 when the value holds a backslash, and one left to the caller (scanExtension's SPAN). */
export const PAIR_SPAN = 6;

const STARTS_AT = TABLES_BYTES;
const ENDS_AT = STARTS_AT + 4 * MAX_KEYS;
const BITS_AT = ENDS_AT + 4 * MAX_KEYS;
const LINE_AT = BITS_AT + (MAX_LINE >> 6) * BITS_PER_WORD;
const PAIRS_AT = LINE_AT + MAX_LINE + PADDING;

/** The chain of a key by its first two bytes (`=` for a one-byte key's second) and length: the scanner's `head`. */
function head(c0: number, c1: number, length: number): number {
  return (c0 * 31 + c1 * 7 + length) & (HEADS - 1);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** The scanner of this thread (one instance, shared by every key set) and its memory's layout, from `base`. */
interface Loaded {
  readonly wasm: ScannerExports;
  readonly base: number;
  readonly bytes: Uint8Array;
  /** The line's bytes as a Buffer, to write a string into. */
  readonly line: Buffer;
  /** scanPairs's pairs. */
  readonly pairs: Int32Array;
}

/** Undefined until asked for, null where it cannot load. */
let loaded: Loaded | null | undefined;
/** Whether `scanPairs` takes lines (the agreement tests compare it with the text scan by turning it off). */
let pairsInWasm = true;
/** Where the next key set's table goes, and the scanners of the key sets laid out so far, by their keys joined with spaces. */
let nextTable = 0;
const tables = new Map<string, ExtensionScanner | null>();
/** The last caller's buffer, and a Uint8Array view of it. */
let viewed: Buffer | undefined;
let view: Uint8Array = new Uint8Array(0);

function load(): Loaded | undefined {
  if (loaded === undefined) {
    try {
      // the package's own dist/, from src/ (tests) as from the bundle
      const wasmFile = join(dirname(createRequire(import.meta.url).resolve('@asimkit/sdk/package.json')), 'dist', 'cef-extension-scanner.wasm');
      const wasm = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile))).exports as ScannerExports;
      const base = wasm.freeMemory();
      const buffer = wasm.memory.buffer;
      wasm.setLayout(base + BITS_AT, base + STARTS_AT, base + ENDS_AT);
      loaded = { wasm, base, bytes: new Uint8Array(buffer), line: Buffer.from(buffer, base + LINE_AT, MAX_LINE), pairs: new Int32Array(buffer, base + PAIRS_AT, MAX_PAIRS * PAIR_SPAN) };
      nextTable = base;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/**
 * The pairs of the extension `s[i, end)` (`i` > 0, blanks trimmed: see scanExtension) into
 * `pairSpans()`, PAIR_SPAN i32 each, as scanExtension finds them (its last i32 left 0): returns how
 * many, or -1 where the scanner does not take the line (a character of more than one byte, a line
 * longer than it holds, more than MAX_PAIRS pairs, an extension that does not start with a key:
 * scanExtension's own scan reads those, and reports what it rejects).
 */
export function scanPairs(s: string, i: number, end: number): number {
  const scanner = loaded ?? load();
  if (scanner === undefined || !pairsInWasm || i === 0 || s.length + PADDING > MAX_LINE) return -1;
  // as many bytes as characters: all ASCII, a character's position is its byte's
  if (scanner.line.write(s, 0, 'utf8') !== s.length) return -1;
  const at = scanner.base + LINE_AT + i - 1;
  scanner.bytes[at] = 32;
  const n = scanner.wasm.pairs(at, end - i + 1, i - 1, scanner.base + PAIRS_AT, MAX_PAIRS);
  return n < 0 ? -1 : n;
}

/** Lets `scanPairs` take lines again (true), or leaves every line to the text scan (false). */
export function scanPairsInWasm(on: boolean): void {
  pairsInWasm = on;
}

/** Where `scanPairs` wrote its pairs. */
export function pairSpans(): Int32Array {
  return load()!.pairs;
}

export class ExtensionScanner {
  /** Where the scanner writes each key's value: (start, end) as positions of the line's text. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  private constructor(
    private readonly scanner: Loaded,
    private readonly table: number,
    private readonly count: number,
  ) {
    this.starts = new Int32Array(scanner.bytes.buffer, scanner.base + STARTS_AT, count);
    this.ends = new Int32Array(scanner.bytes.buffer, scanner.base + ENDS_AT, count);
  }

  /**
   * The scanner of a key set (one table per set, kept for the thread), or undefined without
   * WebAssembly, for no keys or more than MAX_KEYS, or once the tables' space is used up.
   */
  static of(keys: readonly string[]): ExtensionScanner | undefined {
    if (keys.length === 0) return undefined;
    const name = keys.join(' ');
    let found = tables.get(name);
    if (found === undefined) {
      found = ExtensionScanner.layOut(keys);
      tables.set(name, found);
    }
    return found ?? undefined;
  }

  private static layOut(keys: readonly string[]): ExtensionScanner | null {
    const scanner = load();
    if (scanner === undefined || keys.length > MAX_KEYS) return null;
    const keysAt = 2 * HEADS + ENTRY_BYTES * keys.length;
    // each key padded to 8 bytes: the scanner compares 8 at a time
    const size = keysAt + keys.reduce((sum, k) => sum + align8(k.length), 0);
    if (nextTable + size > scanner.base + TABLES_BYTES) return null;
    const table = Buffer.alloc(size);
    for (let h = 0; h < HEADS; h++) table.writeUInt16LE(NONE, 2 * h);
    let at = keysAt;
    keys.forEach((key, e) => {
      // as the JavaScript KeyHeads: a later entry of a chain is found first
      const h = head(key.charCodeAt(0), key.length > 1 ? key.charCodeAt(1) : 61, key.length);
      const entry = 2 * HEADS + ENTRY_BYTES * e;
      table.writeUInt16LE(table.readUInt16LE(2 * h), entry);
      table.writeUInt16LE(e, 2 * h);
      table.writeUInt16LE(key.length, entry + 2);
      table.writeUInt32LE(at, entry + 4);
      table.write(key, at, 'latin1');
      at += align8(key.length);
    });
    scanner.bytes.set(table, nextTable);
    const scannerOfKeys = new ExtensionScanner(scanner, nextTable, keys.length);
    nextTable += (size + 15) & ~15;
    return scannerOfKeys;
  }

  /** Whether an extension of `bytes` bytes fits the scanner's line. */
  static fits(bytes: number): boolean {
    return bytes + 1 + PADDING <= MAX_LINE;
  }

  /**
   * The wanted keys' values in the extension `bytes[from, to)` (blanks trimmed, a key at `from`),
   * into `starts`/`ends` as positions of the line's text where `from` is `textAt` (the text is the
   * bytes' one-byte decoding): -1 for an absent key. False where a wanted key occurs twice.
   */
  take(bytes: Buffer, from: number, to: number, textAt: number, starts: Int32Array, ends: Int32Array): boolean {
    const { bytes: mem, base, wasm } = this.scanner;
    const line = base + LINE_AT;
    mem[line] = 32;
    // a plain view of the caller's buffer: a Buffer's subarray is a Buffer, ~30 ns more to make
    if (bytes !== viewed) {
      viewed = bytes;
      view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    mem.set(view.subarray(from, to), line + 1);
    if (wasm.take(this.table, this.count, line, to - from + 1, textAt - 1) === 0) return false;
    starts.set(this.starts);
    ends.set(this.ends);
    return true;
  }
}
