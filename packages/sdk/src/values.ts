// Small value helpers every mapping needs. They are on the hot path: no allocation beyond the result.

/** `-`, empty and whitespace-only tokens mean "not applicable" in many raw formats. */
export function dashToUndefined(s: string | undefined): string | undefined {
  return s === undefined || s === '' || s === '-' ? undefined : s;
}

/** A non-negative or negative decimal integer token, or undefined for `-`/empty. Throws nothing. */
export function intOrUndefined(s: string | undefined): number | undefined {
  if (s === undefined || s === '' || s === '-') return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && /^-?\d+$/.test(s) ? n : Number.NaN;
}

/** Unix epoch seconds → ISO-8601 UTC with milliseconds. */
export function epochSecondsToIso(seconds: number): string {
  return epochMillisToIso(seconds * 1000);
}

/**
 * Epoch seconds → ISO-8601, memoised: flow logs repeat the same few hundred seconds over
 * thousands of consecutive records, and formatting a Date costs ~0.5 µs. Bounded: one text per
 * slot of a table of 8192, found by the second.
 */
export class EpochIsoCache {
  /** Direct-mapped by the second: a stream's times are near each other (NaN: an empty slot). */
  private readonly seconds = new Float64Array(SLOTS).fill(Number.NaN);
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');

  iso(seconds: number): string {
    const slot = seconds & (SLOTS - 1);
    if (this.seconds[slot] === seconds) return this.texts[slot]!;
    const s = epochMillisToIso(seconds * 1000);
    this.seconds[slot] = seconds;
    this.texts[slot] = s;
    return s;
  }
}

/**
 * ISO-8601 → epoch ms, memoised like EpochIsoCache (for durations from the same few hundred
 * timestamps); NaN when not a date.
 */
export class IsoMillisCache {
  private readonly memo = new Map<string, number>();
  /**
   * Times of 24 characters (toISOString's), direct-mapped by their minute and second digits: a
   * stream's times are near each other, and a slot is found without hashing the whole text.
   */
  private readonly texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly values = new Float64Array(SLOTS);

  millis(iso: string): number {
    if (iso.length === 24) {
      // the second of a two-hour span (any text: a slot only says where to look)
      const slot = (iso.charCodeAt(18) + iso.charCodeAt(17) * 10 + (iso.charCodeAt(15) + iso.charCodeAt(14) * 10) * 60 + (iso.charCodeAt(12) & 1) * 3600) & (SLOTS - 1);
      if (this.texts[slot] === iso) return this.values[slot]!;
      const ms = canonicalIsoMillis(iso) ?? Date.parse(iso);
      this.texts[slot] = iso;
      this.values[slot] = ms;
      return ms;
    }
    let ms = this.memo.get(iso);
    if (ms === undefined) {
      if (this.memo.size >= 8192) this.memo.clear();
      this.memo.set(iso, (ms = canonicalIsoMillis(iso) ?? Date.parse(iso)));
    }
    return ms;
  }
}

const SLOTS = 8192;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `Date.parse` of `yyyy-mm-ddThh:mm:ss.sssZ` (what toISOString writes) by arithmetic, for a real
 * day and time of day; undefined for any other text, which Date.parse reads (it takes 24:00 and
 * 30 February, so those are left to it).
 */
export function canonicalIsoMillis(v: string): number | undefined {
  if (v.length !== 24 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58) return undefined;
  if (v.charCodeAt(16) !== 58 || v.charCodeAt(19) !== 46 || v.charCodeAt(23) !== 90) return undefined;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  const milli = digitsAt(v, 20, 3);
  if (year < 0 || milli < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  // days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

/** The `n` decimal digits at `i` as a number, or -1. */
function digitsAt(v: string, i: number, n: number): number {
  let x = 0;
  for (let k = i; k < i + n; k++) {
    const d = v.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

const DAY_MS = 86_400_000;
/** The first ms of the year 10000: from there on, toISOString writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
/**
 * The date parts (`yyyy-mm-ddT`, as character codes) formatted last, by day number modulo their
 * count: one record's times often fall on two or three days (a syslog header's inferred year or
 * local date beside epoch times in UTC, a start before midnight), and one remembered day would be
 * formatted anew at nearly every call.
 */
const DAY_SLOTS = 16;
const PREFIX = 11;
const slotDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const slotPrefixes = new Uint8Array(DAY_SLOTS * PREFIX);

/** Where the date part of `day` starts in `slotPrefixes`. */
function dayPrefix(day: number): number {
  const slot = day % DAY_SLOTS;
  const at = slot * PREFIX;
  if (slotDays[slot] !== day) {
    const iso = new Date(day * DAY_MS).toISOString();
    for (let k = 0; k < PREFIX; k++) slotPrefixes[at + k] = iso.charCodeAt(k);
    slotDays[slot] = day;
  }
  return at;
}

const ZERO = 48;

/**
 * Unix epoch milliseconds → ISO-8601 UTC with milliseconds: exactly `new Date(ms).toISOString()`
 * (and its RangeError for no date), at a fraction of its cost (~0.5 µs, a call into the runtime)
 * for the times of 1970–9999: the date part is formatted once per day (`dayPrefix`), the time of
 * day by arithmetic. The text is made at once from its character codes: joined from parts it
 * would be a rope, which every reader (the type check, the JSONL writer) must flatten or walk
 * first, at several times the cost of reading a flat string.
 */
export function epochMillisToIso(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milli = rest - seconds * 1000;
  const d = dayPrefix(day);
  const p = slotPrefixes;
  return String.fromCharCode(
    p[d]!,
    p[d + 1]!,
    p[d + 2]!,
    p[d + 3]!,
    p[d + 4]!,
    p[d + 5]!,
    p[d + 6]!,
    p[d + 7]!,
    p[d + 8]!,
    p[d + 9]!,
    p[d + 10]!,
    ZERO + Math.floor(hours / 10),
    ZERO + (hours % 10),
    58, // :
    ZERO + Math.floor(minutes / 10),
    ZERO + (minutes % 10),
    58,
    ZERO + Math.floor(seconds / 10),
    ZERO + (seconds % 10),
    46, // .
    ZERO + Math.floor(milli / 100),
    ZERO + (Math.floor(milli / 10) % 10),
    ZERO + (milli % 10),
    90, // Z
  );
}

/**
 * A cell of an exported row as text: strings as they are, numbers and booleans as written, and
 * anything else (an object or array a JSON export holds) as its JSON, never `String()` of it
 * (`{"toString": 0}` makes that throw).
 */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined || v === null) return '';
  return JSON.stringify(v) ?? '';
}

/** Table-form value → string, or undefined for null/absent/empty (KQL strings are never null). */
export function tableString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = cellText(v);
  return s === '' ? undefined : s;
}

/** Table-form value → integer, undefined when empty, NaN when not an integer. */
export function tableInt(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.NaN;
  const s = cellText(v).trim().replace(/,/g, '');
  return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
}

/** Table-form datetime (ISO string, epoch ms number) → ISO-8601 UTC, undefined when empty, NaN-date → undefined+flag. */
export function tableDatetime(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const d = typeof v === 'number' ? new Date(v) : new Date(cellText(v));
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString();
}

/** Removes keys whose value is undefined, so records print compactly. Mutates and returns. */
export function compact<T extends object>(rec: T): T {
  for (const k in rec) if ((rec as Record<string, unknown>)[k] === undefined) delete (rec as Record<string, unknown>)[k];
  return rec;
}

/** Empty or whitespace-only lines are not records: readers and the test kit skip them alike. */
export function isBlankLine(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  return (c === 32 || c === 9) && line.trim() === '';
}
