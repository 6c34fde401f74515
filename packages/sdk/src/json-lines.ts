// Writing JSON lines as bytes: the buffer a fast path appends to (`RawDecoder.encodeJsonLines`),
// and the code generation that writes constant bytes as word stores, shared with core's encoder.

/** The byte buffer JSON lines are appended to. */
export interface JsonLineBuffer {
  /** Where the next byte goes: move it past what you write. */
  pos: number;
  /** The bytes, and a view of them: both are replaced when `room` grows the buffer. */
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Makes room for `n` more bytes at `pos`. */
  room(n: number): void;
}

/**
 * Code that stores `bytes` at `${view}` offset `${at}` (eight or four at a time) and then moves
 * `${at}` past them: the fastest way V8 writes known bytes. For writers made with `new Function`.
 */
export function constantStores(bytes: Uint8Array, view = 'd', at = 'p'): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 8 <= bytes.length; i += 8) {
    const word = float64Of(bytes.subarray(i, i + 8));
    if (word === undefined) break;
    out.push(`${view}.setFloat64(${at} + ${i}, ${word}, true);`);
  }
  for (; i + 4 <= bytes.length; i += 4) {
    const word = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    out.push(`${view}.setUint32(${at} + ${i}, ${word}, true);`);
  }
  for (; i < bytes.length; i++) out.push(`${view}.setUint8(${at} + ${i}, ${bytes[i]});`);
  out.push(`${at} += ${bytes.length};`);
  return out.join(' ');
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The literal of the double whose little-endian bytes these are, when it is exactly that: eight
 * ASCII bytes are never a NaN (whose bits a store may change) nor -0 (whose literal is 0).
 */
function float64Of(bytes: Uint8Array): string | undefined {
  if (bytes.some((b) => b >= 0x80)) return undefined;
  for (let i = 0; i < 8; i++) scratch.setUint8(i, bytes[i]!);
  const literal = String(scratch.getFloat64(0, true));
  scratch.setFloat64(0, Number(literal), true);
  for (let i = 0; i < 8; i++) if (scratch.getUint8(i) !== bytes[i]) return undefined;
  return literal;
}
