/**
 * The two KQL behaviours the rule depends on: the `has` term operator (spec §f.3, §f.4) and
 * `toint()` on watchlist strings (spec §g).
 */

export { tokenize, has, hasTerms, type Terms, type HasOptions } from '@asimkit/schema';

/** How `toint()` treats watchlist strings that are not plain integers (spec §g, §l Q2). */
export type ToIntMode = 'strict' | 'lenient';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * KQL `toint()` of a watchlist string: an int32 or null.
 * - `strict` (default, spec §g): `^[+-]?\d+$` with no trimming, range-checked to int32.
 * - `lenient` (compatibility switch for the unverified cases of §l Q2): also trims whitespace
 *   and accepts a decimal fraction, which is truncated toward zero (`" 1000.7"` → 1000).
 */
export function kqlToInt(text: string, mode: ToIntMode = 'strict'): number | null {
  let s = text;
  if (mode === 'lenient') {
    s = s.trim();
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  } else if (!/^[+-]?\d+$/.test(s)) {
    return null;
  }
  const v = Math.trunc(Number(s));
  if (!Number.isFinite(v) || v < INT32_MIN || v > INT32_MAX) return null;
  return v === 0 ? 0 : v; // no -0
}
