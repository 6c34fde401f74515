import { DetectorError } from './errors.js';

/**
 * Instants are handled as whole UTC milliseconds plus a flag saying whether the source carried a
 * non-zero sub-millisecond part (ASIM/KQL datetimes have 100 ns ticks). Bin boundaries are whole
 * milliseconds, so `floor(ms)` never crosses one, and the flag is all that is needed to tell
 * "exactly on a boundary" from "just after it" (spec §d: the window is (B − 10m, B]).
 */
export interface ParsedInstant {
  ms: number;
  subMs: boolean;
}

/** Anything accepted where an instant is expected. */
export type Instant = string | number | Date;

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

let cachePrefix = '';
let cacheBase = 0;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

function utcBase(y: number, mo: number, d: number, h: number, mi: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > MONTH_DAYS[mo - 1]! || h < 0 || h > 23 || mi < 0 || mi > 59 || y < 0) return NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  // Reject Feb 29 in non-leap years (Date.UTC would roll it over to March 1).
  if (mo === 2 && d === 29 && new Date(ms).getUTCMonth() !== 1) return NaN;
  // Date.UTC maps years 0..99 to 1900..1999.
  return y < 100 ? new Date(ms).setUTCFullYear(y) : ms;
}

/**
 * Parses `value` into `out`; returns false when it is not a valid instant. The fast path
 * handles `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` with a per-minute cache; other ISO-8601 forms
 * (offsets, no zone = UTC, space separator) and Log Analytics portal exports
 * (`5/1/2024, 11:50:00.000 AM`) go through the slow path. Never uses `Date.parse`, which
 * reads zone-less strings as local time.
 */
export function parseInstantInto(value: unknown, out: ParsedInstant): boolean {
  if (typeof value !== 'string') {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (!Number.isFinite(ms)) return false;
      out.ms = ms;
      out.subMs = false;
      return true;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      out.ms = Math.floor(value);
      out.subMs = out.ms !== value;
      return true;
    }
    return false;
  }
  const s = value;
  const len = s.length;
  if (
    len >= 20 &&
    (s.charCodeAt(len - 1) === 90 || s.charCodeAt(len - 1) === 122) &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  ) {
    let base: number;
    if (cachePrefix.length === 16 && s.startsWith(cachePrefix)) {
      base = cacheBase;
    } else {
      const sep = s.charCodeAt(10);
      if (sep !== 84 && sep !== 116 && sep !== 32) return parseSlow(s, out);
      const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
      const mo = digit(s, 5) * 10 + digit(s, 6);
      const d = digit(s, 8) * 10 + digit(s, 9);
      const h = digit(s, 11) * 10 + digit(s, 12);
      const mi = digit(s, 14) * 10 + digit(s, 15);
      base = utcBase(y, mo, d, h, mi);
      if (Number.isNaN(base)) return false;
      cachePrefix = s.slice(0, 16);
      cacheBase = base;
    }
    const sec = digit(s, 17) * 10 + digit(s, 18);
    if (sec < 0 || sec > 59) return false;
    let ms = 0;
    let sub = false;
    if (len > 20) {
      if (s.charCodeAt(19) !== 46 || len === 21) return parseSlow(s, out);
      for (let i = 20; i < len - 1; i++) {
        const dd = digit(s, i);
        if (dd < 0) return false;
        if (i < 23) ms += dd * (i === 20 ? 100 : i === 21 ? 10 : 1);
        else if (dd !== 0) sub = true;
      }
    }
    out.ms = base + sec * 1000 + ms;
    out.subMs = sub;
    return true;
  }
  return parseSlow(s, out);
}

const ISO =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const PORTAL = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AaPp][Mm])?\s*$/;

function fraction(frac: string | undefined, out: ParsedInstant): number {
  if (!frac) {
    out.subMs = false;
    return 0;
  }
  out.subMs = /[1-9]/.test(frac.slice(3));
  return Number((frac + '00').slice(0, 3));
}

function parseSlow(s: string, out: ParsedInstant): boolean {
  let m = ISO.exec(s);
  if (m) {
    const base = utcBase(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
    const sec = Number(m[6] ?? 0);
    if (Number.isNaN(base) || sec > 59) return false;
    let offset = 0;
    const z = m[8];
    if (z && z !== 'Z' && z !== 'z') {
      const sign = z[0] === '-' ? -1 : 1;
      const digits = z.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 23 || om > 59) return false;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    out.ms = base + sec * 1000 + fraction(m[7], out) - offset;
    return true;
  }
  m = PORTAL.exec(s);
  if (m) {
    let h = Number(m[4]);
    const ampm = m[8]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return false;
      h = (h % 12) + (ampm === 'PM' ? 12 : 0);
    }
    const base = utcBase(Number(m[3]), Number(m[1]), Number(m[2]), h, Number(m[5]));
    const sec = Number(m[6] ?? 0);
    if (Number.isNaN(base) || sec > 59) return false;
    out.ms = base + sec * 1000 + fraction(m[7], out);
    return true;
  }
  return false;
}

/** Parses an instant or throws a `DetectorError` (`BAD_INSTANT`) naming `what`. */
export function parseInstant(value: Instant, what = 'instant'): ParsedInstant {
  const out: ParsedInstant = { ms: 0, subMs: false };
  if (!parseInstantInto(value, out)) {
    throw new DetectorError(
      'BAD_INSTANT',
      `invalid ${what} ${JSON.stringify(value)}: expected an ISO-8601 UTC date-time such as 2024-05-01T12:07:30Z`,
    );
  }
  return out;
}

/** Floors epoch milliseconds to a multiple of `size` (KQL bin()). */
export function floorTo(ms: number, size: number): number {
  return ms - (((ms % size) + size) % size);
}

/** ISO-8601 UTC with milliseconds, e.g. `2024-05-01T11:50:00.000Z`. */
export function isoString(ms: number): string {
  return new Date(ms).toISOString();
}
