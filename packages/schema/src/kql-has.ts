// KQL's `has` term operator: what the port-misuse rule's App/Protocol/Direction/Action cells and
// the ASIM `hostname_has_any` filter parameter test (detection spec §f.3, §f.4).

/** A string split into KQL terms: maximal runs of ASCII letters and digits, lower-cased. */
export interface Terms {
  /** Lower-cased terms, in order. */
  readonly terms: readonly string[];
  /** `seps[i]` is the exact text between `terms[i]` and `terms[i + 1]`. */
  readonly seps: readonly string[];
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Splits a string into terms (§f.3: term = maximal `[A-Za-z0-9]+` run; the rest separates). */
export function tokenize(s: string): Terms {
  const terms: string[] = [];
  const seps: string[] = [];
  const n = s.length;
  let i = 0;
  let lastEnd = -1;
  while (i < n) {
    if (!isAlnum(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAlnum(s.charCodeAt(i))) i++;
    if (lastEnd >= 0) seps.push(s.slice(lastEnd, start));
    terms.push(s.slice(start, i).toLowerCase());
    lastEnd = i;
  }
  return { terms, seps };
}

/** Options of the `has` operator. */
export interface HasOptions {
  /**
   * Result of `L has R` when R has no terms (empty, or only separators). The KQL docs are silent
   * (spec §l Q1); the literal reading gives false, the default.
   */
  emptyRhsHasMatches?: boolean;
}

/**
 * KQL `L has R` (spec §f.4 reference definition), case-insensitive:
 * - R without terms → `emptyRhsHasMatches` (default false);
 * - R with one term → that term is one of L's terms;
 * - R with several terms (a phrase such as `Drop ICMP`) → R's terms occur contiguously in L's
 *   terms with the same separator text between them.
 */
export function has(l: string | Terms, r: string | Terms, options: HasOptions = {}): boolean {
  const lt = typeof l === 'string' ? tokenize(l) : l;
  const rt = typeof r === 'string' ? tokenize(r) : r;
  return hasTerms(lt, rt, options.emptyRhsHasMatches ?? false);
}

export function hasTerms(l: Terms, r: Terms, emptyRhsHasMatches: boolean): boolean {
  const k = r.terms.length;
  if (k === 0) return emptyRhsHasMatches;
  const lterms = l.terms;
  if (k === 1) return lterms.includes(r.terms[0]!);
  outer: for (let i = 0; i + k <= lterms.length; i++) {
    for (let j = 0; j < k; j++) {
      if (lterms[i + j] !== r.terms[j]) continue outer;
      if (j > 0 && l.seps[i + j - 1] !== r.seps[j - 1]) continue outer;
    }
    return true;
  }
  return false;
}
