import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * `CefFields.take` in WebAssembly (assembly/cef-extension-scanner.ts): where each wanted key's value
 * is in a CEF extension, found with SIMD instead of a string search per space (~15 ns each, ~60 a
 * PAN-OS line). This side lays out the scanner's memory, from `freeMemory()`:
 *
 *   tables  TABLES_BYTES: per key set, its hash chains (`head`, as the scanner hashes) and keys
 *   starts, ends  MAX_KEYS i32 each
 *   bits    BITS_PER_WORD bytes per 64 bytes of line
 *   line    a space, then the extension's bytes, then PADDING bytes the scanner zeroes
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
  setLayout(line: number, bits: number, starts: number, ends: number): void;
  take(table: number, count: number, length: number, shift: number): number;
  freeMemory(): number;
}

const HEADS = 256;
const ENTRY_BYTES = 8;
const NONE = 0xffff;
const TABLES_BYTES = 1 << 15;
const MAX_KEYS = 64;
const MAX_LINE = 1 << 16;
const BITS_PER_WORD = 16;
const PADDING = 64;

/** The chain of a key by its first two bytes (`=` for a one-byte key's second) and length: the scanner's `head`. */
function head(c0: number, c1: number, length: number): number {
  return (c0 * 31 + c1 * 7 + length) & (HEADS - 1);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** One instance per thread, shared by every key set: undefined until asked for, null where it cannot load. */
let scanner: ScannerExports | null | undefined;
let memory = new Uint8Array(0);
let base = 0;
/** The layout after the tables (see above), from `base`. */
const STARTS_AT = TABLES_BYTES;
const ENDS_AT = STARTS_AT + 4 * MAX_KEYS;
const BITS_AT = ENDS_AT + 4 * MAX_KEYS;
const LINE_AT_OFFSET = BITS_AT + (MAX_LINE >> 6) * BITS_PER_WORD;
let LINE_AT = 0;
/** The last caller's buffer, and a Uint8Array view of it. */
let viewed: Buffer | undefined;
let view: Uint8Array = new Uint8Array(0);
/** Where the next key set's table goes, and the scanners of the key sets laid out so far, by their keys joined with spaces. */
let nextTable = 0;
const tables = new Map<string, ExtensionScanner | null>();

function scannerExports(): ScannerExports | undefined {
  if (scanner === undefined) {
    try {
      // the package's own dist/, from src/ (tests) as from the bundle
      const wasmFile = join(dirname(createRequire(import.meta.url).resolve('@asimkit/sdk/package.json')), 'dist', 'cef-extension-scanner.wasm');
      scanner = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile))).exports as ScannerExports;
      base = scanner.freeMemory();
      memory = new Uint8Array(scanner.memory.buffer);
      LINE_AT = base + LINE_AT_OFFSET;
      scanner.setLayout(LINE_AT, base + BITS_AT, base + STARTS_AT, base + ENDS_AT);
      nextTable = base;
    } catch {
      scanner = null;
    }
  }
  return scanner ?? undefined;
}

export class ExtensionScanner {
  /** Where the scanner writes each key's value: (start, end) as positions of the line's text. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  private constructor(
    private readonly wasm: ScannerExports,
    private readonly table: number,
    private readonly count: number,
  ) {
    this.starts = new Int32Array(wasm.memory.buffer, base + STARTS_AT, count);
    this.ends = new Int32Array(wasm.memory.buffer, base + ENDS_AT, count);
  }

  /**
   * The scanner of a key set (one table per set, kept for the thread), or undefined without
   * WebAssembly, for more than MAX_KEYS keys, or once the tables' space is used up.
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
    const wasm = scannerExports();
    if (wasm === undefined || keys.length > MAX_KEYS) return null;
    const keysAt = 2 * HEADS + ENTRY_BYTES * keys.length;
    // each key padded to 8 bytes: the scanner compares 8 at a time
    const size = keysAt + keys.reduce((sum, k) => sum + align8(k.length), 0);
    if (nextTable + size > base + TABLES_BYTES) return null;
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
    memory.set(table, nextTable);
    const scannerOfKeys = new ExtensionScanner(wasm, nextTable, keys.length);
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
    const mem = memory;
    mem[LINE_AT] = 32;
    // a plain view of the caller's buffer: a Buffer's subarray is a Buffer, ~30 ns more to make
    if (bytes !== viewed) {
      viewed = bytes;
      view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    mem.set(view.subarray(from, to), LINE_AT + 1);
    if (this.wasm.take(this.table, this.count, to - from + 1, textAt - 1) === 0) return false;
    starts.set(this.starts);
    ends.set(this.ends);
    return true;
  }
}
