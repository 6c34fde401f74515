// The detector's fast path over VPC flow lines in WebAssembly (AssemblyScript), for many lines at
// once: src/detector-key.ts's compiled decoder, check for check, without JavaScript's cost per byte
// (~1 ns here, ~1.7 ns per byte in that decoder). That decoder stays the reference: the agreement
// fuzzers hold this scanner to it and to the full path. src/key-scanner.ts is its JavaScript side.
//
// Memory is laid out by the JavaScript side: the layout (a role per position, and the words an
// unused enum position may hold), the lines' (start, end) pairs, the lines' bytes, and the results
// in columns of an entry per line: the time in milliseconds (f64), then status, port, protocol, app
// start, app end and combination (i32). The time, port and combination columns are the detector's
// key columns (DetectorKeyColumns) as they are.

// A position's role: the numbers of detector-key.ts's `Role`.
const UNUSED: u8 = 0;
const UNUSED_NUMBER: u8 = 1;
const UNUSED_INT32: u8 = 2;
const UNUSED_EPOCH: u8 = 3;
const UNUSED_ADDRESS: u8 = 4;
const UNUSED_WORD: u8 = 5;
const VERSION: u8 = 6;
const START: u8 = 7;
const END: u8 = 8;
const DST_PORT: u8 = 9;
const PROTOCOL: u8 = 10;
const ACTION: u8 = 11;
const LOG_STATUS: u8 = 12;
const FLOW_DIRECTION: u8 = 13;
const DST_AWS_SERVICE: u8 = 14;

/**
 * A line's status: 0 when declined; ACCEPTED | action << 1 | direction << 3 (0 absent, 1 and 2 as
 * below) when counted; NODATA or SKIPDATA when the full path skips it for its log-status.
 */
const ACCEPTED: i32 = 1;
const NODATA: i32 = 1 << 9;
const SKIPDATA: i32 = 1 << 10;
const ACTION_ACCEPT: i32 = 1;
const ACTION_REJECT: i32 = 2;
const DIRECTION_INGRESS: i32 = 1;
const DIRECTION_EGRESS: i32 = 2;

const MAX_DIGITS: i32 = 15;
const MAX_INT32: i64 = 2147483647;
const MAX_EPOCH: i64 = 253402300800;
const ABSENT: i64 = -1;

const SPACE: u8 = 32;
const DASH: u8 = 45;
const DOT: u8 = 46;
const ZERO: u8 = 48;
const NINE: u8 = 57;

let roles: usize = 0;
let positions: i32 = 0;
/** Per position, a u32: where its word list starts (see isListedWord). */
let wordLists: usize = 0;

/** The field order's layout, written by the JavaScript side at these addresses. */
export function setLayout(rolesAt: usize, count: i32, wordListsAt: usize): void {
  roles = rolesAt;
  positions = count;
  wordLists = wordListsAt;
}

/** The results' columns (see the top of this file), set by `scan`. */
let times: usize = 0;
let statuses: usize = 0;
let ports: usize = 0;
let protocols: usize = 0;
let appStarts: usize = 0;
let appEnds: usize = 0;
let combinations: usize = 0;

/**
 * A counted line's combination of protocol, action and direction (its NetworkProtocol, DvcAction
 * and NetworkDirection): its protocol number, or PROTOCOLS − 1 when absent, plus PROTOCOLS × (action
 * + 3 × direction). Lines with an AWS service name or a protocol above 255 have none (-1).
 */
const PROTOCOLS: i32 = 257;

/**
 * Decodes `lines` lines; pair j at `spansAt` + 8j, plus `delta`, is line j's [start, end) in
 * memory. Returns how many have a combination.
 */
export function scan(spansAt: usize, lines: i32, delta: i32, resultsAt: usize): i32 {
  const n = <usize>lines;
  times = resultsAt;
  statuses = times + (n << 3);
  ports = statuses + (n << 2);
  protocols = ports + (n << 2);
  appStarts = protocols + (n << 2);
  appEnds = appStarts + (n << 2);
  combinations = appEnds + (n << 2);
  let combined = 0;
  for (let j: usize = 0; j < n; j++) {
    const span = spansAt + (j << 3);
    const status = decodeLine(<usize>(load<i32>(span) + delta), <usize>(load<i32>(span, 4) + delta), j);
    store<i32>(statuses + (j << 2), status);
    let combination = -1;
    if ((status & ACCEPTED) != 0 && load<i32>(appStarts + (j << 2)) == -1) {
      const protocol = load<i32>(protocols + (j << 2));
      if (protocol < PROTOCOLS - 1) combination = select<i32>(protocol, PROTOCOLS - 1, protocol >= 0) + PROTOCOLS * (((status >> 1) & 3) + 3 * ((status >> 3) & 3));
    }
    store<i32>(combinations + (j << 2), combination);
    combined += <i32>(combination >= 0);
  }
  return combined;
}

@inline function isDigit(c: u32): bool {
  return c - ZERO <= <u32>(NINE - ZERO);
}

/**
 * Lines longer than this are left to the JavaScript decoder (status LONG): no VPC format comes close,
 * and the scratch space below is sized by it.
 */
const MAX_LINE: usize = 1024;
const LONG: i32 = 1 << 8;
/** Per line: a bit per byte that is a space, or a digit. */
const SPACE_BITS: usize = memory.data(<i32>(MAX_LINE / 8 + 16), 16);
const DIGIT_BITS: usize = memory.data(<i32>(MAX_LINE / 8 + 16), 16);

/** The line's status (0: declined); for a line it accepts, also its values, entry j of the columns. */
function decodeLine(start: usize, end: usize, j: usize): i32 {
  const length = end - start;
  if (length == 0) return 0;
  if (length > MAX_LINE) return LONG;
  // the full decoder reads a line that does not start with a digit as a possible header
  if (!isDigit(load<u8>(start))) return 0;
  if (spacesAndDigits(start, length) != positions - 1) return 0;
  let startTime = ABSENT;
  let endTime = ABSENT;
  let port = ABSENT;
  let protocol = ABSENT;
  let action = 0;
  let direction = 0;
  let appStart = -1;
  let appEnd = -1;
  let skipped = 0;
  let t: usize = 0;
  for (let position = 0; position < positions; position++) {
    const e: usize = position == positions - 1 ? length : nextSpace(t);
    const n = e - t;
    if (n == 0) return 0; // an empty token: two spaces, or a space at an end
    const at = start + t;
    const dash = n == 1 && load<u8>(at) == DASH;
    const role = load<u8>(roles + <usize>position);
    switch (role) {
      case UNUSED:
        break;
      case UNUSED_ADDRESS:
        if (!dash && !ipv4(at, n)) return 0;
        break;
      case UNUSED_WORD:
        if (!dash && !isListedWord(at, n, <usize>load<u32>(wordLists + (<usize>position << 2)))) return 0;
        break;
      case UNUSED_NUMBER:
      case UNUSED_INT32:
      case UNUSED_EPOCH:
      case VERSION:
      case START:
      case END:
      case DST_PORT:
      case PROTOCOL: {
        let v = ABSENT;
        if (!dash) {
          if (n > <usize>MAX_DIGITS || !allDigits(t, n)) return 0;
          // a value no key holds is computed only when it may be out of bounds: most are not
          if (role >= START || n >= boundDigits(role)) {
            v = digitsValue(start + e, n);
            if (!withinBound(role, v)) return 0;
          }
        }
        if (role == START) startTime = v;
        else if (role == END) endTime = v;
        else if (role == DST_PORT) port = v;
        else if (role == PROTOCOL) protocol = v;
        break;
      }
      case ACTION:
        if (dash) break;
        if (isWord(at, n, 6, WORD_ACCEPT)) action = ACTION_ACCEPT;
        else if (isWord(at, n, 6, WORD_REJECT)) action = ACTION_REJECT;
        else return 0;
        break;
      case LOG_STATUS:
        // NODATA, SKIPDATA: the full path skips the line, once all its tokens are valid
        if (dash || isWord(at, n, 2, WORD_OK)) break;
        if (isWord(at, n, 6, WORD_NODATA)) skipped = NODATA;
        else if (isWord(at, n, 8, WORD_SKIPDATA)) skipped = SKIPDATA;
        else return 0;
        break;
      case FLOW_DIRECTION:
        if (dash) break;
        if (isWord(at, n, 7, WORD_INGRESS)) direction = DIRECTION_INGRESS;
        else if (isWord(at, n, 6, WORD_EGRESS)) direction = DIRECTION_EGRESS;
        else return 0;
        break;
      case DST_AWS_SERVICE:
        if (dash) break;
        for (let k = at; k < start + e; k++) if (load<u8>(k) >= 0x80) return 0;
        appStart = <i32>at;
        appEnd = <i32>(start + e);
        break;
      default:
        return 0;
    }
    t = e + 1;
  }
  if (startTime >= MAX_EPOCH || endTime >= MAX_EPOCH) return 0;
  if (skipped != 0) return skipped; // the mapping's first check: no time or action needed
  const seconds = startTime != ABSENT ? startTime : endTime;
  if (seconds == ABSENT) return 0;
  store<f64>(times + (j << 3), <f64>seconds * 1000);
  store<i32>(ports + (j << 2), <i32>port);
  store<i32>(protocols + (j << 2), <i32>protocol);
  store<i32>(appStarts + (j << 2), appStart);
  store<i32>(appEnds + (j << 2), appEnd);
  return ACCEPTED | (action << 1) | (direction << 3);
}

/**
 * Marks the line's spaces (SPACE_BITS) and digits (DIGIT_BITS) 16 bytes at a time,
 * and returns how many spaces it has. The bytes read past the line's end are the next line's or
 * padding: their spaces are masked off, and no token's digit bits reach them.
 */
function spacesAndDigits(start: usize, length: usize): i32 {
  const spaces = i8x16.splat(SPACE);
  const zeros = i8x16.splat(ZERO);
  const tens = i8x16.splat(10);
  let count = 0;
  for (let block: usize = 0; block < length; block += 16) {
    const bytes = v128.load(start + block);
    store<u16>(DIGIT_BITS + (block >> 3), <u16>i8x16.bitmask(i8x16.lt_u(i8x16.sub(bytes, zeros), tens)));
    let m = i8x16.bitmask(i8x16.eq(bytes, spaces));
    if (length - block < 16) m &= (1 << <i32>(length - block)) - 1;
    store<u16>(SPACE_BITS + (block >> 3), <u16>m);
    count += popcnt(m);
  }
  return count;
}

/**
 * The offset of the line's first space at or after offset t, which the caller knows is there: the
 * bits past the line's last block are another line's, but come after it.
 */
@inline function nextSpace(t: usize): usize {
  let w = load<u64>(SPACE_BITS + (t >> 3)) >> <u64>(t & 7);
  if (w != 0) return t + <usize>ctz(w);
  let at = (t & ~7) + 64;
  for (w = load<u64>(SPACE_BITS + (at >> 3)); w == 0; w = load<u64>(SPACE_BITS + (at >> 3))) at += 64;
  return at + <usize>ctz(w);
}

/** The DIGIT_BITS of the n bytes (at most 24) from offset t of the line. */
@inline function digitBits(t: usize, n: usize): u32 {
  return (load<u32>(DIGIT_BITS + (t >> 3)) >> <u32>(t & 7)) & ((<u32>1 << <u32>n) - 1);
}

/** Whether the n bytes (at most 24) from offset t of the line are digits. */
@inline function allDigits(t: usize, n: usize): bool {
  return digitBits(t, n) == (<u32>1 << <u32>n) - 1;
}

/** The value of the n digits (1 to 15) that end at `end`. */
@inline function digitsValue(end: usize, n: usize): i64 {
  if (n <= 8) return eightDigits(end, n);
  return eightDigits(end - 8, n - 8) * 100000000 + eightDigits(end, 8);
}

/**
 * The value of the n digits (1 to 8) that end at `end`, eight at once (SWAR): the bytes before them
 * read as '0', then pairs, fours and eights of digits combined by multiplication.
 */
@inline function eightDigits(end: usize, n: usize): i64 {
  const keep: u64 = <u64>-1 << (<u64>(8 - n) << 3);
  let x = (load<u64>(end - 8) & keep) | (0x3030303030303030 & ~keep);
  x -= 0x3030303030303030;
  x = x * 10 + (x >> 8);
  x = ((x & 0x000000ff000000ff) * (100 + (1000000 << 32)) + ((x >> 16) & 0x000000ff000000ff) * (1 + (10000 << 32))) >> 32;
  return <i64>x;
}

/** Whether the token of n bytes at `at` is the word of `length` bytes (at most 8) packed in `word`. */
@inline function isWord(at: usize, n: usize, length: usize, word: u64): bool {
  return n == length && (load<u64>(at) & (<u64>-1 >> (<u64>(8 - length) << 3))) == word;
}

/** Whether the token is one of the words listed at `list`: 16 bytes each, its length (u32) then its bytes (u64), ended by a 0 length. */
function isListedWord(at: usize, n: usize, list: usize): bool {
  for (let word = list; load<u32>(word) != 0; word += 16) if (isWord(at, n, <usize>load<u32>(word), load<u64>(word, 8))) return true;
  return false;
}

/**
 * Whether the n bytes at `at` are a plain IPv4 address: a dotted quad, its parts 0-255 without
 * leading zeros. Checked for all parts at once, on bit masks of the token's 16 bytes (a bit per
 * byte): three dots, the rest digits, no part empty or longer than three digits, none that starts
 * with a 0 and goes on, and no three-digit part above 255. The bytes past the token are the line's
 * or padding, and are masked off.
 */
function ipv4(at: usize, n: usize): bool {
  if (n < 7 || n > 15) return false;
  const bytes = v128.load(at);
  const all: u32 = (<u32>1 << <u32>n) - 1;
  const dots = <u32>i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(DOT))) & all;
  const digits = <u32>i8x16.bitmask(i8x16.lt_u(i8x16.sub(bytes, i8x16.splat(ZERO)), i8x16.splat(10))) & all;
  if (popcnt(dots) != 3 || (dots | digits) != all) return false;
  // a part is empty when a dot starts or ends the token or follows a dot
  if ((dots & 1) != 0 || (dots >> <u32>(n - 1)) != 0 || (dots & (dots >> 1)) != 0) return false;
  if ((digits & (digits >> 1) & (digits >> 2) & (digits >> 3)) != 0) return false; // four digits in a row
  const starts = digits & ~(digits << 1);
  const zeros = <u32>i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(ZERO)));
  if ((starts & zeros & (digits >> 1)) != 0) return false; // a leading zero
  // three-digit parts, compared with 255 digit by digit
  const threes = starts & (digits >> 1) & (digits >> 2);
  if (threes == 0) return true;
  const above2 = <u32>i8x16.bitmask(i8x16.gt_u(bytes, i8x16.splat(ZERO + 2)));
  const is2 = <u32>i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(ZERO + 2)));
  const above5 = <u32>i8x16.bitmask(i8x16.gt_u(bytes, i8x16.splat(ZERO + 5)));
  const is5 = <u32>i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(ZERO + 5)));
  return (threes & (above2 | (is2 & ((above5 >> 1) | ((is5 >> 1) & (above5 >> 2)))))) == 0;
}

/** The fewest digits a value of the role's may have to be out of its bound (withinBound). */
@inline function boundDigits(role: u8): usize {
  if (role == UNUSED_INT32 || role == VERSION) return 10;
  if (role == UNUSED_EPOCH) return 12;
  return <usize>MAX_DIGITS + 1;
}

/** The role's bound: a 32-bit integer, or an epoch before year 10000. */
@inline function withinBound(role: u8, v: i64): bool {
  if (role == UNUSED_INT32 || role == DST_PORT || role == PROTOCOL || role == VERSION) return v <= MAX_INT32;
  if (role == UNUSED_EPOCH) return v < MAX_EPOCH;
  return true;
}

/** Where memory the JavaScript side may lay out starts: past this module's static data. */
export function freeMemory(): usize {
  return (__heap_base + 15) & ~15;
}

// The words the counted roles compare with, packed little-endian as a u64 load of their bytes reads them.
const WORD_ACCEPT: u64 = 0x545045434341; // ACCEPT
const WORD_REJECT: u64 = 0x5443454a4552; // REJECT
const WORD_OK: u64 = 0x4b4f; // OK
const WORD_NODATA: u64 = 0x415441444f4e; // NODATA
const WORD_SKIPDATA: u64 = 0x4154414450494b53; // SKIPDATA
const WORD_INGRESS: u64 = 0x73736572676e69; // ingress
const WORD_EGRESS: u64 = 0x737365726765; // egress
