import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { compileKeyDecoder, keyLayout } from '../src/detector-key.js';
import { scannerExports } from '../src/key-scanner.js';
import { DEFAULT_FORMAT, parseFormat, rawFieldsFor } from '../src/format.js';
import { AwsVpcFlowParser } from '../src/parser.js';
import { VpcFlowDecoder } from '../src/decoder.js';
import { DETECTOR_FIELDS, emptyDetectorKey } from '@asimkit/schema';
import { rawFixtures, V2_HEADER, V2_LINE, V5_HEADER, V5_LINE } from './lines.js';

// The detector's fast path (decodeDetectorKey) must give, on every line it accepts, exactly the
// key that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const parser = new AwsVpcFlowParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);


describe('aws-vpc-flow fast detector path', () => {
  it('compiles one key decoder per field order and thread, which every stream of that order shares', () => {
    // one per stream started cold in every file and every byte range a worker read, and deoptimized its callers
    const layoutOf = (format: string) => {
      const fields = parseFormat(format);
      return keyLayout(fields, fields.map((f) => ['start', 'end', 'dstport', 'protocol', 'action'].includes(f.name)))!;
    };
    const decodeKey = compileKeyDecoder(layoutOf(DEFAULT_FORMAT));
    expect(compileKeyDecoder(layoutOf(DEFAULT_FORMAT))).toBe(decodeKey);
    expect(compileKeyDecoder(layoutOf(V5_HEADER))).not.toBe(decodeKey);
  });

  it('agrees with the full path on every raw fixture, and takes their plain lines', () => {
    let fast = 0;
    for (const { name, lines, options } of rawFixtures()) {
      const result = check(lines, options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThan(20);
  });

  it('reads batches in WebAssembly, and leaves a line too long for its scratch space to the JavaScript decoder', () => {
    // without the built module the JavaScript decoder serves alone, at ~1.5× the cost a line
    expect(scannerExports()).toBeDefined();
    const long = V2_LINE.replace(/ eni-\S+ /, ` eni-${'a'.repeat(1100)} `);
    expect(Buffer.byteLength(long)).toBeGreaterThan(1024);
    expect(check([V2_HEADER, long, V2_LINE, long.replace(' OK', ' NODATA')])).toEqual({ fast: 2, disagreements: [] });
  });

  it('skips NODATA and SKIPDATA lines of a batch with the full path\'s reasons, unless a token is invalid', () => {
    // real exports hold a NODATA record per idle interface and interval; through the full path each
    // cost ~10× a counted line (2M lines, 30 % NODATA: 1.24 s against 0.78 s without them)
    const nodata = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1418530010 1418530070 - NODATA';
    const lines = [V2_LINE, nodata, V2_LINE.replace(' OK', ' SKIPDATA'), nodata.replace('1418530010 1418530070', '- -'), V2_LINE.replace('172.31.16.139', '999.1.1.1').replace(' OK', ' NODATA')];
    const decoder = new VpcFlowDecoder(undefined, rawFieldsFor(new Set(DETECTOR_FIELDS)));
    const bytes = Buffer.from(lines.join('\n'));
    const spans = new Int32Array(2 * lines.length);
    lines.reduce((at, line, j) => (spans.set([at, at + line.length], 2 * j), at + line.length + 1), 0);
    // by line: the lines taken in columns may come after the others
    const outcomes: string[] = [];
    decoder.decodeDetectorKeys(bytes, spans, lines.length, emptyDetectorKey(), {
      take: () => void outcomes.push('taken one by one'),
      takeColumns: (columns, first, count) => {
        for (let i = 0; i < count; i++) if (columns.combination[i]! >= 0) outcomes[first + i] = 'taken';
      },
      skip: (j, reason) => void (outcomes[j] = `skipped ${j}: ${reason}`),
      decline: (j) => void (outcomes[j] = `declined ${j}`),
    });
    expect(outcomes).toEqual([
      'taken',
      'skipped 1: log-status NODATA (no traffic in the interval)',
      'skipped 2: log-status SKIPDATA (AWS skipped records; flows were lost)',
      'skipped 3: log-status NODATA (no traffic in the interval)',
      'declined 4', // the full path rejects its address before it reads the status
    ]);
    expect(check(lines).disagreements).toEqual([]);
  });

  it('gives the key of a plain v2 line, and of a v5 line with a direction and an AWS service', () => {
    expect(check([V2_HEADER, V2_LINE])).toEqual({ fast: 1, disagreements: [] });
    expect(check([V5_HEADER, V5_LINE])).toEqual({ fast: 1, disagreements: [] });
  });

  it('declines what the full path must decide: headers, NODATA, "-" times, odd numbers, bad enums, extra spaces', () => {
    const declined = [
      V2_HEADER,
      V2_LINE.replace(' OK', ' NODATA'),
      V2_LINE.replace('1418530010 1418530070', '- -'),
      V2_LINE.replace(' 22 6 ', ' +22 6 '),
      V2_LINE.replace(' 22 6 ', ' 0x16 6 '),
      V2_LINE.replace('ACCEPT', 'ALLOW'),
      V2_LINE.replace(' 6 20 ', ' 6  20 '),
      `${V2_LINE} `,
      V2_LINE.replace(' OK', ''),
      `${V2_LINE} extra`,
      '',
    ];
    expect(check(declined).fast).toBe(0);
  });

  it('agrees with the full path on random mutations of v2 and v5 lines (fuzz)', () => {
    const tokenEdits = fc.constantFrom('-', '', '0', '007', '65535', '65536', '999999999999999', '9999999999999999', '253402300799', '253402300800', '1e3', '+5', '-5', ' ', 'OK', 'NODATA', 'SKIPDATA', 'ACCEPT', 'REJECT', 'ingress', 'egress', 'S3', 'é', 'AMAZON\r', '\t', '999.1.1.1', 'hello', '10.0.0', '1.2.3.04', '::1', '2001:db8::1', '4294967296', '2147483648');
    const edit = (line: string, edits: [number, string][]) => {
      const tokens = line.split(' ');
      for (const [at, value] of edits) tokens[at % tokens.length] = value;
      return tokens.join(' ');
    };
    const linesEdits = fc.array(fc.array(fc.tuple(fc.nat(), tokenEdits), { maxLength: 3 }), { minLength: 1, maxLength: 6 });
    let fast = 0;
    fc.assert(
      fc.property(fc.constantFrom([V2_HEADER, V2_LINE], [V5_HEADER, V5_LINE]), linesEdits, ([header, line], edits) => {
        const result = check([header, ...edits.map((e) => edit(line, e))]);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(100);
  });

  it('checks addresses as the full path does: dotted quads of 0-255 without leading zeros (fuzz)', () => {
    // the scanner checks every part of an address at once, on bit masks: each rule gets edge parts
    // mostly valid parts, so that whole addresses are valid often enough
    const part = fc.oneof(
      { arbitrary: fc.nat(255).map(String), weight: 12 },
      fc.constantFrom('0', '00', '01', '010', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256', '259', '260', '299', '300', '999', '1000', '0255', ''),
      fc.nat(1100).map(String),
      fc.constantFrom('a', '-', '/', ':', '2\u00e9', ' '),
    );
    const address = fc.oneof(
      fc.array(part, { minLength: 4, maxLength: 4 }).map((parts) => parts.join('.')),
      fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
      fc.tuple(fc.array(part, { minLength: 4, maxLength: 4 }), fc.constantFrom('..', '.', '')).map(([parts, extra]) => parts.join('.') + extra),
    );
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(address, address), { minLength: 1, maxLength: 8 }), (pairs) => {
        const lines = pairs.map(([src, dst]) => V2_LINE.replace('172.31.16.139 172.31.16.21', `${src} ${dst}`));
        const result = check([V2_HEADER, ...lines]);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(50);
  });

  it('follows a header line that changes the field order mid-stream', () => {
    const result = check([V2_HEADER, V2_LINE, V5_HEADER, V5_LINE, V2_HEADER, V2_LINE]);
    expect(result).toEqual({ fast: 3, disagreements: [] });
  });

  it('is off without the detector projection: the decoder then validates every field', () => {
    const decoder = parser.createDecoder({ options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' });
    const bytes = Buffer.from(V2_LINE);
    expect(decoder.decodeDetectorKey!(bytes, 0, bytes.length, { timeMs: 0, NetworkProtocol: '', DstPortNumber: null, DstAppName: '', NetworkDirection: '', DvcAction: '' })).toBe(false);
  });
});
