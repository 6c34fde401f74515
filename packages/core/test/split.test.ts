import { describe, expect, it } from 'vitest';
import { rangeTargets } from '../src/parallel/split.js';

const MiB = 1 << 20;

/** Range sizes from the cuts `rangeTargets` gives. */
function sizes(size: number, cuts: number[]): number[] {
  return [...cuts, size].map((end, k) => end - (k === 0 ? 0 : cuts[k - 1]!));
}

describe('split: range targets', () => {
  it('a large file: warm-up and measured ranges, then ranges that shrink to the minimum, so the threads finish together', () => {
    const size = 446 * MiB;
    const cuts = rangeTargets(size, 2, 4 * MiB, true);
    const s = sizes(size, cuts);
    expect(s.slice(0, 2)).toEqual([1 * MiB, 3 * MiB]);
    expect(s[2]).toBeGreaterThan(100 * MiB); // a quarter of the rest
    for (let k = 3; k < s.length - 1; k++) expect(s[k]).toBeLessThanOrEqual(s[k - 1]!);
    expect(Math.max(...s.slice(-3))).toBeLessThan(8 * MiB);
    expect(s.length).toBeLessThan(24);
    expect(s.every((n) => n >= 2 * MiB || n === 1 * MiB)).toBe(true);
  });

  it('without calibration, and small files split with a small minimum (tests), still cover the file in growing cuts', () => {
    for (const [size, threads, minRange, calibrate] of [
      [40 * MiB, 2, 4 * MiB, false],
      [40 * MiB, 4, 4 * MiB, true],
      [10_000, 2, 500, true],
      [10_000, 3, 1, false],
      [1, 2, 1, false],
    ] as const) {
      const cuts = rangeTargets(size, threads, minRange, calibrate);
      for (let k = 0; k < cuts.length; k++) expect(cuts[k]).toBeGreaterThan(k === 0 ? 0 : cuts[k - 1]!);
      if (cuts.length > 0) expect(cuts.at(-1)).toBeLessThan(size);
      expect(cuts.length).toBeLessThan(64);
    }
  });
});
