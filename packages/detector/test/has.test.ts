import { describe, expect, it } from 'vitest';
import { evaluate, has, tokenize } from '../src/index.js';
import { ev, rule, summaryOf, wl } from './helpers.js';

const NOW = '2024-05-01T12:07:30Z';

describe('§f.3 KQL has: terms', () => {
  it('splits into maximal ASCII alphanumeric runs, lower-cased, with the separators between them', () => {
    expect(tokenize(' Drop-ICMP  x_1é2')).toEqual({ terms: ['drop', 'icmp', 'x', '1', '2'], seps: ['-', '  ', '_', 'é'] });
    expect(tokenize('* ').terms).toEqual([]);
  });

  it.each([
    ['443', '443', true, 'identical term'],
    ['4430', '443', false, 'no substring matching'],
    ['443', '4430', false, ''],
    [' 443', '443', true, 'spaces separate terms'],
    ['80,8080', '80', true, 'terms are 80 and 8080'],
    ['8000-8100', '8000', true, 'range endpoints are terms'],
    ['8000-8100', '8050', false, 'ranges are not supported'],
    ['*', '443', false, 'no terms'],
    ['', '443', false, 'no terms'],
    ['0443', '443', false, '"0443" ≠ "443"'],
  ])('Ports %j has %j → %s (%s)', (l, r, expected) => {
    expect(has(l, r)).toBe(expected);
  });

  it.each([
    ['Ports " 443" matches port 443', ' 443', 443, true],
    ['Ports "8000-8100" matches 8000', '8000-8100', 8000, true],
    ['Ports "8000-8100" does not match 8050', '8000-8100', 8050, false],
    ['Ports "4430" does not match 443', '4430', 443, false],
    ['Ports "0443" does not match 443', '0443', 443, false],
    ['Ports "*" matches nothing', '*', 23, false],
  ])('through the join: %s', (_title, ports, port, fires) => {
    const r = evaluate(wl(rule({ Ports: ports })), { raw: summaryOf([ev({ DstPortNumber: port })]) }, { now: NOW });
    expect(r.alerts.length).toBe(fires ? 1 : 0);
  });
});

describe('§f.4 Protocol / Direction / Action predicates', () => {
  it.each([
    ['TCP', 'tcp', true, 'case-insensitive'],
    ['tcp', 'TCP', true, 'case-insensitive'],
    ['TCP,UDP', 'UDP', true, 'only after a bypassed split'],
    ['Drop ICMP', 'Drop', true, 'a term of X'],
    ['Drop ICMP', 'Drop ICMP', true, 'phrase'],
    ['Drop', 'Drop ICMP', false, 'phrase longer than X'],
    ['Reset Source', 'Reset', true, ''],
    ['ICMP', 'IPv6-ICMP', false, ''],
    ['IPv6-ICMP', 'IPv6-ICMP', true, ''],
    ['IPv6 ICMP', 'IPv6-ICMP', false, 'separators differ'],
    ['', 'TCP', false, 'X empty has no terms'],
  ])('%j has %j → %s (%s)', (x, y, expected) => {
    expect(has(x, y)).toBe(expected);
  });

  it('only the exact "*" is a wildcard: " *" and "* " fall through to has and never match', () => {
    const records = [ev({ NetworkProtocol: 'TCP' })];
    for (const [cell, fires] of [
      ['*', true],
      [' *', false],
      ['* ', false],
      ['**', false],
    ] as const) {
      const r = evaluate(wl(rule({ Protocol: cell })), { raw: summaryOf(records) }, { now: NOW });
      expect([cell, r.alerts.length]).toEqual([cell, fires ? 1 : 0]);
    }
  });

  it('watchlist Protocol "tcp" matches NetworkProtocol "TCP" and vice versa; the output keeps the data value', () => {
    const r = evaluate(wl(rule({ Protocol: 'tcp', Direction: 'INBOUND', Action: 'allow' })), { raw: summaryOf([ev()]) }, { now: NOW });
    expect(r.alerts.map((a) => [a.NetworkProtocols, a.NetworkDirections, a.DvcActions])).toEqual([[['TCP'], ['Inbound'], ['Allow']]]);
  });

  describe('empty data value (Q1) and the emptyRhsHasMatches switch', () => {
    const records = [ev({ DvcAction: undefined }), ev({ NetworkDirection: null })];
    it('default false: a non-* cell never matches an event lacking that attribute', () => {
      expect(has('Allow', '')).toBe(false);
      const r = evaluate(wl(rule({ Action: 'Allow', Direction: 'Inbound' })), { raw: summaryOf(records) }, { now: NOW });
      expect(r.alerts).toEqual([]);
    });

    it('true: the empty value matches any cell (RHS-tokenizing reading); empty values stay out of the sets', () => {
      expect(has('Allow', '', { emptyRhsHasMatches: true })).toBe(true);
      const r = evaluate(wl(rule({ Action: 'Allow', Direction: 'Inbound' })), { raw: summaryOf(records) }, { now: NOW, emptyRhsHasMatches: true });
      expect(r.alerts.map((a) => [a.Sum, a.NetworkDirections, a.DvcActions])).toEqual([[1, ['Inbound'], ['Allow']]]);
    });

    it('with "*" cells an empty value matches and the set can be empty (§h)', () => {
      const r = evaluate(wl(rule()), { raw: summaryOf([ev({ DvcAction: '' })]) }, { now: NOW });
      expect(r.alerts.map((a) => a.DvcActions)).toEqual([[]]);
    });
  });
});
