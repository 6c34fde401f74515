import { readFileSync } from 'node:fs';
import type { DetectorCombination, DetectorKey, DetectorKeyColumns } from '@asimkit/schema';
import type { KeyOutcomes } from '@asimkit/sdk';
import type { KeyDecoder, KeyLayout } from './detector-key.js';
import { DVC_ACTION, NETWORK_DIRECTION, networkProtocol, SKIP_REASON } from './mapping.js';

/**
 * The detector's fast path over a batch of lines, in WebAssembly (assembly/key-scanner.ts): it
 * accepts and declines exactly the lines the compiled decoder of detector-key.ts does, with the same
 * keys, at a fraction of JavaScript's cost per byte. This side lays out the scanner's memory:
 *
 *   freeMemory()  the layout: a role per position, then per position a u32 (where its word list is),
 *                 then the word lists, WORD_BYTES a word, ended by a 0 length (LAYOUT_BYTES at most)
 *   spans         the batch's (start, end) pairs, as the caller's `lines`
 *   results       RESULT_BYTES per line, in columns: the time in ms (f64), then status, port, protocol,
 *                 app start, app end and combination (i32); time, port and combination are handed to
 *                 the detector as they are (KeyOutcomes.takeColumns)
 *   bytes         the batch's bytes, from its first line's start to its last line's end, then PADDING 0s
 */

/** What this module uses of WebAssembly's JavaScript API (TypeScript declares it only with the DOM library). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface ScannerExports {
  readonly memory: WasmMemory;
  setLayout(rolesAt: number, count: number, wordListsAt: number): void;
  scan(spansAt: number, lines: number, delta: number, resultsAt: number): number;
  freeMemory(): number;
}

/** Built from assembly/ by the package's build; the same path from src/ (tests) and dist/. */
const WASM_FILE = new URL('../dist/key-scanner.wasm', import.meta.url);
const LAYOUT_BYTES = 1 << 16;
const RESULT_BYTES = 32;
/** A word of a list: its length (u32), 4 bytes unused, its bytes (at most 8). */
const WORD_BYTES = 16;
/** What the scanner may read past the batch's last line: a 16-byte load from its last block. */
const PADDING = 16;
/** The status of a line the scanner leaves to the JavaScript decoder (longer than its scratch space). */
const LONG = 1 << 8;
/** The statuses of lines the full path skips for their log-status. */
const NODATA = 1 << 9;
const SKIPDATA = 1 << 10;
const PAGE_BYTES = 1 << 16;
/** A line's status bits (see the scanner): accepted, then the action and the direction, 2 bits each. */
const ACCEPTED = 1;
const ACTIONS = ['', DVC_ACTION.ACCEPT, DVC_ACTION.REJECT];
const DIRECTIONS = ['', NETWORK_DIRECTION.ingress, NETWORK_DIRECTION.egress];
/** NetworkProtocol by protocol number, 0 to 255: a load where the call was not inlined (~4 ns a line). */
const PROTOCOL_NAMES = Array.from({ length: 256 }, (_, n) => networkProtocol(n));
/**
 * The combinations a line's `combination` column names (see the scanner's PROTOCOLS): a protocol
 * number (256: none), then the action, then the direction.
 */
const COMBINATIONS: readonly DetectorCombination[] = Array.from({ length: 257 * 9 }, (_, i) => ({
  NetworkProtocol: i % 257 === 256 ? '' : PROTOCOL_NAMES[i % 257]!,
  DstAppName: '',
  DvcAction: ACTIONS[Math.floor(i / 257) % 3]!,
  NetworkDirection: DIRECTIONS[Math.floor(i / 771)]!,
}));

/** One instance per thread: its memory is reused by every batch of every stream. */
let scanner: ScannerExports | null | undefined;
/** The layout in memory now (a scanner's `layout`). */
let laidOut: Uint8Array | undefined;
let bytes8 = new Uint8Array(0);
let bytesText = Buffer.alloc(0);
let words32 = new Int32Array(0);
let words64 = new Float64Array(0);

/** The scanner's exports, or undefined where WebAssembly or the built module is missing (the JavaScript decoder then serves). */
export function scannerExports(): ScannerExports | undefined {
  if (scanner === undefined) {
    try {
      scanner = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(WASM_FILE))).exports as ScannerExports;
    } catch {
      scanner = null;
    }
  }
  return scanner ?? undefined;
}

/**
 * The views of the scanner's memory, again after it grew. Growing detaches the old buffer, and the
 * first detached buffer makes V8 check every typed array access in the thread from then on (the
 * JavaScript decoder measured 213 against 190 ns a line): the module's initial memory (the build's
 * --initialMemory, 24 pages) holds a batch of 1,024 lines of up to ~1.3 KiB, so it grows only for
 * longer lines.
 */
function views(memory: WasmMemory, bytesNeeded: number): void {
  if (memory.buffer.byteLength < bytesNeeded) memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / PAGE_BYTES));
  if (bytes8.buffer === memory.buffer) return;
  bytes8 = new Uint8Array(memory.buffer);
  bytesText = Buffer.from(memory.buffer);
  words32 = new Int32Array(memory.buffer);
  words64 = new Float64Array(memory.buffer);
}

export class KeyScanner {
  private constructor(
    private readonly wasm: ScannerExports,
    private readonly layout: Uint8Array,
    private readonly positions: number,
    private readonly wordListsAt: number,
    private readonly decodeKey: KeyDecoder,
  ) {}

  /**
   * The scanner for a layout, or undefined without WebAssembly or for a layout it cannot hold (a
   * word of more than 8 bytes: no VPC enum has one). `decodeKey` takes the lines it leaves (LONG).
   */
  static of(layout: KeyLayout, decodeKey: KeyDecoder): KeyScanner | undefined {
    const wasm = scannerExports();
    if (wasm === undefined) return undefined;
    const base = wasm.freeMemory();
    const n = layout.roles.length;
    const listsAt = align(n, 4) + 4 * n;
    const wordCount = layout.words.reduce((sum, words) => sum + (words ? words.length + 1 : 0), 0);
    const size = listsAt + WORD_BYTES * wordCount;
    if (size > LAYOUT_BYTES || layout.words.some((words) => words?.some((w) => w.length === 0 || w.length > 8))) return undefined;
    const bytes = Buffer.alloc(size);
    bytes.set(layout.roles, 0);
    let at = listsAt;
    layout.words.forEach((words, position) => {
      if (words === undefined) return;
      bytes.writeUInt32LE(base + at, align(n, 4) + 4 * position);
      for (const word of words) {
        bytes.writeUInt32LE(word.length, at);
        bytes.write(word, at + 8, 'latin1');
        at += WORD_BYTES;
      }
      at += WORD_BYTES; // a 0 length ends the list
    });
    return new KeyScanner(wasm, bytes, n, base + align(n, 4), decodeKey);
  }

  /**
   * Decodes lines `from` to `count` of a batch (see RawDecoder.decodeDetectorKeys). After a line it
   * declines, it stops if `stale()` says the field order changed (a header line): it returns the
   * index of the next line to decode, `count` when it decoded them all.
   */
  decode(bytes: Buffer, lines: Int32Array, from: number, count: number, key: DetectorKey, outcomes: KeyOutcomes, stale: () => boolean): number {
    const n = count - from;
    const base = this.wasm.freeMemory();
    const spansAt = base + LAYOUT_BYTES;
    const resultsAt = spansAt + 8 * n;
    const bytesAt = resultsAt + RESULT_BYTES * n;
    const first = lines[2 * from];
    const last = lines[2 * count - 1];
    views(this.wasm.memory, bytesAt + (last - first) + PADDING);
    if (laidOut !== this.layout) {
      bytes8.set(this.layout, base);
      this.wasm.setLayout(base, this.positions, this.wordListsAt);
      laidOut = this.layout;
    }
    bytes8.set(bytes.subarray(first, last), bytesAt);
    bytes8.fill(0, bytesAt + last - first, bytesAt + last - first + PADDING);
    words32.set(lines.subarray(2 * from, 2 * count), spansAt >> 2);
    const combined = this.wasm.scan(spansAt, n, bytesAt - first, resultsAt);
    // the columns (see the scanner), as indexes into words64 and words32
    const times = resultsAt >> 3;
    const statuses = (resultsAt >> 2) + 2 * n;
    const ports = statuses + n;
    const protocols = ports + n;
    const appStarts = protocols + n;
    const appEnds = appStarts + n;
    const combinations = appEnds + n;
    const columns: DetectorKeyColumns = {
      timeMs: words64.subarray(times, times + n),
      port: words32.subarray(ports, ports + n),
      combination: words32.subarray(combinations, combinations + n),
      combinations: COMBINATIONS,
    };
    if (combined === n) {
      outcomes.takeColumns(columns, from, n);
      return count;
    }
    const ints = words32;
    for (let j = 0; j < n; j++) {
      if (ints[combinations + j] >= 0) continue;
      const status = ints[statuses + j];
      if ((status & ACCEPTED) === 0) {
        if (status === NODATA || status === SKIPDATA) {
          outcomes.skip(from + j, status === NODATA ? SKIP_REASON.NODATA! : SKIP_REASON.SKIPDATA!);
          continue;
        }
        if (status === LONG && this.decodeKey(bytes, lines[2 * (from + j)], lines[2 * (from + j) + 1], key)) {
          outcomes.take(key);
          continue;
        }
        outcomes.decline(from + j);
        if (stale()) {
          // the lines after this one were read in the field order it ended
          if (combined > 0) outcomes.takeColumns(columns, from, j + 1);
          return from + j + 1;
        }
        continue;
      }
      // counted, without a combination: an AWS service name, or a protocol number above 255
      key.timeMs = words64[times + j];
      const port = ints[ports + j];
      key.DstPortNumber = port === -1 ? null : port;
      const protocol = ints[protocols + j];
      key.NetworkProtocol = protocol === -1 ? '' : protocol < 256 ? PROTOCOL_NAMES[protocol]! : networkProtocol(protocol);
      const appStart = ints[appStarts + j];
      key.DstAppName = appStart === -1 ? '' : bytesText.toString('latin1', appStart, ints[appEnds + j]);
      key.NetworkDirection = DIRECTIONS[(status >> 3) & 3];
      key.DvcAction = ACTIONS[(status >> 1) & 3];
      outcomes.take(key);
    }
    if (combined > 0) outcomes.takeColumns(columns, from, n);
    return count;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
