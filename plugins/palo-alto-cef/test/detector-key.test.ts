import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { PaloAltoCefParser } from '../src/parser.js';

// The detector's fast path over PAN-OS CEF must give, on every line it accepts, exactly the key
// that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new PaloAltoCefParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);
const linesOf = (name: string) => readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');

const TRAFFIC =
  '<14>Mar  4 10:00:01 PA-FW-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=1709546401000 deviceExternalId=007051000054321 src=10.0.1.5 dst=198.51.100.7 sourceTranslatedAddress=0.0.0.0 destinationTranslatedAddress=0.0.0.0 cs1Label=Rule cs1=rule-1 suser= duser= app=ssl cs4Label=Source Zone cs4=trust cs5Label=Destination Zone cs5=untrust cn1Label=SessionID cn1=12 cnt=1 spt=51544 dpt=443 sourceTranslatedPort=0 destinationTranslatedPort=0 proto=tcp act=allow flexNumber1Label=Total bytes flexNumber1=5000 in=3000 out=2000 cn2Label=Packets cn2=10 PanOSPacketsReceived=5 PanOSPacketsSent=5 cn3Label=Elapsed time in seconds cn3=4 externalId=7380001 reason=tcp-fin dvchost=PA-FW-01 cat=from-policy';

describe('palo-alto-cef fast detector path', () => {
  it('agrees with the full path on every CEF fixture, and takes their TRAFFIC lines', () => {
    let fast = 0;
    for (const name of readdirSync(fixtures).filter((f) => /\.(log|cef)$/.test(f))) {
      const optionsFile = name.replace(/\.(log|cef)$/, '.options.json');
      const options = readdirSync(fixtures).includes(optionsFile) ? (JSON.parse(readFileSync(`${fixtures}/${optionsFile}`, 'utf8')) as Record<string, string>) : {};
      const result = check(linesOf(name), options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThanOrEqual(9);
  });

  it('takes a plain TRAFFIC line, with and without the syslog header, in any timezone', () => {
    expect(check([TRAFFIC, TRAFFIC.slice(TRAFFIC.indexOf('CEF:'))])).toEqual({ fast: 2, disagreements: [] });
    const yearless = TRAFFIC.replace('rt=1709546401000', 'rt=Mar 04 10:00:01').replace('cn3=4', 'cn3=4 start=Mar 04 2024 09:59:57 PanOSSessionStartTime=2024/03/04 09:59:57');
    expect(check([yearless], { timezone: 'Europe/Berlin' })).toEqual({ fast: 1, disagreements: [] });
    expect(check([TRAFFIC.replace('cn3=4', 'cn3=4 PanOSTimeGeneratedHighResolution=2024-03-04T10:00:01.123+01:00')])).toEqual({ fast: 1, disagreements: [] });
  });

  it('an elapsed time NetworkDuration cannot hold (over 24.8 days) is left out of the record and kept in AdditionalFields; both paths count it (a fuzz case threw "Invalid time value")', () => {
    for (const cn3 of ['4000000', '999999999999999', '-999999999999999']) expect(check([TRAFFIC.replace('cn3=4', `cn3=${cn3}`)]), cn3).toEqual({ fast: 1, disagreements: [] });
    const out: unknown[] = [];
    const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2000-01-01T00:00:00.000Z' };
    parser.createDecoder(ctx as never).decode(TRAFFIC.replace('cn3=4', 'cn3=999999999999999'), { row: (row) => out.push(parser.map(row as never, ctx as never)), skip: () => {} });
    const r = out[0] as Record<string, unknown>;
    expect(r.NetworkDuration).toBeUndefined();
    expect(r.EventStartTime).toBe(r.EventEndTime);
    expect(r.AdditionalFields).toMatchObject({ ElapsedSeconds: 999999999999999 });
  });

  it('declines what the full path must decide: other logs, bad addresses and counts, repeated keys, no CEF', () => {
    const declined = [
      TRAFFIC.replace('|end|TRAFFIC|', '|url|THREAT|'),
      TRAFFIC.replace('|Palo Alto Networks|', '|Fortinet|'),
      TRAFFIC.replace('src=10.0.1.5', 'src=10.0.1.500'),
      TRAFFIC.replace('destinationTranslatedAddress=0.0.0.0', 'destinationTranslatedAddress=nat-pool'),
      TRAFFIC.replace('flexNumber1=5000 in=3000 out=2000', 'in=9007199254740000 out=9007199254740000'),
      TRAFFIC.replace('dpt=443', 'dpt=443 dpt=80'),
      TRAFFIC.replace('CEF:0', 'CEF:7'),
      '1,2024/03/04 10:00:01,007051000054321,TRAFFIC,end',
      '',
    ];
    for (const line of declined) expect(check([line]), line).toEqual({ fast: 0, disagreements: [] });
    // the claim is decided once per header: a line of another vendor between two of PAN-OS is declined
    expect(check([TRAFFIC, TRAFFIC.replace('|Palo Alto Networks|', '|Fortinet|'), TRAFFIC, TRAFFIC.replace('|PAN-OS|', '|pan-os|')])).toEqual({ fast: 3, disagreements: [] });
  });

  it('agrees with the full path on random mutations of documented lines (fuzz)', () => {
    const seeds = [TRAFFIC, ...linesOf('documented-cef-traffic.log'), ...linesOf('documented-cef-ms-bytes.log')];
    const fragment = fc.constantFrom(
      ' ', '=', '\\', '|', ' dpt=', ' dpt=70000', ' proto=', ' proto=6', ' proto=gre', ' act=', ' act=drop', ' act=reset-both', ' act=__proto__',
      ' src=', ' dst=::1', ' rt=', ' rt=Mar 04 10:00:01', ' start=', ' start=Mar 04 2024 09:59:57 GMT', ' cn3=', ' cn3=-1', ' in=', ' out=-5',
      ' flexNumber1=99999999999', ' PanOSPacketsSent=x', ' PanOSTimeGeneratedHighResolution=2024-03-04T10:00:01.5Z', ' PanOSSessionStartTime=2024/03/04 09:00:00',
      'TRAFFIC', 'THREAT', '0', '9', 'é', '\t', '<13>', 'Feb 29 ',
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
