import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { CiscoAsaParser } from '../src/parser.js';

// The detector's fast path (decodeDetectorKey) must give, on every line it accepts, exactly the
// key that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CiscoAsaParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);
const linesOf = (name: string) => readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');

const BUILT = '<166>Jun 27 2024 12:17:46 asa-edge %ASA-6-302013: Built outbound TCP connection 11757 for outside:100.66.205.104/80 (100.66.205.104/80) to inside:172.31.98.44/1772 (203.0.113.1/40001)';

describe('cisco-asa fast detector path', () => {
  it('agrees with the full path on every raw fixture, and takes their plain lines', () => {
    let fast = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.log'))) {
      const optionsFile = name.replace(/\.log$/, '.options.json');
      const options = readdirSync(fixtures).includes(optionsFile) ? (JSON.parse(readFileSync(`${fixtures}/${optionsFile}`, 'utf8')) as Record<string, string>) : {};
      const result = check(linesOf(name), options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThan(150);
  });

  it('takes a plain Built line', () => {
    expect(check([BUILT])).toEqual({ fast: 1, disagreements: [] });
  });

  it('takes a line with non-ASCII text as the full path reads it', () => {
    expect(check([BUILT.replace('asa-edge', 'asa-édge').replace('inside:', 'intérieur:')])).toEqual({ fast: 1, disagreements: [] });
  });

  it('declines what the full path must decide: no time, skipped ids, malformed lines, CEF', () => {
    const declined = [
      BUILT.slice(BUILT.indexOf('%')), // no header time: the full path stamps the receive time
      BUILT.replace('302013', '305011'),
      BUILT.replace('Jun 27', 'Jun 45'),
      BUILT.slice(0, 120),
      BUILT.replace('302013', '__proto__'),
      'CEF:0|Cisco|ASA|9.8|106023|Deny|5|src=10.1.1.20 dst=198.51.100.7',
      '',
    ];
    expect(check(declined).fast).toBe(0);
  });

  it('agrees with the full path on random mutations of real and documented lines (fuzz)', () => {
    const seeds = [...linesOf('raw-metron-sample.log'), ...linesOf('messages-documented.log'), ...linesOf('headers-documented.log')];
    const fragment = fc.constantFrom(' ', '  ', '/', ':', '(', ')', 'inbound', 'outbound', 'UTC', ' EDT:', '<13>', '65536', '0', 'icmp', 'protocol 6', 'TCP FINs', 'Unauth Deny', 'from', 'x', 'é', '\t');
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fragment), { maxLength: 3 }))
      .map(([seed, edits]) => applyEdits(seed, edits));
    let fast = 0;
    fc.assert(
      fc.property(fc.array(mutated, { minLength: 1, maxLength: 5 }), fc.constantFrom<Record<string, string>>({}, { timezone: 'Europe/Berlin' }), (lines, options) => {
        const result = check(lines, options);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(RUNS / 2);
  });
});
