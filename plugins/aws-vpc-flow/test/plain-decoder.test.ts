// Property: the compiled plain-line decoder gives, for every line, the rows, skips and rejections
// (with their reasons) that reading the line token by token gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VpcFlowDecoder } from '../src/decoder.js';
import { V2_HEADER, V2_LINE, V5_HEADER, V5_LINE } from './lines.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

/** A format naming a column twice: its rows are built key by key. */
const TWICE_HEADER = 'version srcaddr dstaddr dstport protocol start end action srcaddr log-status';
const TWICE_LINE = '2 10.0.0.1 10.0.0.2 443 6 1418530010 1418530070 REJECT - OK';

/** Every line's outcome: its row (keys in order), its skip reason, or its rejection's code and message. */
function outcomes(decoder: VpcFlowDecoder, lines: readonly string[]): unknown[] {
  return lines.map((line) => {
    const seen: unknown[] = [];
    try {
      decoder.decode(line, { row: (r) => void seen.push({ row: r, keys: Object.keys(r) }), skip: (why) => void seen.push({ skip: why }), reject: (code, why) => void seen.push({ code, why }) });
    } catch (err) {
      seen.push({ thrown: String(err), code: (err as { code?: string }).code });
    }
    return seen;
  });
}

/** A decoder that reads every line token by token: its plain path declines them all. */
function tokenByToken(): VpcFlowDecoder {
  const decoder = new VpcFlowDecoder(undefined);
  const useHeader = (decoder as unknown as { useHeader: (t: string[]) => void }).useHeader.bind(decoder);
  const declineAll = (d: VpcFlowDecoder) => ((d as unknown as { plain: () => undefined }).plain = () => undefined);
  declineAll(decoder);
  (decoder as unknown as { useHeader: (t: string[]) => void }).useHeader = (tokens) => {
    useHeader(tokens);
    declineAll(decoder);
  };
  return decoder;
}

const tokenEdits = fc.constantFrom(
  '-', '', '0', '007', '65535', '2147483647', '2147483648', '999999999999999', '9999999999999999', '8640000000000', '8640000000001',
  '1e3', '+5', '-5', ' ', '  ', 'OK', 'NODATA', 'SKIPDATA', 'ACCEPT', 'REJECT', 'ACCEPTED', 'IPv4', 'IPv6', 'ingress', 'egress', 'S3',
  'é', '\t', '999.1.1.1', '10.0.0', '1.2.3.04', '::1', '2001:db8::1', 'fe80::1%eth0', 'hello', '٣',
);
const edit = (line: string, edits: [number, string][]) => {
  const tokens = line.split(' ');
  for (const [at, value] of edits) tokens[at % (tokens.length + 1)] = value; // one past the end adds a token
  return tokens.join(' ');
};

describe('aws-vpc-flow plain-line decoder', () => {
  it('agrees with reading token by token on random mutations of v2, v5 and repeated-column lines (fuzz)', () => {
    const linesEdits = fc.array(fc.array(fc.tuple(fc.nat(), tokenEdits), { maxLength: 3 }), { minLength: 1, maxLength: 6 });
    let rows = 0;
    fc.assert(
      fc.property(fc.constantFrom([V2_HEADER, V2_LINE], [V5_HEADER, V5_LINE], [TWICE_HEADER, TWICE_LINE], ['', V2_LINE]), linesEdits, ([header, line], edits) => {
        const lines = [...(header ? [header] : []), line, ...edits.map((e) => edit(line, e))];
        const plain = outcomes(new VpcFlowDecoder(undefined), lines);
        expect(plain).toEqual(outcomes(tokenByToken(), lines));
        rows += plain.filter((o) => (o as unknown[]).some((x) => 'row' in (x as object))).length;
      }),
      { numRuns: RUNS },
    );
    expect(rows).toBeGreaterThan(RUNS);
  });
});
