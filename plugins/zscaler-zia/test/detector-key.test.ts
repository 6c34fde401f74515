import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { ZscalerZiaParser } from '../src/parser.js';

// The detector's fast path over ZIA firewall CEF must give, on every line it accepts, exactly the
// key that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new ZscalerZiaParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);
const linesOf = (name: string) => readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');

const ALLOW =
  'Mar  4 09:15:02 zscaler-nss-fw CEF:0|Zscaler|NSSFWlog|5.7|Allow|Allow_HTTPS|3|act=Allow suser=jdoe@corp.example src=10.1.2.3 spt=51514 dst=203.0.113.9 dpt=443 deviceTranslatedAddress=198.51.100.21 deviceTranslatedPort=30123 destinationTranslatedAddress=203.0.113.9 destinationTranslatedPort=443 proto=TCP in=1734 out=19052 rt=Mar 04 09:15:01 deviceDirection=1 cs2=HTTPS cs2Label=nwService cs3=ssl cs3Label=nwApp cs4=No cs4Label=aggregated cn1=486 cn1Label=durationms cn2=1 cn2Label=numsessions';

describe('zscaler-zia fast detector path', () => {
  it('agrees with the full path on every raw fixture, and takes their CEF lines', () => {
    let fast = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.log'))) {
      const optionsFile = name.replace(/\.log$/, '.options.json');
      const options = readdirSync(fixtures).includes(optionsFile) ? (JSON.parse(readFileSync(`${fixtures}/${optionsFile}`, 'utf8')) as Record<string, string>) : {};
      const result = check(linesOf(name), options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThanOrEqual(4);
  });

  it('takes a plain firewall line, with and without the syslog header and rt', () => {
    expect(check([ALLOW, ALLOW.slice(ALLOW.indexOf('CEF:')), ALLOW.replace(' rt=Mar 04 09:15:01', ' epochtime=1709543701')], { timezone: 'Europe/Berlin' })).toEqual({ fast: 3, disagreements: [] });
  });

  it('declines what the full path must decide: other feeds, bad addresses and ranges, repeated keys, JSON', () => {
    const declined = [
      ALLOW.replace('|NSSFWlog|', '|NSSWeblog|'),
      ALLOW.replace('src=10.1.2.3', 'src=10.1.2'),
      ALLOW.replace('deviceTranslatedPort=30123', 'deviceTranslatedPort=9999999999'),
      ALLOW.replace('cn1=486', 'cn1=99999999999'),
      ALLOW.replace('cn2=1', 'cn2=99999999999'),
      ALLOW.replace(' rt=Mar 04 09:15:01', ' epochtime=99999999999999'),
      ALLOW.replace(' rt=Mar 04 09:15:01', ' epochtime=1709543701800'), // ms read as seconds: year 56000, no ASIM datetime
      ALLOW.replace('dpt=443', 'dpt=443 dpt=80'),
      `{"x":1} ${ALLOW}`,
      '',
    ];
    for (const line of declined) expect(check([line]), line).toEqual({ fast: 0, disagreements: [] });
  });

  it('agrees with the full path on random mutations of documented lines (fuzz)', () => {
    const seeds = [ALLOW, ...linesOf('documented-variant1.log'), ...linesOf('documented-variant2-timezone.log')];
    const fragment = fc.constantFrom(
      ' ', '=', '\\', '|', '{', ' dpt=', ' dpt=70000', ' proto=', ' proto=17', ' proto=GRE', ' act=', ' act=Block/Drop', ' act=constructor', ' deviceDirection=0',
      ' deviceDirection=__proto__', ' src=', ' src=None', ' dst=::1', ' rt=', ' rt=Mar 04 10:00:01', ' epochtime=1709543701', ' cn1=', ' cn1=-5', ' cn2=0',
      ' in=', ' out=-5', ' cs3=None', ' cs3Label=NWAPP', ' cs3Label=other', ' deviceTranslatedAddress=0.0.0.0', ' deviceTranslatedPort=-1',
      'NSSFWlog', 'Zscaler', '0', '9', 'é', '\t', '<13>', 'Feb 29 ',
    );
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fragment), { maxLength: 3 }))
      .map(([seed, edits]) => applyEdits(seed, edits));
    let fast = 0;
    fc.assert(
      fc.property(fc.array(mutated, { minLength: 1, maxLength: 5 }), fc.constantFrom<Record<string, string>>({}, { timezone: 'Europe/Berlin' }, { msBytes: 'true' }), (lines, options) => {
        const result = check(lines, options);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(RUNS / 2);
  });
});
