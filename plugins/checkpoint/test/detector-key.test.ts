import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { CheckPointParser } from '../src/parser.js';

// The detector's fast path over Check Point CEF must give, on every line it accepts, exactly the
// key that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CheckPointParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);
const linesOf = (name: string) => readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');

const ACCEPT =
  '<134>1 2024-03-04T10:00:01Z gw-01 CheckPoint 2014 - CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept deviceDirection=1 rt=1709546401000 src=10.0.1.5 spt=51514 dst=198.51.100.7 dpt=443 proto=6 cn2Label=Duration in Seconds cn2=12 conn_direction=Outgoing inzone=Internal outzone=External sourceTranslatedAddress=203.0.113.4 sourceTranslatedPort=40001 origin=10.0.0.1 service_id=https';

describe('checkpoint fast detector path', () => {
  it('agrees with the full path on every raw fixture, and takes their CEF lines', () => {
    const cef = check(linesOf('cef-log-exporter-documented.log'));
    expect(cef.disagreements).toEqual([]);
    expect(cef.fast).toBeGreaterThanOrEqual(1);
    expect(check(linesOf('native-syslog-documented.log'))).toEqual({ fast: 0, disagreements: [] });
  });

  it('takes a plain Log Exporter line, with and without the syslog header and rt', () => {
    expect(check([ACCEPT, ACCEPT.slice(ACCEPT.indexOf('CEF:')), ACCEPT.replace('rt=1709546401000 ', '')], { timezone: 'Europe/Berlin' })).toEqual({ fast: 3, disagreements: [] });
  });

  it('declines what the full path must decide: other blades, bad addresses and ranges, repeated keys, no time', () => {
    const declined = [
      ACCEPT.replace('|VPN-1 & FireWall-1|', '|SmartDefense|'),
      ACCEPT.replace('src=10.0.1.5', 'src=gw-internal'),
      ACCEPT.replace('sourceTranslatedAddress=203.0.113.4', 'sourceTranslatedAddress=pool'),
      ACCEPT.replace('cn2=12', 'cn2=9999999999'),
      ACCEPT.replace('cn2Label=Duration in Seconds cn2=12', 'cn3Label=ICMP Code cn3=9999999999'),
      ACCEPT.replace('dpt=443', 'dpt=443 dpt=80'),
      ACCEPT.slice(ACCEPT.indexOf('CEF:')).replace('rt=1709546401000 ', ''),
      '',
    ];
    for (const line of declined) expect(check([line]), line).toEqual({ fast: 0, disagreements: [] });
  });

  it('agrees with the full path on random mutations of documented lines (fuzz)', () => {
    const seeds = [ACCEPT, ...linesOf('cef-log-exporter-documented.log'), ...linesOf('native-syslog-documented.log')];
    const fragment = fc.constantFrom(
      ' ', '=', '\\', '|', ' dpt=', ' dpt=70000', ' proto=', ' proto=17', ' proto=tcp', ' proto=999', ' act=', ' act=Drop', ' act=constructor', ' act=Key Install',
      ' conn_direction=Incoming', ' conn_direction=toString', ' inzone=Local', ' outzone=Internal', ' src=', ' dst=::1', ' c6a2Label=Source IPv6 Address c6a2=::2',
      ' rt=', ' rt=Mar 04 2024 10:00:01', ' cn1Label=Elapsed Time in Seconds cn1=5', ' cn2=-3', ' cn3Label=ICMP Code cn3=3',
      ' sourceTranslatedAddress=0.0.0.0', 'Check Point', 'Firewall', '0', '9', 'é', '\t', '<13>', 'Feb 29 ',
    );
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
    expect(fast).toBeGreaterThan(RUNS / 3);
  });
});
