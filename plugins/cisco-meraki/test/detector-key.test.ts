import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDetectorKey } from '@asimkit/schema';
import { detectorKeyDisagreements } from '@asimkit/sdk/testkit';
import { CiscoMerakiParser } from '../src/parser.js';

// The detector's fast path (decodeDetectorKey) must give, on every line it accepts, exactly the
// key that the syslog codec + claim + map give; anything else it declines, and the full path decides.

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CiscoMerakiParser();
const check = (lines: readonly string[], options: Record<string, string> = {}) => detectorKeyDisagreements(parser, lines, options);

const OLD_FLOWS = '<134>1 1647478988.289402144 MX84_4 flows allow src=10.0.2.170 dst=10.0.0.34 mac=00:7C:2D:BD:76:F2 protocol=udp sport=54841 dport=15600';
const INBOUND = '<134>1 1647478988.476061795 MX84 flows src=216.160.83.57 dst=216.160.83.61 protocol=tcp sport=54445 dport=44210 pattern: 1 all';
const FIREWALL = '1700000001.500000000 MX84 firewall src=192.168.10.5 dst=10.1.2.3 mac=AA:BB:CC:11:22:33 protocol=tcp sport=50124 dport=22 pattern: deny (dst 10.0.0.0/8)';
const GROUP = '<134>1 1700000002.000000001 MX67C cellular_firewall src=192.168.20.9 dst=52.1.2.3 protocol=tcp sport=50200 dport=443 pattern: Group Policy Allow';
const ICMP = '<134>1 1700000004.000000000 MX84 vpn_firewall src=10.1.1.5 dst=8.8.4.4 protocol=icmp type=8 pattern: allow all';

describe('cisco-meraki fast detector path', () => {
  it('agrees with the full path on every raw fixture, and takes their plain firewall lines', () => {
    let fast = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.log'))) {
      const optionsName = name.replace(/\.log$/, '.options.json');
      const options = readdirSync(fixtures).includes(optionsName) ? (JSON.parse(readFileSync(`${fixtures}/${optionsName}`, 'utf8')) as Record<string, string>) : {};
      const lines = readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').filter((l) => l !== '');
      const result = check(lines, options);
      expect(result.disagreements, name).toEqual([]);
      fast += result.fast;
    }
    expect(fast).toBeGreaterThanOrEqual(12);
  });

  it('gives the keys of the old and new flows forms, numeric inbound patterns, group policies and ICMP', () => {
    expect(check([OLD_FLOWS, INBOUND, FIREWALL, GROUP, ICMP])).toEqual({ fast: 5, disagreements: [] });
    // the pattern's free text may be spaced as it likes: the full path trims it too
    expect(check([`${INBOUND} `, `${OLD_FLOWS} `, INBOUND.replace('pattern: 1', 'pattern:   1'), INBOUND.replace(' 1647478988', ' 164747898')])).toEqual({ fast: 4, disagreements: [] });
  });

  it('fills the key as the mapping does: time to the millisecond, protocol, port, Inbound for 0/1, action', () => {
    const decoder = parser.createDecoder({ options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z', fields: new Set(['TimeGenerated', 'NetworkProtocol', 'DstPortNumber', 'DstAppName', 'NetworkDirection', 'DvcAction']) });
    const key = emptyDetectorKey();
    const bytes = Buffer.from(INBOUND);
    expect(decoder.decodeDetectorKey!(bytes, 0, bytes.length, key)).toBe(true);
    expect(key).toEqual({ timeMs: 1647478988476, NetworkProtocol: 'TCP', DstPortNumber: 44210, DstAppName: '', NetworkDirection: 'Inbound', DvcAction: 'Deny' });
  });

  it('declines what the full path must decide: other types, relay headers, quotes, tabs, odd words and spacing, ports in dst', () => {
    const declined = [
      '<134>1 1647479325.891451682 ATT_Primary ip_flow_end src=10.0.2.249 dst=10.0.0.1 protocol=udp sport=7421 dport=53 translated_dst_ip=89.160.20.112 translated_port=53',
      'Oct 13 06:54:17 10.100.10.100  1602571975.232247147 fw flows src=10.1.1.1 dst=10.2.2.2 protocol=tcp sport=1234 dport=445 pattern: deny all',
      INBOUND.replace('protocol=tcp', "protocol='tcp'"),
      INBOUND.replace(' sport', '\tsport'),
      INBOUND.replace('src=', 'allow maybe src='),
      OLD_FLOWS.replace('allow', 'permit'),
      INBOUND.replace(' sport', '  sport'),
      INBOUND.replace('dst=216.160.83.61', 'dst=216.160.83.61:80'),
      INBOUND.replace('dst=216.160.83.61', 'dst=ff02::1'),
      INBOUND.replace('src=216.160.83.57 dst=216.160.83.61 ', ''),
      INBOUND.replace(' sport=', ' junk sport='),
      INBOUND.replace('<134>1 ', '<134>'),
      INBOUND.replace('1647478988.476061795', '16474798.476061795'),
      INBOUND.replace('pattern:', 'message:'),
      INBOUND.replace('MX84', 'MX84é'),
      '',
    ];
    expect(check(declined).disagreements).toEqual([]);
    expect(declined.filter((l) => check([l]).fast > 0)).toEqual([]);
  });

  it('is off without the detector projection, and when the hosts option restricts the senders', () => {
    const bytes = Buffer.from(INBOUND);
    const plain = parser.createDecoder({ options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' });
    expect(plain.decodeDetectorKey!(bytes, 0, bytes.length, emptyDetectorKey())).toBe(false);
    expect(check([INBOUND], { hosts: 'mx84' }).fast).toBe(0);
  });

  it('agrees with the full path on random mutations of firewall lines (fuzz)', () => {
    const tokenEdits = fc.constantFrom(
      '', ' ', '\t', 'allow', 'deny', 'Blocked', 'DENY', '0', '1', '2', 'pattern:', 'message:', 'dport=', 'dport=65535', 'dport=65536', 'dport=007', 'dport=-1',
      'protocol=', 'protocol=TCP', 'protocol=icmp6', 'protocol=47', 'protocol=300', 'protocol=gre', 'protocol=tcp/ip', 'src=', 'dst=', 'dst=10.0.0.1:80', 'dst=[::1]:53',
      "x='y z'", 'x="y"', 'k=v=w', '=v', 'Group', 'Policy', 'Deny', 'firewall', 'flows', 'ip_flow_start', 'urls', '<14>1', '1700000000.5', '170000000.5', 'é', 'MX 84',
    );
    const edit = (line: string, edits: [number, string][]) => {
      const tokens = line.split(' ');
      for (const [at, value] of edits) tokens[at % tokens.length] = value;
      return tokens.join(' ');
    };
    let fast = 0;
    fc.assert(
      fc.property(fc.constantFrom(OLD_FLOWS, INBOUND, FIREWALL, GROUP, ICMP), fc.array(fc.array(fc.tuple(fc.nat(), tokenEdits), { maxLength: 3 }), { minLength: 1, maxLength: 6 }), (line, edits) => {
        const result = check(edits.map((e) => edit(line, e)));
        fast += result.fast;
        expect(result.disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(RUNS / 2);
  });
});
