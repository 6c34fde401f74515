import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { scanPairs, scanPairsInWasm } from '../src/codecs/cef-extension-scanner.js';
import { CefRowDecoder, parseCef, syslogTimeOptions, type CefRecord, type CommonSecurityLogRow } from '../src/index.js';

// The codec scans an ASCII line's extension in WebAssembly, every other by its text scan. On every
// line the two must give the same pairs (parseCef) and, over a stream, the same rows (the row
// decoder, which also takes each pair's key from the last line's where the scan says it is the
// same): the text scan is the reference, run here by turning the WebAssembly scan off.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 2000. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;

const HEADER = 'CEF:0|V|P|1|id|n|3|';
const time = syslogTimeOptions({}, '2025-08-01T12:00:00.000Z');

/** What a scan gives: the value, or the message of what it throws. */
function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (err) {
    return (err as Error).message;
  }
}

/** f's outcome with the WebAssembly scan on, and with the text scan alone. */
function both<T>(f: () => T): { wasm: T | string; text: T | string } {
  scanPairsInWasm(true);
  const wasm = outcome(f);
  scanPairsInWasm(false);
  const text = outcome(f);
  scanPairsInWasm(true);
  return { wasm, text };
}

function agrees(line: string): void {
  const { wasm, text } = both<CefRecord>(() => parseCef(line));
  expect(wasm, line).toEqual(text);
}

/** Rows of a stream of lines, each decoder fed every line in turn (what it keeps of one line serves the next). */
function rows(lines: readonly string[]): (CommonSecurityLogRow | string)[] {
  const decoder = new CefRowDecoder(time);
  return lines.map((line) => outcome(() => ({ ...decoder.decodeLine(line) })));
}

describe('CEF extension scan in WebAssembly', () => {
  afterEach(() => scanPairsInWasm(true));

  it('takes ASCII lines, and gives the pairs the text scan gives', () => {
    const line = `${HEADER}rt=1 src=10.0.0.1 cs1Label=Rule one  msg=a\\=b c\\\\ d=e=f x.y-z_1=\t end=`;
    expect(scanPairs(line, HEADER.length, line.length)).toBe(7);
    agrees(line);
    expect(parseCef(line).extension).toEqual([
      ['rt', '1'],
      ['src', '10.0.0.1'],
      ['cs1Label', 'Rule one '],
      ['msg', 'a=b c\\'],
      ['d', 'e=f'],
      ['x.y-z_1', '\t'],
      ['end', ''],
    ]);
  });

  it('leaves to the text scan what it rejects, what is not ASCII and what is longer than it holds', () => {
    for (const ext of ['text a=1', '=1 a=2', 'no pairs', ' \\=x a=1']) {
      const line = HEADER + ext;
      expect(scanPairs(line, HEADER.length, line.length), ext).toBe(-1);
      expect(both(() => parseCef(line)).text, ext).toMatch(/CEF extension/);
      agrees(line);
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

  it('fuzz: agrees with the text scan on random extensions, line by line and as rows of a stream', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(' a=', ' k=', ' in=', ' src=', ' cs1Label=', ' cs1=', ' a.b-c=', ' x_1=', ' ', '  ', '=', '\\', '\\=', '\\\\', '\\n', '\t', '|', 'a', 'v', '7', '-', '.', 'é', ' é=', '\u0100=') },
      { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
    );
    const extension = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    const line = fc.tuple(fc.constantFrom('', ' ', '\t', 'a=', 'x ', 'src=1 '), extension).map(([head, ext]) => `${HEADER}${head}${ext}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        for (const l of lines) agrees(l);
        // a stream repeats a sender's key order: the next line's keys are the last one's, mostly
        const stream = lines.flatMap((l) => [l, l.replace(/=[^ ]*/g, '=0')]);
        const { wasm, text } = both(() => rows(stream));
        expect(wasm).toEqual(text);
      }),
      { numRuns: RUNS },
    );
  });
});
