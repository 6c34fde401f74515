import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIsoMillis, EpochIsoCache, epochMillisToIso, IsoMillisCache } from '../src/values.js';

describe('epochMillisToIso', () => {
  const reference = (ms: number) => {
    try {
      return new Date(ms).toISOString();
    } catch (err) {
      return err;
    }
  };
  const ours = (ms: number) => {
    try {
      return epochMillisToIso(ms);
    } catch (err) {
      return err;
    }
  };

  it('writes exactly what Date#toISOString writes, for any time a Date holds', () => {
    const instants = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -1e16, max: 1e16 }),
    );
    // consecutive times share a day, as a stream's do: the cached date part must follow them
    fc.assert(
      fc.property(fc.array(instants, { minLength: 1, maxLength: 8 }), (times) => {
        for (const ms of times) expect(ours(ms)).toEqual(reference(ms));
      }),
    );
  });

  it('for times that take turns among days, as the times of one record from a syslog header and a UTC epoch do', () => {
    const days = fc.array(fc.integer({ min: 0, max: 2_932_896 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(days, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (dayNumbers, picks) => {
        for (const pick of picks) {
          const ms = dayNumbers[pick % dayNumbers.length]! * 86_400_000 + (pick % 86_400_000);
          expect(ours(ms)).toEqual(reference(ms));
        }
      }),
    );
  });

  it('at the edges: day and year boundaries, the epoch, the year 10000, no date at all', () => {
    for (const ms of [0, -0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, 8.64e15, 8.64e15 + 1, 0.5, Number.NaN, Infinity]) {
      expect(ours(ms)).toEqual(reference(ms));
    }
  });
});

describe('canonicalIsoMillis and IsoMillisCache', () => {
  const parse = (s: string) => {
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? undefined : ms;
  };

  it('give what Date.parse gives for toISOString text, and leave it any text it reads otherwise', () => {
    const text = fc.oneof(
      fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
      // a canonical time with one character replaced, and out-of-range fields (24:00, 30 February)
      fc
        .tuple(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.nat({ max: 23 }), fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '9', ':', '-', 'T', '.', 'Z', 'x', ' '))
        .map(([ms, i, c]) => {
          const s = new Date(ms).toISOString();
          return s.slice(0, i) + c + s.slice(i + 1);
        }),
      fc.constantFrom('2024-02-30T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2024-05-01T24:00:00.000Z', '0000-01-01T00:00:00.000Z', '0000-02-29T12:00:00.000Z', '1969-12-31T23:59:59.999Z', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000+01:00'),
      fc.string({ maxLength: 26 }),
    );
    const cache = new IsoMillisCache();
    fc.assert(
      fc.property(text, (s) => {
        const fast = canonicalIsoMillis(s);
        if (fast !== undefined) expect(fast).toBe(parse(s));
        expect(cache.millis(s)).toEqual(Date.parse(s));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('EpochIsoCache', () => {
  it('gives epochMillisToIso of the second, for seconds near each other and far apart', () => {
    const cache = new EpochIsoCache();
    const second = fc.oneof(fc.integer({ min: 1_714_521_600, max: 1_714_521_600 + 20_000 }), fc.integer({ min: 0, max: 253_402_300_799 }), fc.constantFrom(0, 8192, 16384, 1_714_521_600 + 8192));
    fc.assert(
      fc.property(fc.array(second, { minLength: 1, maxLength: 50 }), (seconds) => {
        for (const s of seconds) expect(cache.iso(s)).toBe(epochMillisToIso(s * 1000));
      }),
    );
  });
});
