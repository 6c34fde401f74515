import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { CorelightParser } from '../src/parser.js';

// The detector's fast path over Zeek TSV (decodeDetectorKey) must give, on every line it accepts,
// exactly the key that decode + map give; on anything else it declines and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CorelightParser();
const check = (lines: readonly string[]) => detectorKeyDisagreements(parser, lines);
const linesOf = (name: string) => readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');

const basic = linesOf('derived-zeek-btest-opt-basic.log');
const HEADER = basic.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
const DATA = [...basic, ...linesOf('derived-zeek-btest-teredo.log'), ...linesOf('zeek-tsv-documented.log').slice(8, 14)].filter((l) => !l.startsWith('#'));

describe('corelight fast detector path', () => {
  it('agrees with the full path on every TSV fixture, and takes their plain lines', () => {
    let fast = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.log'))) {
      const result = check(linesOf(name));
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThan(60);
  });

  it('takes plain TCP, UDP, ICMP and ICMPv6 lines, IPv4 and IPv6', () => {
    const teredo = linesOf('derived-zeek-btest-teredo.log');
    expect(check(teredo).fast).toBe(teredo.filter((l) => !l.startsWith('#')).length);
  });

  it('declines what the full path must decide: headers, other logs, masked or ISO times, escapes, bad words and numbers', () => {
    const line = DATA[3]!;
    const tokens = line.split('\t');
    const edit = (at: number, value: string) => tokens.map((t, i) => (i === at ? value : t)).join('\t');
    const declined = [
      edit(0, 'XXXXXXXXXX.XXXXXX'),
      edit(0, '2024-01-01T00:00:00Z'),
      edit(0, '-'),
      edit(2, '141.142.220.0118'),
      edit(4, 'not-an-ip'),
      edit(5, '65536'),
      edit(5, '+53'),
      edit(6, 'sctp'),
      edit(6, 'UDP'),
      edit(12, 'true'),
      edit(13, '(empty)'),
      edit(21, '17\r'),
      `${line}\textra`,
      tokens.slice(0, -1).join('\t'),
    ];
    expect(check([...HEADER, ...declined]).fast).toBe(0);
    expect(check([...HEADER.map((h) => h.replace('#path\tconn', '#path\tdns')), line]).fast).toBe(0);
    expect(check([line]).fast).toBe(0); // no header yet
  });

  it('agrees with the full path on random mutations of conn lines (fuzz)', () => {
    const token = fc.oneof(
      fc.constantFrom('-', '(empty)', '', '0', '00', '65535', '65536', '6', '58', '1', 'T', 'F', 't', 'tcp', 'udp', 'icmp', 'unknown_transport',
        '::1', '10.0.0.1', '010.0.0.1', '256.1.1.1', '1.2.3', 'fe80::1%eth0', '2001:db8::1', '1719792000', '1719792000.5', '1719792000.123456789',
        '253402300799.999', '253402300800', '.5', '5.', '\\x41', 'é', '9999999999999999'),
      fc.string({ maxLength: 5 }),
    );
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...DATA), fc.array(fc.tuple(fc.nat(), token), { maxLength: 3 })), { minLength: 1, maxLength: 5 }), (edits) => {
        const lines = edits.map(([line, changes]) => {
          const tokens = line.split('\t');
          for (const [at, value] of changes) tokens[at % tokens.length] = value;
          return tokens.join('\t');
        });
        const result = check([...HEADER, ...lines]);
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(RUNS / 2);
  });

  it('is off without the detector projection', () => {
    const decoder = parser.createDecoder({ options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' });
    for (const h of HEADER) decoder.decode(h, { row() {}, skip() {} });
    const bytes = Buffer.from(DATA[3]!);
    expect(decoder.decodeDetectorKey!(bytes, 0, bytes.length, { timeMs: 0, NetworkProtocol: '', DstPortNumber: null, DstAppName: '', NetworkDirection: '', DvcAction: '' })).toBe(false);
  });
});
