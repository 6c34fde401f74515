import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMillisToIso } from '../src/values.js';

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

  it('at the edges: day and year boundaries, the epoch, the year 10000, no date at all', () => {
    for (const ms of [0, -0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, 8.64e15, 8.64e15 + 1, 0.5, Number.NaN, Infinity]) {
      expect(ours(ms)).toEqual(reference(ms));
    }
  });
});
