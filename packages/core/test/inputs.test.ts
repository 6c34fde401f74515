import { describe, expect, it } from 'vitest';
import { lineBatches } from '../src/inputs.js';
import { Accounting } from '../src/accounting.js';

async function collect(chunks: string[] | Buffer[], batchSize?: number) {
  const src = (async function* () {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
  })();
  const out: { lines: string[]; firstLine: number }[] = [];
  for await (const b of lineBatches(src, batchSize)) out.push(b);
  return out;
}

describe('lineBatches', () => {
  it('splits LF and CRLF lines across chunk boundaries and keeps a last line without terminator', async () => {
    const batches = await collect(['ab\r', '\ncd\nef', 'gh\r\n', 'last']);
    expect(batches).toEqual([{ lines: ['ab', 'cd', 'efgh', 'last'], firstLine: 1 }]);
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
