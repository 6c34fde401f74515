// Property: JsonlEncoder writes exactly the bytes of `JSON.stringify(record) + '\n'` as UTF-8, for
// any sequence of records. Its state across records (the key tree, the copies of a key's previous
// value and of an alias's twin, the keys it stops comparing) must never show in the output.
import fc from 'fast-check';
import { FIELDS, type NetworkSession } from '@asimkit/schema';
import { describe, expect, it } from 'vitest';
import { JsonlEncoder } from '../src/sinks/jsonl-encoder.js';
import { JsonlSink } from '../src/sinks/jsonl.js';
import { createWorkerSink } from '../src/parallel/jsonl-worker-sink.js';

const expected = (records: readonly unknown[]): Buffer => Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''));

/** Encodes with a small buffer, so it grows; `takes` says after which records to take the bytes out. */
function encode(records: readonly object[], capacity = 64, takes: ReadonlySet<number> = new Set()): Buffer {
  const encoder = new JsonlEncoder(capacity);
  const parts: Buffer[] = [];
  records.forEach((r, i) => {
    encoder.line(r);
    if (takes.has(i)) parts.push(encoder.take());
  });
  parts.push(encoder.take());
  return Buffer.concat(parts);
}

/** Shows the first difference readably when the bytes differ. */
function expectSameBytes(got: Buffer, want: Buffer): void {
  if (got.equals(want)) return;
  let i = 0;
  while (got[i] === want[i]) i++;
  expect(got.subarray(Math.max(0, i - 60), i + 60).toString()).toBe(want.subarray(Math.max(0, i - 60), i + 60).toString());
  expect(got.length).toBe(want.length);
}

const ASIM_NAMES = FIELDS.filter((f) => !f.pattern).map((f) => f.name);

/** Strings that need escapes or multi-byte UTF-8, and lone or paired surrogates. */
const SPECIAL = ['"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '€', '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ufeff', '\uffff', '/'];

const str = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }, // lone surrogates included
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '2024-05-01T00:00:34.000Z', '10.0.0.1', 'Flow', 'eni-0afc59bf07f5edb97', 'x'.repeat(300)) },
);

const num = fc.oneof(
  fc.integer(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.maxSafeInteger(),
  fc.double(), // -0, NaN, ±Infinity, subnormals
  fc.constantFrom(0, -0, 2147483647, -2147483647, -2147483648, 2147483648, 4294967295, 2 ** 53, -(2 ** 53), 1e21, 1e-7, 123456789.123, Number.MIN_VALUE, Number.MAX_VALUE),
);

const nested = fc.anything({ maxDepth: 2, maxKeys: 4, withBoxedValues: true, withNullPrototype: true, withDate: true, withSparseArray: true, withTypedArray: true, withMap: true, withSet: true });

const value = fc.oneof(
  { weight: 6, arbitrary: str },
  { weight: 4, arbitrary: num },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, () => 1, Symbol('s')) },
  { weight: 2, arbitrary: nested },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) }, // toJSON, also Invalid Date → null
);

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ASIM_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('_Lineage', 'AdditionalFields', '__proto__', 'toString', '0', '7', '4294967294', '4294967295', '-1', '01', '', 'é', '"quoted"', 'back\\slash', 'line\nfeed', '\ud800') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const record = fc.dictionary(key, value, { maxKeys: 25 });

/**
 * Records as a mapping makes them: a few shapes, repeated, each record a template with some values
 * changed, some left out, some keys added, and some values repeated under other keys (aliases).
 */
const recordRuns = fc
  .tuple(
    fc.array(fc.dictionary(fc.constantFrom(...ASIM_NAMES), value, { minKeys: 1, maxKeys: 30 }), { minLength: 1, maxLength: 3 }),
    fc.array(
      fc.record({
        template: fc.nat(),
        changes: fc.dictionary(fc.constantFrom(...ASIM_NAMES), fc.oneof(value, fc.constant(undefined)), { maxKeys: 4 }),
        aliases: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ASIM_NAMES)), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 120 },
    ),
  )
  .map(([templates, steps]) =>
    steps.map(({ template, changes, aliases }) => {
      const base = templates[template % templates.length]!;
      const rec: Record<string, unknown> = {};
      for (const k of Object.keys(base)) rec[k] = k in changes ? changes[k] : base[k];
      for (const k of Object.keys(changes)) if (!(k in rec)) rec[k] = changes[k];
      const keys = Object.keys(rec);
      for (const [from, to] of aliases) if (keys.length > 0 && rec[to] === undefined) rec[to] = rec[keys[from % keys.length]!];
      return rec;
    }),
  );

describe('JsonlEncoder writes what JSON.stringify writes', () => {
  it('for arbitrary records', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), (records) => {
        expectSameBytes(encode(records), expected(records));
      }),
      { numRuns: 1500 },
    );
  });

  it('for records holding plain objects of plain values (AdditionalFields), which the encoder writes itself', () => {
    const member = fc.oneof(str, num, fc.boolean(), fc.constantFrom(null, undefined, () => 1, Symbol('s')));
    const bag = fc.array(fc.tuple(str, member), { maxLength: 6 }).map((pairs) => Object.fromEntries(pairs));
    const withBag = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...ASIM_NAMES), str), { maxLength: 4 }), bag).map(([pairs, AdditionalFields]) => ({ ...Object.fromEntries(pairs), AdditionalFields }));
    fc.assert(
      fc.property(fc.array(withBag, { minLength: 1, maxLength: 40 }), (records) => {
        expectSameBytes(encode(records), expected(records));
      }),
      { numRuns: 600 },
    );
  });

  it('for runs of records of a few shapes, with repeated values and aliases', () => {
    fc.assert(
      fc.property(recordRuns, fc.array(fc.nat({ max: 130 }), { maxLength: 5 }), fc.constantFrom(1, 16, 4096), (records, takes, capacity) => {
        expectSameBytes(encode(records, capacity, new Set(takes)), expected(records));
      }),
      { numRuns: 600 },
    );
  });

  it('for long runs of one shape whose values change at every record (the keys it stops comparing)', () => {
    const shape = fc.array(fc.constantFrom(...ASIM_NAMES), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(shape, fc.array(fc.array(fc.oneof(str, num, fc.constantFrom(undefined, 'same', 7)), { minLength: 12, maxLength: 12 }), { minLength: 70, maxLength: 300 }), (keys, rows) => {
        const records = rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]])));
        expectSameBytes(encode(records, 1 << 16), expected(records));
      }),
      { numRuns: 60 },
    );
  });

  it('for records of a shape that has a compiled writer (after its first records), whose values then change in kind, or whose keys change', () => {
    // the first records teach the writer constants and aliases; the later ones break them in any way
    const shapeKeys = fc.uniqueArray(key, { minLength: 1, maxLength: 16 });
    const later = fc.record({
      changes: fc.array(fc.tuple(fc.nat(), fc.oneof(value, fc.constantFrom(undefined, -0, 0, NaN, Infinity, 1e21, -1e-7, 'é', '\u2028', '\ud800', '"', ''))), { maxLength: 4 }),
      alias: fc.option(fc.tuple(fc.nat(), fc.nat())),
      reshape: fc.constantFrom('none', 'none', 'none', 'drop', 'add', 'reorder'),
    });
    fc.assert(
      fc.property(shapeKeys, fc.array(value, { minLength: 16, maxLength: 16 }), fc.array(later, { minLength: 1, maxLength: 60 }), (keys, base, steps) => {
        const make = (values: readonly unknown[]) => Object.fromEntries(keys.map((k, i) => [k, values[i % values.length]]));
        const records: object[] = [];
        for (let i = 0; i < 20; i++) {
          const values = [...base];
          if (keys.length > 2) values[i % keys.length] = i; // one key varies
          if (keys.length > 1) values[keys.length - 1] = values[0]; // the last is an alias of the first
          records.push(make(values));
        }
        for (const { changes, alias, reshape } of steps) {
          const rec: Record<string, unknown> = make(base);
          for (const [i, v] of changes) rec[keys[i % keys.length]!] = v;
          if (alias) rec[keys[alias[1] % keys.length]!] = rec[keys[alias[0] % keys.length]!];
          if (reshape === 'drop') delete rec[keys[changes.length % keys.length]!];
          if (reshape === 'add') rec.AddedLater = 'x';
          records.push(reshape === 'reorder' ? Object.fromEntries(Object.entries(rec).reverse()) : rec);
        }
        expectSameBytes(encode(records, 16, new Set([25, 40])), expected(records));
      }),
      { numRuns: 400 },
    );
  });

  it('for records of a compiled shape holding values JSON.stringify writes its own way', () => {
    const base = { TimeGenerated: '2024-05-01T00:00:34.000Z', EventCount: 1, EventResult: 'Success', SrcIpAddr: '10.0.0.1', Src: '10.0.0.1', NetworkBytes: 5, SrcBytes: 5, AdditionalFields: { a: 1 }, Flag: true, Nothing: null };
    const odd: Record<string, unknown>[] = [
      { EventCount: -0 }, { EventCount: NaN }, { EventCount: Infinity }, { EventCount: -Infinity }, { EventCount: 1e21 }, { EventCount: 2 ** 31 }, { EventCount: -(2 ** 31) }, { EventCount: 0.1 },
      { EventResult: 'Échec' }, { EventResult: 'a "quote"' }, { EventResult: '\ud83d\ude00' }, { EventResult: '\udc00 lone' }, { EventResult: '\u2028\u2029' }, { EventResult: 7 }, { EventResult: undefined },
      { SrcIpAddr: 'fe80::1', Src: 'fe80::1' }, { Src: 'other' }, { SrcIpAddr: undefined, Src: '10.0.0.1' }, { SrcIpAddr: undefined, Src: undefined }, { SrcIpAddr: Symbol.iterator, Src: Symbol.iterator }, { SrcIpAddr: 5, Src: 5 }, { SrcIpAddr: true, Src: true }, { SrcIpAddr: null, Src: null },
      { SrcBytes: -0, NetworkBytes: 0 }, { NetworkBytes: NaN, SrcBytes: NaN }, { SrcBytes: 'five' }, { Flag: false }, { Flag: 'yes' }, { Nothing: 0 }, { Nothing: {} }, { AdditionalFields: [1, { b: 'é' }] },
      { AdditionalFields: undefined }, { TimeGenerated: () => 1 }, { TimeGenerated: Symbol('s') }, { AdditionalFields: new Date(0) }, { AdditionalFields: { toJSON: () => 'replaced' } },
    ];
    const records: object[] = [];
    for (let i = 0; i < 20; i++) records.push({ ...base, NetworkBytes: i, SrcBytes: i });
    for (const change of odd) records.push({ ...base, ...change }, { ...base });
    expectSameBytes(encode(records, 16), expected(records));
  });

  it('after a record of a compiled shape JSON.stringify cannot serialize, throws its error and leaves the earlier bytes as they were', () => {
    const good = { EventType: 'Flow', SrcIpAddr: '10.0.0.1', DstPortNumber: 443 };
    const encoder = new JsonlEncoder(8);
    for (let i = 0; i < 20; i++) encoder.line(good);
    expect(() => encoder.line({ ...good, DstPortNumber: 1n })).toThrow(TypeError);
    encoder.line({ ...good, SrcIpAddr: '10.0.0.2' });
    expectSameBytes(encoder.take(), expected([...Array.from({ length: 20 }, () => good), { ...good, SrcIpAddr: '10.0.0.2' }]));
  });

  it('for records that are not plain objects', () => {
    class Session {
      EventType = 'Flow';
      EventCount = 1;
    }
    const withToJson = { a: 1, toJSON: () => ({ replaced: true }) };
    const inheritsToJson = Object.create({ toJSON: () => 'from the prototype' }) as object;
    const nestedToJson = { a: 1, b: { toJSON: (k: string) => `key ${k}` } };
    const inherits = Object.assign(Object.create({ Inherited: 'not own' }) as object, { Own: 1 });
    const records = [new Session(), withToJson, inheritsToJson, inherits, nestedToJson, [1, 'two', undefined], Object.assign(Object.create(null) as object, { x: 'y' }), {}, { u: undefined }, new Date(0), new Map([[1, 2]])];
    expectSameBytes(encode(records), expected(records));
  });

  it('after a record JSON.stringify cannot serialize, throws its error and leaves the earlier bytes as they were', () => {
    const cyclic: Record<string, unknown> = { EventType: 'Flow' };
    cyclic.self = cyclic;
    const good = { EventType: 'Flow', SrcIpAddr: '10.0.0.1', DstPortNumber: 443 };
    for (const bad of [{ ...good, EventCount: 1n }, cyclic, { ...good, AdditionalFields: { n: 2n } }]) {
      const encoder = new JsonlEncoder(8);
      encoder.line(good);
      expect(() => encoder.line(bad)).toThrow(
        (() => {
          try {
            JSON.stringify(bad);
          } catch (err) {
            return (err as Error).message;
          }
          return 'no error';
        })(),
      );
      encoder.line(good);
      encoder.line({ ...good, SrcIpAddr: '10.0.0.2' });
      expectSameBytes(encoder.take(), expected([good, good, { ...good, SrcIpAddr: '10.0.0.2' }]));
    }
  });

  it("an alias is not copied from its twin's value of an earlier record (the twin left out now, the buffer taken since)", () => {
    const encoder = new JsonlEncoder();
    const learn = { SrcIpAddr: '10.0.0.1', Src: '10.0.0.1' };
    for (let i = 0; i < 5; i++) encoder.line(learn);
    const first = encoder.take();
    encoder.line({ EventType: 'Flow' }); // other bytes where the twin's were
    const later = { SrcIpAddr: undefined, Src: '10.0.0.1' };
    encoder.line(later);
    expectSameBytes(Buffer.concat([first, encoder.take()]), expected([learn, learn, learn, learn, learn, { EventType: 'Flow' }, later]));
  });

  it('a value changed inside a nested object between records is written as it is now', () => {
    const additional: Record<string, unknown> = { a: 1 };
    const records: object[] = [];
    const encoder = new JsonlEncoder();
    for (let i = 0; i < 5; i++) {
      additional.a = i;
      const rec = { EventType: 'Flow', AdditionalFields: additional };
      encoder.line(rec);
      records.push(JSON.parse(JSON.stringify(rec)) as object);
    }
    expectSameBytes(encoder.take(), expected(records));
  });
});

describe('JsonlSink', () => {
  const flows = (n: number): NetworkSession[] =>
    Array.from({ length: n }, (_, i) => ({ TimeGenerated: '2024-05-01T00:00:34.000Z', EventType: 'Flow', SrcIpAddr: `10.0.${i >> 8}.${i & 255}`, DstPortNumber: 443, Src: `10.0.${i >> 8}.${i & 255}`, EventMessage: i % 97 === 0 ? 'a "quoted" é\n' : undefined }) as unknown as NetworkSession);

  it('writes JSON.stringify lines in chunks of 0.5 to 1 MiB, each on an ArrayBuffer of its own', async () => {
    const chunks: Uint8Array[] = [];
    const sink = new JsonlSink({ write: (d) => void chunks.push(d as Uint8Array), close() {} });
    const records = flows(30_000);
    for (let i = 0; i < records.length; i += 256) await sink.write(records.slice(i, i + 256));
    await sink.close();
    expectSameBytes(Buffer.concat(chunks), expected(records));
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1 << 19);
  });

  it("a worker's chunks are transferred with their own ArrayBuffer, holding the same bytes", async () => {
    const sent: { chunk: Uint8Array; transfer: readonly unknown[] }[] = [];
    const sink = createWorkerSink(undefined, async (chunk, transfer) => void sent.push({ chunk: chunk as Uint8Array, transfer: transfer ?? [] }));
    const records = flows(20_000);
    for (let i = 0; i < records.length; i += 256) await sink.write(records.slice(i, i + 256));
    await sink.close();
    for (const { chunk, transfer } of sent) expect(transfer).toEqual([chunk.buffer]);
    expectSameBytes(Buffer.concat(sent.map((s) => s.chunk)), expected(records));
  });
});
