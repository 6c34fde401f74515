import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLineDisagreements } from '@asimkit/sdk/testkit';
import { AwsVpcFlowParser } from '../src/parser.js';
import { rawFixtures, V2_HEADER, V2_LINE, V5_HEADER, V5_LINE } from './lines.js';

// The JSON-lines fast path of normalize (encodeJsonLines) must write, for every line it takes,
// exactly JSON.stringify of the record decode + map give; anything else it declines.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const parser = new AwsVpcFlowParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => jsonLineDisagreements(parser, lines, options);

describe('aws-vpc-flow JSON-lines fast path', () => {
  it('agrees with the full path on every raw fixture, and writes their plain default-format lines', () => {
    let fast = 0;
    for (const { name, lines, options } of rawFixtures()) {
      const result = check(lines, options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThan(10);
  });

  it('writes both actions, and declines what the full path must decide', () => {
    const declined = [
      V2_HEADER,
      V2_LINE.replace(' OK', ' NODATA'),
      V2_LINE.replace(' 22 ', ' 022 '), // a leading zero: the record holds 22
      V2_LINE.replace('172.31.16.139', '2001:db8::1'),
      V2_LINE.replace(' 6 ', ' 300 '),
      V2_LINE.replace(' 4249 ', ' 9999999999999999 '), // not a safe integer: rejected
      V2_LINE.replace('1418530070', '1418530000'), // ends before it starts: no duration
      V2_LINE.replace('123456789010', 'acc"ount'),
      V2_LINE.replace('eni-1235b8ca123456789', 'eni-\u00e9'),
      V2_LINE.replace('eni-1235b8ca123456789', '-'),
      `${V2_LINE} `,
      V2_LINE.replace(' ', '  '),
    ];
    const lines = [V2_LINE, V2_LINE.replace('ACCEPT', 'REJECT'), ...declined];
    expect(check(lines)).toEqual({ fast: 2, disagreements: [] });
  });

  it('follows a header line that changes the field order mid-stream, and comes back with the default one', () => {
    const result = check([V2_LINE, V5_HEADER, V5_LINE, V5_LINE, V2_HEADER, V2_LINE]);
    expect(result).toEqual({ fast: 2, disagreements: [] });
  });

  it('agrees with the full path on random mutations of v2 lines (fuzz)', () => {
    const tokenEdits = fc.constantFrom(
      '-', '', '0', '00', '007', '65535', '65536', '255', '256', '999999999999999', '9999999999999999', '2147483647', '2147483648',
      '253402300799', '253402300800', '1418532217', '1e3', '+5', '-5', ' ', 'OK', 'NODATA', 'SKIPDATA', 'ACCEPT', 'REJECT', 'accept',
      'é', 'a"b', 'a\\b', '\t', '999.1.1.1', '10.0.0', '1.2.3.04', '0.0.0.0', '255.255.255.255', '::1', '2001:db8::1', 'eni-0', 'x',
    );
    const edit = (line: string, edits: [number, string][]) => {
      const tokens = line.split(' ');
      for (const [at, value] of edits) tokens[at % tokens.length] = value;
      return tokens.join(' ');
    };
    const linesEdits = fc.array(fc.array(fc.tuple(fc.nat(), tokenEdits), { maxLength: 3 }), { minLength: 1, maxLength: 8 });
    let fast = 0;
    fc.assert(
      fc.property(fc.constantFrom([V2_HEADER], [], [V5_HEADER, V5_LINE, V2_HEADER]), linesEdits, (head, edits) => {
        const result = check([...head, ...edits.map((e) => edit(V2_LINE, e))]);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(100);
  });

  it('writes times of any second, ports and counts of any length, and every protocol number (fuzz)', () => {
    const line = fc
      .record({
        version: fc.nat(MAX_INT32),
        src: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')),
        ports: fc.tuple(fc.nat(MAX_INT32), fc.nat(65535)),
        protocol: fc.nat(255),
        counts: fc.tuple(fc.nat(Number.MAX_SAFE_INTEGER), fc.nat(Number.MAX_SAFE_INTEGER)),
        start: fc.nat(253402300799),
        seconds: fc.nat(2200000),
        action: fc.constantFrom('ACCEPT', 'REJECT'),
      })
      .map((r) => `${r.version} 123456789010 eni-1235b8ca123456789 ${r.src} 10.0.0.1 ${r.ports[0]} ${r.ports[1]} ${r.protocol} ${r.counts[0]} ${r.counts[1]} ${r.start} ${r.start + r.seconds} ${r.action} OK`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        expect(check(lines).disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

const MAX_INT32 = 2147483647;
