import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameJsonText, JsonRecordFramer, type FramedJson } from '../src/index.js';

const texts = (input: string) => frameJsonText(input).records.map((r) => r.text);

/** Frames `input` pushed in pieces of `size` bytes. */
function framedInPieces(input: string, size: number) {
  const records: FramedJson[] = [];
  const rejected: string[] = [];
  const framer = new JsonRecordFramer({ record: (f) => void records.push(f), rejected: (reason) => void rejected.push(reason) });
  const bytes = Buffer.from(input);
  for (let i = 0; i < bytes.length; i += size) framer.push(bytes.subarray(i, i + size));
  return { records, rejected, cutShort: framer.end() };
}

describe('JSON record framing', () => {
  it('a JSON array: its elements, with the line each starts on and its index', () => {
    const r = frameJsonText('[\n  {"a": 1},\n  {"b": [2, 3]}\n]\n');
    expect(r.records).toEqual([
      { text: '{"a": 1}', line: 2, index: 1 },
      { text: '{"b": [2, 3]}', line: 3, index: 2 },
    ]);
    expect(r.cutShort).toBeUndefined();
  });

  it('an Azure {"records": [...]} document: the records, not the document', () => {
    expect(texts('{"records": [{"time": "t1", "properties": {"flows": [1]}}, {"time": "t2"}]}')).toEqual([
      '{"time": "t1", "properties": {"flows": [1]}}',
      '{"time": "t2"}',
    ]);
    expect(texts('{\n  "records" :\n  [ {"x":1} ]\n}')).toEqual(['{"x":1}']);
  });

  it('Event Hub captures: one container per line, all records in order', () => {
    expect(texts('{"records":[{"i":1},{"i":2}]}\n{"records":[{"i":3}]}\n')).toEqual(['{"i":1}', '{"i":2}', '{"i":3}']);
  });

  it('objects one after another, and objects whose first key is not "records", are records themselves', () => {
    expect(texts('{"a":[1]}\n{"records": 5}\n{"b": {"records": [1]}}')).toEqual(['{"a":[1]}', '{"records": 5}', '{"b": {"records": [1]}}']);
  });

  it('brackets and quotes inside strings are text', () => {
    expect(texts('[{"m": "a ] } [ \\" { x"}, {"n": "\\\\"}]')).toEqual(['{"m": "a ] } [ \\" { x"}', '{"n": "\\\\"}']);
  });

  it('scalars and garbage at record level are records of their own (the caller rejects non-objects)', () => {
    expect(texts('[1, "s", true, {"a":1}]')).toEqual(['1', '"s"', 'true', '{"a":1}']);
    expect(texts('garbage {"a":1}')).toEqual(['garbage', '{"a":1}']);
    expect(texts('] {"a":1}')).toEqual([']', '{"a":1}']);
  });

  it('a document cut short keeps every complete record and says where it broke', () => {
    const r = frameJsonText('[{"a":1},\n{"b":2},\n{"c":');
    expect(r.records.map((f) => f.text)).toEqual(['{"a":1}', '{"b":2}']);
    expect(r.cutShort).toMatch(/line 3/);
    expect(frameJsonText('{"records":[{"a":1}').cutShort).toMatch(/unclosed/);
  });

  it('nesting beyond the limit and records beyond the size cap are rejected, not parsed', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = frameJsonText(`[{"ok":1}, ${deep}, {"ok":2}]`);
    expect(r.records.map((f) => f.text)).toEqual(['{"ok":1}', '{"ok":2}']);
    expect(r.rejected.map((x) => x.reason)).toEqual(['json-depth']);
    const big = frameJsonText(`[{"v":"${'x'.repeat(5000)}"}, {"ok":3}]`, { maxRecordBytes: 1000 });
    expect(big.rejected.map((x) => x.reason)).toEqual(['record-too-large']);
    expect(big.records.map((f) => f.text)).toEqual(['{"ok":3}']);
  });

  it('frames the same records whatever the chunk boundaries', () => {
    const doc = '{"records": [\n{"a": "x]y", "b": [1, {"c": "\\"q"}]},\n{"d": null}, 7, "z"\n]}\n[{"e": 1}]';
    const whole = frameJsonText(doc).records;
    for (const size of [1, 2, 3, 7, 64]) expect(framedInPieces(doc, size).records).toEqual(whole);
  });

  it('fuzz: any JSON array of objects frames back to its elements, in any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (objects, size, container) => {
        const doc = container ? JSON.stringify({ records: objects }, null, 1) : JSON.stringify(objects, null, 2);
        const { records, rejected, cutShort } = framedInPieces(doc, size);
        expect(cutShort).toBeUndefined();
        expect(rejected).toEqual([]);
        // compared as JSON reads them back (JSON has no -0)
        expect(records.map((r) => JSON.parse(r.text) as unknown)).toEqual(JSON.parse(JSON.stringify(objects)));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
