import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeKeyValue,
  decodeKeyValuePairs,
  encodeKeyValue,
  KV_COMMA,
  KV_SD_PARAMS,
  KV_SEMICOLON,
  KV_SPACE,
  KV_SPACE_QUOTES,
  RecordRejected,
  type KeyValueSyntax,
} from '../src/index.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else ~2000. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;

const SYNTAXES: readonly [string, KeyValueSyntax][] = [
  ['space', KV_SPACE],
  ['comma', KV_COMMA],
  ['semicolon', KV_SEMICOLON],
  ['sd-params', KV_SD_PARAMS],
  ['space-quotes', KV_SPACE_QUOTES],
];

/** Whether `encodeKeyValue` can write the pairs in the syntax (a verbatim syntax cannot quote every value). */
function encodable(pairs: readonly [string, string][], syntax: KeyValueSyntax): boolean {
  try {
    encodeKeyValue(pairs, syntax);
    return true;
  } catch {
    return false;
  }
}

/** Text biased towards the characters the scanner branches on. */
const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('=', ':', '"', "'", '\\', ' ', '\t', ',', ';', ']', '[', '\\"', '=""', "=''", "k='", 'k=', 'k:"', '\r', '\n') },
      { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** Text that is valid but garbled by one edit: the likeliest kind of malformed record. */
const keyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/);
const valueArb = fc.string({ maxLength: 30 });
const pairsArb = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 12 });

function mutate(text: string, pos: number, insert: string, del: number): string {
  const p = text.length === 0 ? 0 : pos % (text.length + 1);
  return text.slice(0, p) + insert + text.slice(p + del);
}

/** Runs `decode` and reports what happened; any error other than RecordRejected fails the property. */
function onlyRejects(decode: () => unknown): 'ok' | 'rejected' {
  try {
    decode();
    return 'ok';
  } catch (err) {
    if (err instanceof RecordRejected) {
      expect(err.reason).toBe('key-value');
      expect(typeof err.detail).toBe('string');
      return 'rejected';
    }
    throw err;
  }
}

describe('key=value decoder fuzz', () => {
  for (const [name, syntax] of SYNTAXES) {
    it(`fuzz (${name}): arbitrary text decodes or throws RecordRejected, nothing else`, () => {
      fc.assert(
        fc.property(hostileText, fc.nat(60), fc.nat(60), (text, a, b) => {
          onlyRejects(() => decodeKeyValuePairs(text, syntax));
          onlyRejects(() => decodeKeyValue(text, syntax));
          // any sub-range too, including inverted and out-of-bounds ones
          onlyRejects(() => decodeKeyValuePairs(text, syntax, a, b));
        }),
        { numRuns: RUNS },
      );
    });

    it(`fuzz (${name}): encoded pairs decode to themselves`, () => {
      fc.assert(
        fc.property(pairsArb, (pairs) => {
          fc.pre(encodable(pairs, syntax));
          expect(decodeKeyValuePairs(encodeKeyValue(pairs, syntax), syntax)).toEqual(pairs);
        }),
        { numRuns: RUNS },
      );
    });

    it(`fuzz (${name}): a garbled valid record decodes or throws RecordRejected, nothing else`, () => {
      fc.assert(
        fc.property(pairsArb, fc.nat(), fc.constantFrom('"', "'", '\\', '=', ':', ' ', ',', ';', '', 'x y'), fc.nat(3), (pairs, pos, insert, del) => {
          fc.pre(encodable(pairs, syntax));
          onlyRejects(() => decodeKeyValuePairs(mutate(encodeKeyValue(pairs, syntax), pos, insert, del), syntax));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('fuzz: decoding a [from, to) range is decoding that slice', () => {
    const outcome = (fn: () => [string, string][]) => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof RecordRejected) return 'rejected';
        throw err;
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...SYNTAXES.map(([, s]) => s)),
        fc.oneof(hostileText, pairsArb.map((p) => encodeKeyValue(p)), pairsArb.filter((p) => encodable(p, KV_SPACE_QUOTES)).map((p) => encodeKeyValue(p, KV_SPACE_QUOTES))),
        hostileText,
        hostileText,
        (syntax, middle, head, tail) => {
          const text = head + middle + tail;
          const from = head.length;
          const to = head.length + middle.length;
          expect(outcome(() => decodeKeyValuePairs(text, syntax, from, to))).toEqual(outcome(() => decodeKeyValuePairs(middle, syntax)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('fuzz: decoded keys are never empty and never contain a quote', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom(...SYNTAXES.map(([, s]) => s)), (text, syntax) => {
        let pairs: [string, string][] = [];
        try {
          pairs = decodeKeyValuePairs(text, syntax);
        } catch (err) {
          if (!(err instanceof RecordRejected)) throw err;
        }
        for (const [k] of pairs) {
          expect(k.length).toBeGreaterThan(0);
          expect(k).not.toContain('"');
          expect(k).not.toMatch(/^[ \t]|[ \t]$/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: on text without an apostrophe or a backslash, KV_SPACE_QUOTES decodes as KV_SPACE does', () => {
    const outcome = (text: string, syntax: KeyValueSyntax) => {
      try {
        return decodeKeyValuePairs(text, syntax);
      } catch (err) {
        if (err instanceof RecordRejected) return 'rejected';
        throw err;
      }
    };
    fc.assert(
      fc.property(hostileText.filter((t) => !t.includes("'") && !t.includes('\\')), (text) => {
        const spaced = outcome(text, KV_SPACE);
        // verbatim quotes may close later than KV_SPACE's (a quote glued to text does not close), never differently otherwise
        if (spaced !== 'rejected') expect(outcome(text, KV_SPACE_QUOTES)).toEqual(spaced);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: single-quoted values without blanks after a quote survive unchanged (KV_SPACE_QUOTES)', () => {
    const quotedValue = fc.string({ maxLength: 20 }).filter((v) => !/'[\s]|'$/.test(v));
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, quotedValue), { maxLength: 10 }), (pairs) => {
        const line = pairs.map(([k, v]) => `${k}='${v}'`).join(' ');
        expect(decodeKeyValuePairs(line, KV_SPACE_QUOTES)).toEqual(pairs);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: bare FortiOS-style values (no blanks, no quotes) survive unchanged', () => {
    const bare = fc.stringMatching(/^[^\s"]{0,20}$/).filter((v) => !v.startsWith('"'));
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, bare), { maxLength: 10 }), (pairs) => {
        const line = pairs.map(([k, v]) => `${k}=${v}`).join(' ');
        expect(decodeKeyValuePairs(line, KV_SPACE)).toEqual(pairs);
      }),
      { numRuns: RUNS },
    );
  });
});
