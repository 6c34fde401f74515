// Where the wanted keys' values are in a CEF extension, in WebAssembly (AssemblyScript) with SIMD:
// src/codecs/cef.ts's `CefFields.take`, rule for rule, without JavaScript's ~15 ns for each space it
// looks for. That function stays the reference (and serves lines this scanner does not take); the
// agreement tests hold the two to each other. src/codecs/cef-extension-scanner.ts is its JavaScript side.
//
// Memory, laid out by the JavaScript side:
//   tables  per key set: HEADS u16 first entries by `head`, then per entry ENTRY_BYTES (next entry
//           u16, key length u16, where its bytes are u32), then the keys' bytes, each padded to 8
//   line    a space, then the extension's bytes (its leading and trailing blanks trimmed), then
//           PADDING bytes this scanner zeroes
//   bits    per 64 bytes of the line, a u64 of its spaces; after those, a u64 of its equals signs each
//   starts, ends  per wanted key, where its value is in the line (-1: absent), i32

const HEADS: i32 = 256;
const ENTRY_BYTES: usize = 8;
const NONE: u16 = 0xffff;
const SPACE: u8 = 32;
const EQUALS: u8 = 61;

let line: usize = 0;
let bits: usize = 0;
let starts: usize = 0;
let ends: usize = 0;

/** Where the line, its bits and the values' positions are (see above), set once by the JavaScript side. */
export function setLayout(lineAt: usize, bitsAt: usize, startsAt: usize, endsAt: usize): void {
  line = lineAt;
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
export function take(table: usize, count: i32, length: i32, shift: i32): i32 {
  for (let k = 0; k < count; k++) store<i32>(starts + (<usize>k << 2), -1);
  // 16 bits per block of 16 bytes, spaces then equals signs; the bytes past the line, up to its
  // last 64-byte word, must be neither
  const blocks = (length + 15) >> 4;
  const words = (length + 63) >> 6;
  for (let at = <usize>length; at < (<usize>words << 6); at += 16) v128.store(at + line, i64x2.splat(0));
  const eqBits = bits + (<usize>words << 3);
  const spaces = i8x16.splat(SPACE);
  const equals = i8x16.splat(EQUALS);
  for (let b = 0; b < (words << 2); b++) {
    const v = v128.load(line + (<usize>b << 4));
    store<u16>(bits + (<usize>b << 1), <u16>i8x16.bitmask(i8x16.eq(v, spaces)));
    store<u16>(eqBits + (<usize>b << 1), <u16>i8x16.bitmask(i8x16.eq(v, equals)));
  }
  let open = -1;
  for (let w = 0; w < words; w++) {
    let eq = load<u64>(eqBits + (<usize>w << 3));
    while (eq != 0) {
      const p = (w << 6) + <i32>ctz(eq);
      eq &= eq - 1;
      const r = spaceBefore(bits, p) + 1;
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

/** The last space before `p` (byte 0 is one). */
// prettier-ignore
@inline function spaceBefore(bits: usize, p: i32): i32 {
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
