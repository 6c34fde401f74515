import { RecordRejected } from '../errors.js';

/**
 * key=value decoding for native syslog formats. One hand-written scanner, parameterised by a
 * syntax, serves the dialects security devices emit:
 *
 * | syntax           | shape                                              | example source                        |
 * |------------------|----------------------------------------------------|---------------------------------------|
 * | `KV_SPACE`       | `key=value key2="quoted value"`                    | FortiOS native syslog                 |
 * | `KV_COMMA`       | `key=value,key2="quoted, value"`                   | FortiOS CSV-format syslog             |
 * | `KV_SEMICOLON`   | `key:"value"; key2:"value 2";`                     | Check Point Log Exporter "syslog"     |
 * | `KV_SD_PARAMS`   | `key="value" Key With Space="value"`               | RFC 5424 SD params (Check Point R81)  |
 * | `KV_SPACE_QUOTES`| `key=value k2='single quoted' k3="double quoted"`  | Cisco Meraki syslog                   |
 *
 * Rules shared by every syntax:
 * - A pair is `key`, the assign character, then a value. Pairs are separated by the separator
 *   (and, for `;` and `,`, by any spaces around it). Leading/trailing separators and spaces are fine.
 * - A value is either quoted (`"..."`, may hold separators, spaces and the assign character;
 *   `\"`, `\\` and `\]` are unescaped, any other backslash is kept verbatim as RFC 5424 says) or
 *   bare (runs to the next separator; no unescaping). An empty value (`key=` then a separator or
 *   the end) is legal. The syntax's `quotes` say which characters open a quoted value (default
 *   `"` only); a value opened by `'` ends at `'`, and `\'` is unescaped in it.
 * - After a closing quote comes the end, a separator or a space; anything else is malformed.
 *   With `verbatimQuotes` (sources that never escape: Meraki's `ssid='Joe's Cafe'`), a quote
 *   closes the value only where the end or a separator follows it, and backslashes are plain text.
 * - Keys are non-empty and contain no quote character of the syntax. They contain no space when the separator is a space,
 *   unless the syntax allows spaced keys (then every value with a spaced key must be quoted).
 * - Duplicate keys are kept in order by `decodeKeyValuePairs`; `decodeKeyValue` keeps the last.
 *
 * Malformed input throws `RecordRejected` with reason `key-value` and a detail naming the column;
 * nothing else is ever thrown (fuzzed in packages/sdk/test/key-value-fuzz.test.ts).
 */
export interface KeyValueSyntax {
  /** Character between a key and its value. */
  readonly assign: '=' | ':';
  /** Character between pairs; a space separator also accepts tabs. */
  readonly separator: ' ' | ',' | ';';
  /** With a space separator: keys may contain spaces (`ICMP Type="8"`); the key runs to the assign. */
  readonly spacedKeys?: boolean;
  /** Characters that open a quoted value: `"` (the default), `'`, or both (`"'`). */
  readonly quotes?: '"' | "'" | `"'`;
  /**
   * Quoted values are taken verbatim: no backslash escapes, and a quote closes the value only
   * where the end or a separator follows it (so `ssid='Joe's Cafe'` is `Joe's Cafe`).
   */
  readonly verbatimQuotes?: boolean;
}

/** FortiOS native syslog: `date=2020-04-23 time=12:11:51 devname="fw 1" srcip=10.0.0.1`. */
export const KV_SPACE: KeyValueSyntax = Object.freeze({ assign: '=', separator: ' ' });
/** FortiOS CSV-format syslog: `date=2018-07-26,time=16:51:36,logid="0000000013"`. */
export const KV_COMMA: KeyValueSyntax = Object.freeze({ assign: '=', separator: ',' });
/** Check Point Log Exporter "syslog" format body: `action:"Accept"; ifdir:"outbound";`. */
export const KV_SEMICOLON: KeyValueSyntax = Object.freeze({ assign: ':', separator: ';' });
/** RFC 5424 SD-PARAMs as Check Point R81 writes them, keys with spaces included: `svc="443" ICMP Type="8"`. */
export const KV_SD_PARAMS: KeyValueSyntax = Object.freeze({ assign: '=', separator: ' ', spacedKeys: true });

/**
 * Cisco Meraki syslog bodies: space-separated, values bare, single- or double-quoted, never
 * escaped: `type=association client_mac='E4:F4:18:79:1F:E1' ssid='My Net'`.
 */
export const KV_SPACE_QUOTES: KeyValueSyntax = Object.freeze({ assign: '=', separator: ' ', quotes: `"'`, verbatimQuotes: true });

/** The reason every key=value rejection carries. */
export const KEY_VALUE_REJECT_REASON = 'key-value';

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;

function rejected(detail: string, at: number): RecordRejected {
  return new RecordRejected(KEY_VALUE_REJECT_REASON, `${detail} at column ${at + 1}`);
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/** At most 40 characters of `s` for an error detail (a garbage line can be long). */
function excerpt(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * Calls `onPair(key, value)` for each pair of `text[from, to)` in order and returns the number of
 * pairs. Throws `RecordRejected` (reason `key-value`) when the text is not of the syntax.
 */
export function forEachKeyValue(
  text: string,
  syntax: KeyValueSyntax,
  onPair: (key: string, value: string) => void,
  from = 0,
  to = text.length,
): number {
  const assign = syntax.assign.charCodeAt(0);
  const sep = syntax.separator.charCodeAt(0);
  const spaceSeparated = sep === SPACE;
  // Spaces may sit inside a key when they cannot end it.
  const keySpaces = !spaceSeparated || syntax.spacedKeys === true;
  // `"` opens a quoted value unless the syntax names only `'`; `otherQuote` is `'` when it opens one too
  const quotes = syntax.quotes ?? '"';
  const doubleQuotes = quotes.includes('"');
  const otherQuote = quotes.includes("'") ? APOSTROPHE : -1;
  const verbatim = syntax.verbatimQuotes === true;
  if (from < 0) from = 0;
  if (to > text.length) to = text.length;
  let count = 0;
  let i = from;
  /** Index of the next backslash at or after `i` (-1: none left), found lazily: one scan per line. */
  let nextBackslash = -2;

  while (true) {
    // Between pairs: separators and blanks.
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === sep || isBlank(c)) i++;
      else break;
    }
    if (i >= to) return count;

    // Key: up to the assign character.
    const keyStart = i;
    let keyEnd = -1;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === assign) {
        keyEnd = i;
        break;
      }
      if (c === QUOTE || c === otherQuote) throw rejected(`quote inside key "${excerpt(text.slice(keyStart, i))}"`, i);
      if (c === sep && !spaceSeparated) throw rejected(`"${excerpt(text.slice(keyStart, i))}" has no "${syntax.assign}"`, i);
      if (isBlank(c) && !keySpaces) throw rejected(`"${excerpt(text.slice(keyStart, i))}" has no "${syntax.assign}"`, i);
      i++;
    }
    if (keyEnd < 0) throw rejected(`"${excerpt(text.slice(keyStart, to))}" has no "${syntax.assign}"`, keyStart);
    let k = keyEnd;
    while (k > keyStart && isBlank(text.charCodeAt(k - 1))) k--;
    if (k === keyStart) throw rejected('empty key', keyStart);
    const key = text.slice(keyStart, k);
    i = keyEnd + 1;

    // Value.
    let value: string;
    const first = i < to ? text.charCodeAt(i) : -2;
    if ((first === QUOTE && doubleQuotes) || first === otherQuote) {
      const open = i;
      const quote = first;
      const quoteChar = quote === QUOTE ? '"' : "'";
      i++;
      if (verbatim) {
        i = verbatimClose(text, i, to, quoteChar, sep);
        if (i < 0) throw rejected(`unterminated quoted value of "${excerpt(key)}"`, open);
        onPair(key, text.slice(open + 1, i));
        i++;
        count++;
        continue;
      }
      let start = i;
      // Fast path: no backslash before the next quote, so the value is a plain slice.
      const q = text.indexOf(quoteChar, i);
      if (q >= 0 && q < to) {
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
        if (nextBackslash === -1 || nextBackslash > q) {
          value = text.slice(i, q);
          i = q + 1;
          if (i < to) {
            const c = text.charCodeAt(i);
            if (c !== sep && !isBlank(c)) throw rejected(`unexpected text after the quoted value of "${excerpt(key)}"`, i);
          }
          onPair(key, value);
          count++;
          continue;
        }
      }
      let parts: string | undefined;
      let closed = false;
      while (i < to) {
        const c = text.charCodeAt(i);
        if (c === quote) {
          closed = true;
          break;
        }
        if (c === BACKSLASH && i + 1 < to) {
          const n = text.charCodeAt(i + 1);
          if (n === quote || n === BACKSLASH || n === 93 /* ] */) {
            parts = (parts ?? '') + text.slice(start, i);
            start = i + 1; // keep the escaped character, drop the backslash
            i += 2;
            continue;
          }
        }
        i++;
      }
      if (!closed) throw rejected(`unterminated quoted value of "${excerpt(key)}"`, open);
      value = parts === undefined ? text.slice(start, i) : parts + text.slice(start, i);
      i++; // closing quote
      if (i < to) {
        const c = text.charCodeAt(i);
        if (c !== sep && !isBlank(c)) throw rejected(`unexpected text after the quoted value of "${excerpt(key)}"`, i);
      }
    } else {
      const start = i;
      if (spaceSeparated) {
        while (i < to && !isBlank(text.charCodeAt(i))) i++;
        value = text.slice(start, i);
      } else {
        while (i < to && text.charCodeAt(i) !== sep) i++;
        let e = i;
        while (e > start && isBlank(text.charCodeAt(e - 1))) e--;
        value = text.slice(start, e);
      }
    }
    onPair(key, value);
    count++;
  }
}

/**
 * Index of the quote that closes a verbatim value opened before `i`: the first `quoteChar` followed
 * by the end of the range, a separator or a blank; -1 when there is none.
 */
function verbatimClose(text: string, i: number, to: number, quoteChar: string, sep: number): number {
  for (let q = text.indexOf(quoteChar, i); q >= 0 && q < to; q = text.indexOf(quoteChar, q + 1)) {
    if (q + 1 === to) return q;
    const c = text.charCodeAt(q + 1);
    if (c === sep || isBlank(c)) return q;
  }
  return -1;
}

/** The pairs of `text[from, to)` in order, duplicates kept. Throws `RecordRejected` when malformed. */
export function decodeKeyValuePairs(text: string, syntax: KeyValueSyntax = KV_SPACE, from = 0, to = text.length): [string, string][] {
  const pairs: [string, string][] = [];
  forEachKeyValue(text, syntax, (k, v) => pairs.push([k, v]), from, to);
  return pairs;
}

/**
 * The pairs of `text[from, to)` as a prototype-less object (a `__proto__` key is just a key); for a
 * duplicate key the last value wins. Throws `RecordRejected` when malformed.
 */
export function decodeKeyValue(text: string, syntax: KeyValueSyntax = KV_SPACE, from = 0, to = text.length): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  forEachKeyValue(text, syntax, (k, v) => (out[k] = v), from, to);
  return out;
}

/**
 * Encodes pairs in `syntax`, quoting every value (escaping `"` and `\`; for a `verbatimQuotes`
 * syntax, with a quote character the value allows, else it throws). The inverse of
 * `decodeKeyValuePairs` for keys the syntax allows; for tests and for writing fixtures.
 */
export function encodeKeyValue(pairs: readonly (readonly [string, string])[], syntax: KeyValueSyntax = KV_SPACE): string {
  const glue = syntax.separator === ' ' ? ' ' : `${syntax.separator} `;
  if (syntax.verbatimQuotes === true) return pairs.map(([k, v]) => `${k}${syntax.assign}${verbatimQuoted(k, v, syntax)}`).join(glue);
  const quote = syntax.quotes === "'" ? "'" : '"';
  const escape = quote === "'" ? /[\\'\]]/g : /[\\"\]]/g;
  return pairs.map(([k, v]) => `${k}${syntax.assign}${quote}${v.replace(escape, '\\$&')}${quote}`).join(glue);
}

/** `v` quoted for a verbatim syntax: with the first of its quote characters that no blank or separator in `v` follows. */
function verbatimQuoted(key: string, v: string, syntax: KeyValueSyntax): string {
  const sep = syntax.separator;
  for (const q of syntax.quotes ?? '"') {
    let fits = !v.endsWith(q);
    for (let i = v.indexOf(q); fits && i >= 0; i = v.indexOf(q, i + 1)) {
      const next = v[i + 1];
      if (next === ' ' || next === '\t' || next === sep) fits = false;
    }
    if (fits) return `${q}${v}${q}`;
  }
  throw new Error(`the value of "${key}" cannot be quoted verbatim in this syntax`);
}
