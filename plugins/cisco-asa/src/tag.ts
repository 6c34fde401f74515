// The `%ASA-n-NNNNNN:` / `%FTD-n-NNNNNN:` tag that starts every Cisco ASA/FTD message.

/** The tag: `%ASA-6-302013:`, `%FTD-4-106023:`, and the EMBLEM/FTD class form `%ASA-session-6-302013:`. */
export interface AsaTag {
  /** Where `%` is. */
  readonly start: number;
  /** Just after the `:` that ends the tag. */
  readonly end: number;
  readonly product: 'ASA' | 'FTD';
  readonly level: string;
  readonly id: string;
}

const PERCENT = 37;

/** The first `%ASA-`/`%FTD-` tag in the line, or undefined. */
export function findTag(line: string): AsaTag | undefined {
  let at = line.indexOf('%');
  while (at >= 0) {
    const tag = tagAt(line, at);
    if (tag !== undefined) return tag;
    at = line.indexOf('%', at + 1);
  }
  return undefined;
}

export function tagAt(s: string, i: number): AsaTag | undefined {
  if (s.charCodeAt(i) !== PERCENT || s.charCodeAt(i + 4) !== 45 /* - */) return undefined;
  const word = s.slice(i + 1, i + 4);
  if (word !== 'ASA' && word !== 'FTD') return undefined;
  let j = i + 5;
  // optional class word (`session-`): up to 16 lower-case letters then `-`
  const c0 = s.charCodeAt(j);
  if (c0 >= 97 && c0 <= 122) {
    const wordStart = j;
    while (j < s.length && j - wordStart < 17 && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
    if (s.charCodeAt(j) !== 45) return undefined;
    j++;
  }
  const level = s.charCodeAt(j);
  if (level < 48 || level > 55 || s.charCodeAt(j + 1) !== 45) return undefined;
  const idStart = j + 2;
  for (let k = idStart; k < idStart + 6; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  if (s.charCodeAt(idStart + 6) !== 58 /* : */) return undefined;
  return { start: i, end: idStart + 7, product: word, level: String.fromCharCode(level), id: s.slice(idStart, idStart + 6) };
}

/** Whether a line holds an ASA/FTD tag (routing and sniffing). Cheap: one indexOf per `%`. */
export function isAsaLine(line: string): boolean {
  return findTag(line) !== undefined;
}
