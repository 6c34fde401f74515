import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanPairs } from '../src/codecs/cef-extension-scanner.js';
import { extensionSpans } from '../src/codecs/cef.js';

// The codec scans an ASCII line's extension in WebAssembly, every other by its text scan: on every
// extension, the two must give the same pairs (key, value, backslash and expected-key flags), and
// the text scan must reject what the WebAssembly scan leaves to it for that reason.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 2000. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;

const HEADER = 'CEF:0|V|P|1|id|n|3|';

/** Both scans' spans of a line's extension, or the text scan's error. */
function scans(line: string, expected: readonly string[] = []): { wasm: number[] | string; text: number[] | string } {
  const run = (inWasm: boolean): number[] | string => {
    try {
      return extensionSpans(line, HEADER.length, expected, inWasm);
    } catch (err) {
      return (err as Error).message;
    }
  };
  return { wasm: run(true), text: run(false) };
}

function agrees(line: string, expected: readonly string[] = []): void {
  const { wasm, text } = scans(line, expected);
  expect(wasm, line).toEqual(text);
}

describe('CEF extension scan in WebAssembly', () => {
  it('takes ASCII lines, and gives the pairs the text scan gives', () => {
    const line = `${HEADER}rt=1 src=10.0.0.1 cs1Label=Rule one  msg=a\\=b c\\\\ d=e=f x.y-z_1=\t end=`;
    expect(scanPairs(line, HEADER.length, line.length)).toBe(7);
    agrees(line);
    agrees(line, ['rt', 'src', 'cs1', 'msg', 'x.y-z_1', 'end', 'more']);
    agrees(line, ['rt', 'sr', 'cs1Label', 'ms']);
  });

  it('leaves to the text scan what it rejects, what is not ASCII and what is longer than it holds', () => {
    for (const ext of ['text a=1', '=1 a=2', 'no pairs', ' \\=x a=1']) {
      const line = HEADER + ext;
      expect(scanPairs(line, HEADER.length, line.length), ext).toBe(-1);
      expect(scans(line).text, ext).toMatch(/CEF extension/);
    }
    const accented = `${HEADER}msg=café src=1`;
    expect(scanPairs(accented, HEADER.length, accented.length)).toBe(-1);
    agrees(accented);
    const long = `${HEADER}${'k=v '.repeat(20_000)}x=1`;
    expect(scanPairs(long, HEADER.length, long.length)).toBe(-1);
    const many = `${HEADER}${'k=v '.repeat(3_000)}x=1`;
    expect(scanPairs(many, HEADER.length, many.length)).toBe(-1); // more pairs than it has room for
    agrees(many);
  });

  it('finds keys, values and backslashes across its 64-byte words', () => {
    for (let pad = 0; pad < 140; pad++) {
      agrees(`${HEADER}a=${'p'.repeat(pad)} PanOSTimeGeneratedHighResolution=\\\\${'q'.repeat(pad % 67)}\\= b=${' '.repeat(pad % 5)}c\\ d`);
    }
  });

  it('fuzz: agrees with the text scan on random extensions', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(' a=', ' k=', ' in=', ' cs1Label=', ' a.b-c=', ' x_1=', ' ', '  ', '=', '\\', '\\=', '\\\\', '\\n', '\t', '|', 'a', 'v', '-', '.', 'é', ' é=', '\u0100=') },
      { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
    );
    const extension = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    const expected = fc.array(fc.constantFrom('a', 'k', 'in', 'cs1Label', 'a.b-c', 'x_1', 'zz'), { maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\t', 'a=', 'x '), extension, expected, (head, ext, keys) => agrees(`${HEADER}${head}${ext}`, keys)),
      { numRuns: RUNS },
    );
  });
});
