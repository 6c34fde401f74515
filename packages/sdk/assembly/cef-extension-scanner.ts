// A CEF extension's pairs, in WebAssembly (AssemblyScript) with SIMD, for lines of one byte per
// character: where the wanted keys' values are (`take`, src/codecs/cef.ts's `CefFields.take`) and
// every pair (`pairs`, its `scanExtension`), rule for rule, without JavaScript's ~15 ns for each
// space or `=` it looks for. Those functions stay the reference (and serve the other lines); the
// agreement tests hold each pair to each other. src/codecs/cef-extension-scanner.ts is the
// JavaScript side.
//
// The rule both follow: a key is a run of key characters `[A-Za-z0-9_.-]` that starts the
// extension or follows a space, and ends at an `=`; a value runs to the space before the next key.
// A line is given from the byte before its extension, which the caller has made a space, so that
// "starts the extension" is "follows a space".
//
// Memory, laid out by the JavaScript side:
//   tables  per key set: HEADS u16 first entries by `head`, then per entry ENTRY_BYTES (next entry
//           u16, key length u16, where its bytes are u32), then the keys' bytes, each padded to 8
//   starts, ends  per wanted key, where its value is in the line (-1: absent), i32
//   bits    per 64 bytes of the line, a u64 of its spaces; after those, a u64 of its equals signs
//           each, then of its backslashes
//   lines   the caller's line, then PADDING bytes the scanner zeroes
//   pairs   SPAN i32 per pair (as scanExtension's spans)

const HEADS: i32 = 256;
const ENTRY_BYTES: usize = 8;
const NONE: u16 = 0xffff;
const SPACE: u8 = 32;
const EQUALS: u8 = 61;
const BACKSLASH: u8 = 92;
/** A pair's i32s in `pairs`: key start, key end, value start, value end, whether the value holds a backslash, 0. */
const SPAN: usize = 6;
/** What `pairs` returns for an extension that does not start with a key, or holds none; and for more pairs than the caller has room for. */
const NO_KEY_FIRST: i32 = -1;
const TOO_MANY: i32 = -2;

let bits: usize = 0;
let starts: usize = 0;
let ends: usize = 0;

/** Where the bits and the values' positions are (see above), set once by the JavaScript side. */
export function setLayout(bitsAt: usize, startsAt: usize, endsAt: usize): void {
  bits = bitsAt;
  starts = startsAt;
  ends = endsAt;
}

/** The chain a key starting with bytes c0, c1 is in (c1 is `=` for a one-byte key); the JavaScript side hashes alike. */
// prettier-ignore
@inline function head(c0: u32, c1: u32, length: u32): u32 {
  return (c0 * 31 + c1 * 7 + length) & <u32>(HEADS - 1);
}

/** Whether each byte is a key character, `[A-Za-z0-9_.-]`: 1 per byte value. */
const KEY_CHAR = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/**
 * The wanted keys of the table at `table` found in the `length` bytes at `line` (byte 0 a space):
 * their values' (start, end) in `starts`/`ends`, plus `shift` (the caller's position of byte 0),
 * -1 where absent. Returns 0 where a wanted key occurs twice (the caller leaves the line to the
 * full path), 1 otherwise.
 *
 * A key ends at an `=` whose bytes back to the space before it are key characters, one or more (a
 * non-key character between them cannot be a space, so no key can end there). A wanted key's bytes
 * are key characters, so they are checked only where the key is no wanted one and ends a value.
 */
export function take(table: usize, count: i32, line: usize, length: i32, shift: i32): i32 {
  for (let k = 0; k < count; k++) store<i32>(starts + (<usize>k << 2), -1);
  const words = classify(line, length, false);
  const eqBits = bits + (<usize>words << 3);
  let open = -1;
  for (let w = 0; w < words; w++) {
    let eq = load<u64>(eqBits + (<usize>w << 3));
    while (eq != 0) {
      const p = (w << 6) + <i32>ctz(eq);
      eq &= eq - 1;
      const r = spaceBefore(p) + 1;
      if (r == p) continue;
      const found = wanted(table, line, r, p);
      if (found >= 0) {
        if (open >= 0) store<i32>(ends + (<usize>open << 2), r - 1 + shift);
        const slot = starts + (<usize>found << 2);
        if (load<i32>(slot) >= 0) return 0;
        store<i32>(slot, p + 1 + shift);
        open = found;
      } else if (open >= 0 && keyChars(line, r, p)) {
        store<i32>(ends + (<usize>open << 2), r - 1 + shift);
        open = -1;
      }
    }
  }
  if (open >= 0) store<i32>(ends + (<usize>open << 2), length + shift);
  return 1;
}

/**
 * Every pair of the `length` bytes at `line` (byte 0 a space) into `out`, SPAN i32 each, positions
 * plus `shift`: returns how many, NO_KEY_FIRST when the extension does not start with a key (or
 * holds none: scanExtension's errors), TOO_MANY past `maxPairs`.
 */
export function pairs(line: usize, length: i32, shift: i32, out: usize, maxPairs: i32): i32 {
  const words = classify(line, length, true);
  const eqBits = bits + (<usize>words << 3);
  let n = 0;
  let keyStart = -1;
  let keyEnd = 0;
  let valueStart = 0;
  for (let w = 0; w < words; w++) {
    let eq = load<u64>(eqBits + (<usize>w << 3));
    while (eq != 0) {
      const p = (w << 6) + <i32>ctz(eq);
      eq &= eq - 1;
      const r = spaceBefore(p) + 1;
      if (r == p || !keyChars(line, r, p)) continue;
      if (keyStart < 0) {
        if (r != 1) return NO_KEY_FIRST;
      } else {
        if (n == maxPairs) return TOO_MANY;
        span(out, n++, keyStart, keyEnd, valueStart, r - 1, words, shift);
      }
      keyStart = r;
      keyEnd = p;
      valueStart = p + 1;
    }
  }
  if (keyStart < 0) return NO_KEY_FIRST;
  if (n == maxPairs) return TOO_MANY;
  span(out, n++, keyStart, keyEnd, valueStart, length, words, shift);
  return n;
}

// prettier-ignore
@inline function span(out: usize, n: i32, keyStart: i32, keyEnd: i32, valueStart: i32, valueEnd: i32, words: i32, shift: i32): void {
  const at = out + <usize>n * (SPAN << 2);
  store<i32>(at, keyStart + shift);
  store<i32>(at, keyEnd + shift, 4);
  store<i32>(at, valueStart + shift, 8);
  store<i32>(at, valueEnd + shift, 12);
  store<i32>(at, anyBackslash(words, valueStart, valueEnd) ? 1 : 0, 16);
  store<i32>(at, 0, 20);
}

/**
 * Writes the line's bits (see above), 16 per block of 16 bytes: spaces, equals signs and, when
 * asked, backslashes. The bytes past the line, up to its last 64-byte word, are zeroed first, to
 * be none of these. Returns how many words.
 */
// prettier-ignore
@inline function classify(line: usize, length: i32, backslashes: bool): i32 {
  const words = (length + 63) >> 6;
  for (let at = <usize>length; at < (<usize>words << 6); at += 16) v128.store(at + line, i64x2.splat(0));
  const eqBits = bits + (<usize>words << 3);
  const bsBits = eqBits + (<usize>words << 3);
  const spaces = i8x16.splat(SPACE);
  const equals = i8x16.splat(EQUALS);
  const slashes = i8x16.splat(BACKSLASH);
  for (let b = 0; b < (words << 2); b++) {
    const v = v128.load(line + (<usize>b << 4));
    store<u16>(bits + (<usize>b << 1), <u16>i8x16.bitmask(i8x16.eq(v, spaces)));
    store<u16>(eqBits + (<usize>b << 1), <u16>i8x16.bitmask(i8x16.eq(v, equals)));
    if (backslashes) store<u16>(bsBits + (<usize>b << 1), <u16>i8x16.bitmask(i8x16.eq(v, slashes)));
  }
  return words;
}

/** Whether a backslash is in bytes [from, to) (bits of a line of `words` words). */
function anyBackslash(words: i32, from: i32, to: i32): bool {
  if (from >= to) return false;
  const bsBits = bits + (<usize>words << 4);
  const first = from >> 6;
  const last = (to - 1) >> 6;
  for (let w = first; w <= last; w++) {
    let m = load<u64>(bsBits + (<usize>w << 3));
    if (w == first) m &= ~(<u64>0) << (<u64>(from & 63));
    if (w == last) m &= ~(<u64>0) >> (<u64>(63 - ((to - 1) & 63)));
    if (m != 0) return true;
  }
  return false;
}

/** The last space before `p` (byte 0 is one). */
// prettier-ignore
@inline function spaceBefore(p: i32): i32 {
  let w = p >> 6;
  let sp = load<u64>(bits + (<usize>w << 3)) & ((<u64>1 << (<u64>(p & 63))) - 1);
  while (sp == 0) sp = load<u64>(bits + (<usize>--w << 3));
  return (w << 6) + 63 - <i32>clz(sp);
}

/** Whether the bytes [r, p) are key characters. */
function keyChars(line: usize, r: i32, p: i32): bool {
  for (let q = r; q < p; q++) if (load<u8>(KEY_CHAR + <usize>load<u8>(line + q)) == 0) return false;
  return true;
}

/** The entry of the wanted key that is the line's bytes [r, p), or -1. */
function wanted(table: usize, line: usize, r: i32, p: i32): i32 {
  const length = p - r;
  const c0 = <u32>load<u8>(line + r);
  const c1 = length > 1 ? <u32>load<u8>(line + r + 1) : <u32>EQUALS;
  const entries = table + (<usize>HEADS << 1);
  for (let e = load<u16>(table + (<usize>head(c0, c1, length) << 1)); e != NONE; ) {
    const entry = entries + <usize>e * ENTRY_BYTES;
    if (<i32>load<u16>(entry, 2) == length && equalBytes(line + r, table + load<u32>(entry, 4), length)) return e;
    e = load<u16>(entry);
  }
  return -1;
}

/** Whether the `length` bytes at `a` are those at `b`, 8 at a time (both may be read up to 7 bytes past). */
function equalBytes(a: usize, b: usize, length: i32): bool {
  let k = 0;
  for (; k + 8 <= length; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  const rest = length - k;
  return rest == 0 || ((load<u64>(a + k) ^ load<u64>(b + k)) & ((<u64>1 << (<u64>(rest << 3))) - 1)) == 0;
}

/** Where the JavaScript side's layout may start. */
export function freeMemory(): usize {
  return (__heap_base + 15) & ~15;
}
