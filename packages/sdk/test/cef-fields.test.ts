import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtensionScanner } from '../src/codecs/cef-extension-scanner.js';
import { CefFields, parseCef } from '../src/index.js';

// `CefFields` (the detector's fast path) scans the extension its own way, looking only for the
// keys it was asked for: on every line it must find what `parseCef` (the codec's scanner) finds,
// from the text alone (its JavaScript scan) and from the line's bytes too (its WebAssembly scan).

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 2000. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;

/** Keys asked for: one- and two-character keys, prefixes of other keys (`cs1` / `cs1Label`, `in` / `inx`). */
const WANTED = ['a', 'k', 'in', 'rt', 'src', 'dst', 'cs1', 'cs1Label', 'cn2', 'a.b-c', 'PanOSPacketsSent', 'sourceTranslatedAddress'];

/** What `parseCef` says of the wanted keys: undefined when it rejects the line or a wanted key repeats. */
function expected(line: string): { header: string[]; values: Map<string, string> } | undefined {
  let r;
  try {
    r = parseCef(line);
  } catch {
    return undefined;
  }
  const values = new Map<string, string>();
  for (const [k, v] of r.extension) {
    if (!WANTED.includes(k)) continue;
    if (values.has(k)) return undefined;
    values.set(k, v);
  }
  return { header: [r.deviceVendor, r.deviceProduct, r.deviceVersion, r.signatureId, r.name, r.severity], values };
}

function agrees(fields: CefFields, line: string): void {
  // the bytes at an offset, as a batch holds a line; given only where each byte is one character
  const bytes = Buffer.from(`xyz${line}`);
  agreesFrom(fields, line);
  if (bytes.length === line.length + 3) agreesFrom(fields, line, bytes, 3);
}

function agreesFrom(fields: CefFields, line: string, bytes?: Buffer, start?: number): void {
  const want = expected(line);
  const took = fields.scan(line, bytes, start);
  const how = `${bytes ? 'bytes' : 'text'}: ${line}`;
  expect(took, how).toBe(want !== undefined);
  if (!took || want === undefined) return;
  expect([fields.vendor, fields.product, fields.version, fields.signatureId, fields.name, fields.severity], how).toEqual(want.header);
  for (const k of WANTED) expect(fields.text(k), `${k} in ${how}`).toBe(want.values.get(k));
}

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WANTED.map((k) => ` ${k}=`), ' cs1Label=Rule', ' src=10.0.0.1', ' inx=', ' cs=', ' x=', ' =', ' ', '  ', '=', '\\', '\\=', '\\\\', '\\n', '\t', '\r', '\n', '|', 'a', 'k', 'in', 'é', ' é=', 'v') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const extension = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
const prefix = fc.constantFrom('', ' ', '\t', '  ', 'src=1', 'a=', '=x ', 'x ');

describe('CefFields', () => {
  const fields = new CefFields(WANTED);

  it('scans lines given as bytes in WebAssembly', () => {
    expect(ExtensionScanner.of(WANTED)).toBeDefined();
  });

  it('reads bytes that are no UTF-8 as the text does, one U+FFFD each', () => {
    const bytes = Buffer.concat([Buffer.from('CEF:0|V|P|1|id|n|3|src=a'), Buffer.from([0xff]), Buffer.from(' b='), Buffer.from([0xfe]), Buffer.from(' k=1 '), Buffer.from([0x80]), Buffer.from('in=2')]);
    const line = bytes.toString('utf8');
    expect(line.length).toBe(bytes.length);
    agreesFrom(fields, line, bytes, 0);
    expect(fields.text('src')).toBe('a\ufffd');
    expect(fields.text('k')).toBe('1 \ufffdin=2');
  });

  it('leaves an extension longer than the scanner holds to the text scan', () => {
    const line = `CEF:0|V|P|1|id|n|3|x=${'v '.repeat(40_000)}src=s${' y=b'.repeat(1000)} k=${'w'.repeat(70_000)}`;
    agrees(fields, line);
    fields.scan(line, Buffer.from(line), 0);
    expect(fields.text('src')).toBe('s');
    expect(fields.text('k')).toHaveLength(70_000);
  });

  it('finds keys and values across the 64-byte words of the scanner', () => {
    for (let pad = 0; pad < 140; pad++) {
      agrees(fields, `CEF:0|V|P|1|id|n|3|x=${'p'.repeat(pad)} sourceTranslatedAddress=1.2.3.4 PanOSPacketsSent=${'9'.repeat(pad % 70)} a=b=c k=\\= cs1Label=L  L src=`);
    }
  });

  it('finds the wanted keys parseCef finds, in plain lines', () => {
    const lines = [
      'CEF:0|V|P|1|id|n|3|',
      'CEF:0|V|P|1|id|n|3',
      'CEF:0|V|P|1|id|n|3|   ',
      'CEF:0|V|P|1|id|n|3|src=10.0.0.1 cs1Label=Rule one cs1=r dst=::1 in=5\r\n',
      '<14>May  1 00:00:28 h CEF:0|V|P|1|id|n|3|cs1Label=a b=c cs1=x\\=y in=1 in2=2 k=',
      'CEF:0|V|P|1|id|n|3|a=1  k=2\tin=3 rt=\\\\ src=a\\nb',
      'CEF:0|V|P|1|id|n|3|x=1 src=a=b c=d',
    ];
    for (const line of lines) agrees(fields, line);
  });

  it('declines what the codec rejects and lines where a wanted key repeats', () => {
    for (const line of ['no cef', 'CEF:0|V|P|1|id', 'CEF:2|V|P|1|id|n|3|a=1', 'CEF:0|V|P|1|id|n|3|text a=1', 'CEF:0|V|P|1|id|n|3|=1 a=2', 'CEF:0|V|P|1|id|n|3|no pairs', 'CEF:0|V|P|1|id|n|3|a=1 b=2 a=3']) {
      expect(fields.scan(line), line).toBe(false);
      expect(expected(line), line).toBeUndefined();
    }
    expect(fields.scan('CEF:0|V|P|1|id|n|3|b=1 b=2 src=x')).toBe(true); // a key not asked for may repeat
  });

  it('reads each header anew unless the line starts with the last one, up to its 7th |', () => {
    const f = new CefFields(WANTED);
    // a header without its closing | ends with the line: a longer line has another header
    for (const line of ['CEF:0|V|P|1|id|n|3', 'CEF:0|V|P|1|id|n|3x|a=1', 'CEF:0|V|P|1|id|n|3x|a=2', 'CEF:0|V|P|1|id|n|3x\\|a=3', 'CEF:0|V|P|1|id|n|3x\\|a=3|b=4', 'CEF:0|V|P|1|id|n|3x|', 'CEF:1|V|P|1|id|n|3x|a=5']) {
      agrees(f, line);
    }
    const serial = f.headerSerial;
    agrees(f, '<13>Jul 16 10:32:04 h CEF:1|V|P|1|id|n|3x|k=6');
    expect(f.headerSerial).toBe(serial);
    agrees(f, 'CEF:1|W|P|1|id|n|3x|k=6');
    expect(f.headerSerial).toBe(serial + 1);
  });

  it('fuzz: agrees with parseCef on a stream of lines with random headers', () => {
    const f = new CefFields(WANTED);
    const field = fc.oneof(fc.constantFrom('V', 'P', '1', 'id', 'n', '3', '', '\\|', '\\\\', '\\', 'x=1', ' '), fc.string({ maxLength: 4 }));
    const header = fc.tuple(fc.constantFrom('CEF:0', 'CEF:1', 'CEF: 0', 'CEF:2', 'CEF:0.1'), fc.array(field, { minLength: 4, maxLength: 8 })).map(([v, fs]) => `${v}|${fs.join('|')}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('', '<14>Jul 16 10:32:04 h '), fc.constantFrom(0, 1, 2), header, fc.constantFrom('|', '', '|a=1 k=2', 'a=1'), extension), { minLength: 1, maxLength: 6 }), (lines) => {
        let previous = 'CEF:0|V|P|1|id|n|3|';
        for (const [envelope, how, h, glue, ext] of lines) {
          // a line with the previous header, one that extends it, or a new one
          const head = how === 0 ? previous : how === 1 ? previous + h.slice(5) : h;
          agrees(f, `${envelope}${head}${glue}${ext}`);
          previous = head;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: agrees with parseCef on random extensions', () => {
    fc.assert(
      fc.property(prefix, extension, (head, ext) => {
        agrees(fields, `CEF:0|V|P|1|id|n|3|${head}${ext}`);
        agrees(fields, `<14>Jul 16 10:32:04 h CEF:1|V|P|1|id|n|3|${ext}`);
      }),
      { numRuns: RUNS },
    );
  });
});
