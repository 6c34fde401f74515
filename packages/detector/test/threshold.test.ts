import { describe, expect, it } from 'vitest';
import { evaluate, kqlToInt } from '../src/index.js';
import { ev, rule, summaryOf, wl } from './helpers.js';

const NOW = '2024-05-01T12:07:30Z';
const events = (n: number) => Array.from({ length: n }, (_, i) => ev({ TimeGenerated: `2024-05-01T11:5${i % 10}:30Z` }));

describe('§g toint', () => {
  it.each([
    ['1000', 1000],
    ['+1000', 1000],
    ['-5', -5],
    ['0', 0],
    ['-0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['2147483648', null],
    ['1,000', null],
    ['1e3', null],
    ['abc', null],
    ['', null],
    [' 1000', null],
    ['1000 ', null],
    ['1000.0', null],
    ['1000.7', null],
  ])('strict toint(%j) = %s', (s, v) => {
    expect(kqlToInt(s)).toBe(v);
  });

  it.each([
    [' 1000', 1000],
    ['1000.7', 1000],
    ['-1000.7', -1000],
    ['.5', 0],
    ['1,000', null],
    ['1e3', null],
  ])('lenient toint(%j) = %s', (s, v) => {
    expect(kqlToInt(s, 'lenient')).toBe(v);
  });
});

describe('§g strict Sum > Threshold', () => {
  it('Sum = Threshold does not fire; Sum = Threshold + 1 fires', () => {
    const w = wl(rule({ Threshold: '3' }));
    expect(evaluate(w, { raw: summaryOf(events(3)) }, { now: NOW }).alerts).toEqual([]);
    const r = evaluate(w, { raw: summaryOf(events(4)) }, { now: NOW });
    expect(r.alerts.map((a) => [a.Sum, a.Threshold])).toEqual([[4, 3]]);
  });

  it('Threshold 0 fires on a single session; a negative threshold fires too', () => {
    expect(evaluate(wl(rule({ Threshold: '0' })), { raw: summaryOf(events(1)) }, { now: NOW }).alerts).toHaveLength(1);
    expect(evaluate(wl(rule({ Threshold: '-5' })), { raw: summaryOf(events(1)) }, { now: NOW }).alerts).toHaveLength(1);
  });

  it.each(['', 'abc', '1,000', '1e3', '2147483648', ' 0', '0.0'])('a null threshold (%j) never fires, however large the Sum', (t) => {
    expect(evaluate(wl(rule({ Threshold: t })), { raw: summaryOf(events(50)) }, { now: NOW }).alerts).toEqual([]);
  });

  it('the threshold is tested per (port, protocol, direction, action), not per port (§f.1)', () => {
    const recs = [
      ...Array.from({ length: 6 }, () => ev({ NetworkDirection: 'Inbound' })),
      ...Array.from({ length: 6 }, () => ev({ NetworkDirection: 'Outbound' })),
    ];
    expect(evaluate(wl(rule({ Threshold: '10' })), { raw: summaryOf(recs) }, { now: NOW }).alerts).toEqual([]);
    expect(evaluate(wl(rule({ Threshold: '5' })), { raw: summaryOf(recs) }, { now: NOW }).alerts.map((a) => a.NetworkDirections)).toEqual([['Inbound', 'Outbound']]);
  });

  it('DstAppName is merged away before the threshold (§f.1)', () => {
    const recs = [ev({ DstAppName: 'a' }), ev({ DstAppName: 'b' }), ev({ DstAppName: '' })];
    expect(evaluate(wl(rule({ Threshold: '2' })), { raw: summaryOf(recs) }, { now: NOW }).alerts.map((a) => a.Sum)).toEqual([3]);
  });
});
