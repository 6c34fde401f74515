import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_LINE_TEXT, ByteLines, lineBatches, type LineBatch } from '../src/framing/lines.js';
import { BATCH_TEXT, jsonDocumentItems } from '../src/framing/json.js';
import { Accounting } from '../src/accounting.js';

async function collect(chunks: string[] | Buffer[], batchSize?: number, maxLine?: number) {
  const src = (async function* () {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
  })();
  const out: LineBatch[] = [];
  for await (const b of lineBatches(src, batchSize, maxLine)) out.push(b);
  return out;
}

describe('lineBatches', () => {
  it('splits LF and CRLF lines across chunk boundaries and keeps a last line without terminator', async () => {
    const batches = await collect(['ab\r', '\ncd\nef', 'gh\r\n', 'last']);
    expect(batches).toEqual([{ lines: ['ab', 'cd', 'efgh', 'last'], firstLine: 1 }]);
  });

  it('ends a batch early at BATCH_LINE_TEXT of text, so lines holding big documents stay few per batch', async () => {
    const big = 'x'.repeat(1 << 20);
    const batches = await collect([Array.from({ length: 10 }, () => big).join('\n') + '\n'], 256, 2 << 20);
    expect(batches.map((b) => b.lines.length)).toEqual([4, 4, 2]);
    expect(batches.map((b) => b.firstLine)).toEqual([1, 5, 9]);
    expect(BATCH_LINE_TEXT).toBe(4 << 20);
  });

  it('numbers lines across batches', async () => {
    const batches = await collect(['1\n2\n3\n4\n5\n'], 2);
    expect(batches.map((b) => [b.firstLine, b.lines])).toEqual([
      [1, ['1', '2']],
      [3, ['3', '4']],
      [5, ['5']],
    ]);
  });

  it('never splits a multi-byte UTF-8 character at a chunk boundary', async () => {
    const bytes = Buffer.from('é€\nok\n');
    const batches = await collect([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]);
    expect(batches[0]!.lines).toEqual(['é€', 'ok']);
  });
});

describe('Accounting', () => {
  it('derives parsed from read, skipped and rejected, and prints reasons most frequent first', () => {
    const acc = new Accounting();
    acc.read = 6;
    acc.skip('a');
    acc.reject('x');
    acc.reject('y');
    acc.reject('y');
    acc.emitted = 2;
    expect(acc.parsed).toBe(2);
    expect(acc.summary()).toBe('read 6 / parsed 2 / skipped 1 (a 1) / rejected 3 (y 2, x 1) / emitted 2');
  });
});

describe('lineBatches with mixed ASCII and UTF-8 chunks', () => {
  it('decodes a character split across a UTF-8 chunk and a following ASCII chunk', async () => {
    const bytes = Buffer.from('a€');
    // chunk 1 ends inside '€' (3 bytes); chunk 2 holds its last byte; chunk 3 is pure ASCII
    const batches = await collect([bytes.subarray(0, 3), bytes.subarray(3), Buffer.from('\nplain\n')]);
    expect(batches[0]!.lines).toEqual(['a€', 'plain']);
  });
});

/** What ByteLines frames from the same chunks: [line number, text] or [line number, 'TOO LONG', excerpt]. */
function byteLines(chunks: Buffer[], maxLine?: number): unknown[] {
  const out: unknown[] = [];
  const lines = new ByteLines(
    (bytes, spans, count, first) => {
      for (let j = 0; j < count; j++) out.push([first + j, bytes.toString('utf8', spans[2 * j], spans[2 * j + 1])]);
    },
    (excerpt, n) => void out.push([n, 'TOO LONG', excerpt]),
    maxLine,
  );
  for (const c of chunks) lines.push(Buffer.from(c)); // a copy each: the framer must not keep the caller's buffer
  lines.end();
  return out;
}

async function stringLines(chunks: Buffer[], maxLine?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const b of await collect(chunks, 3, maxLine)) {
    b.lines.forEach((l, i) => out.push(b.tooLong?.includes(i) ? [b.firstLine + i, 'TOO LONG', l] : [b.firstLine + i, l]));
  }
  return out;
}

describe('line endings and long lines', () => {
  it('a lone CR ends a line, so two CEF records never merge (CRLF split across chunks stays one break)', async () => {
    const batches = await collect(['CEF:0|a|b|1|x|y|1|src=1.1.1.1\rCEF:0|a|b|1|x|y|1|src=2.2.2.2\r', '\nnext\r\r\nlast']);
    expect(batches[0]!.lines).toEqual(['CEF:0|a|b|1|x|y|1|src=1.1.1.1', 'CEF:0|a|b|1|x|y|1|src=2.2.2.2', 'next', '', 'last']);
  });

  it('a line longer than the limit is reported by number with its start, and the lines around it are kept', async () => {
    const long = 'x'.repeat(5000);
    const batches = await collect(['ok1\n' + long.slice(0, 1500), long.slice(1500) + '\nok2\n'], 10, 1000);
    expect(batches[0]!.lines.map((l) => l.slice(0, 5))).toEqual(['ok1', 'xxxxx', 'ok2']);
    expect(batches[0]!.tooLong).toEqual([1]);
    expect(batches[0]!.lines[1]!.length).toBeLessThan(1000);
  });

  it('fuzz: the byte framer (the fast path) frames exactly as the string framer, whatever the chunking', async () => {
    const piece = fc.constantFrom('a', 'bc', 'é', '\n', '\r', '\r\n', ' ', 'x'.repeat(30));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(Infinity, 20), async (pieces, cuts, maxLine) => {
        const bytes = Buffer.from(pieces.join(''));
        const chunks: Buffer[] = [];
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const size = cuts[k % cuts.length]!;
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const asStrings = await stringLines(chunks, maxLine);
        const asBytes = byteLines(chunks, maxLine);
        // excerpts of too-long lines may differ (characters against bytes): compare line numbers and texts
        expect(asBytes.map((l) => (l as unknown[]).slice(0, 2))).toEqual(asStrings.map((l) => (l as unknown[]).slice(0, 2)));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('the byte framer hands over thousands of lines in numbered batches, and a caller may reuse its chunk buffer', () => {
    const text = Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const reused = Buffer.alloc(4096);
    const seen: string[] = [];
    const batchSizes: number[] = [];
    const lines = new ByteLines(
      (bytes, spans, count, first) => {
        batchSizes.push(count);
        for (let j = 0; j < count; j++) seen.push(`${first + j}:${bytes.toString('utf8', spans[2 * j], spans[2 * j + 1])}`);
      },
      () => {},
    );
    for (let at = 0; at < text.length; at += reused.length) lines.push(reused.subarray(0, reused.write(text.slice(at, at + reused.length))));
    lines.end();
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => `${i + 1}:line ${i + 1}`));
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(1024);
  });
});

describe('jsonDocumentItems', () => {
  it('batches a blob of big records by their text, not only their count (an NSG record holds thousands of flows)', async () => {
    const record = (i: number) => ({ i, flowTuples: Array.from({ length: 2000 }, (_, k) => `1542110400,10.0.0.${k % 250},10.0.1.1,${k},443,T,O,A,E`) });
    const doc = Buffer.from(JSON.stringify({ records: Array.from({ length: 40 }, (_, i) => record(i)) }));
    const size = JSON.stringify(record(0)).length;
    const chunks = (async function* () {
      for (let at = 0; at < doc.length; at += 65536) yield doc.subarray(at, at + 65536);
    })();
    const batches: number[][] = [];
    for await (const items of jsonDocumentItems(chunks, 'blob.json')) batches.push(items.map((it) => ('value' in it ? (it.value as { i: number }).i : -1)));
    expect(batches.flat()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // each batch holds at most BATCH_TEXT of records, plus those framed from the chunk that crossed it
    for (const b of batches) expect(b.length * size).toBeLessThan(BATCH_TEXT + 2 * 65536 + size);
    expect(batches.length).toBeGreaterThanOrEqual(3); // by count alone (256), all 40 would be one batch
  });
});
