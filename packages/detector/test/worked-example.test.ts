import { describe, expect, it } from 'vitest';
import { alertsToJsonl, defaultWatchlist, evaluate, parseWatchlist, RULE_METADATA, SessionSummary, type DetectorRecord } from '../src/index.js';
import { asSets, readFixture, readJsonl } from './helpers.js';

const NOW = '2024-05-01T12:07:30Z';
const k1 = () => readFixture('k1-watchlist.csv');
const events = () => readJsonl<DetectorRecord & { EventOriginalUid: string }>('k2-events.jsonl');

function run(csv: string, records: DetectorRecord[], now = NOW) {
  const w = parseWatchlist(csv, 'k1-watchlist.csv');
  return evaluate(w, { raw: new SessionSummary().add(records) }, { now });
}

describe('§k worked example', () => {
  it('§k.1 builds the 8-row MAPPING and drops the three filtered rows', () => {
    const w = parseWatchlist(k1(), 'k1-watchlist.csv');
    expect(w.rows).toHaveLength(7);
    expect(w.rules.map((r) => [r.Ports, r.Protocol, r.Direction, r.Action, r.Threshold, r.Name])).toEqual([
      ['23', 'TCP', '*', '*', 2, 'Telnet spike'],
      ['445', '*', 'Inbound', 'Allow', 0, 'SMB allowed'],
      ['445', '*', 'Outbound', 'Allow', 0, 'SMB allowed'],
      ['4430', '*', 'Inbound', 'Allow', 0, 'SMB allowed'],
      ['4430', '*', 'Outbound', 'Allow', 0, 'SMB allowed'],
      ['53', 'UDP', '*', '*', null, 'DNS bad threshold'],
      ['80', 'tcp', '*', '*', 0, 'Web ports'],
      [' 443', 'tcp', '*', '*', 0, 'Web ports'],
    ]);
    expect(w.warnings.map((x) => [x.code, x.line, x.row])).toEqual([['THRESHOLD_NOT_INT', 5, 4]]);
    expect(w.warnings[0]!.message).toBe(
      'k1-watchlist.csv:5: row 4 ("DNS bad threshold"): Threshold "abc" is not a 32-bit integer; toint() gives null, so this row never fires',
    );
  });

  it('§k.5 reproduces the expected output exactly (as sets) with the §k.1 watchlist', () => {
    const r = run(k1(), events());
    expect(r.source).toBe('raw');
    expect(r.windows).toEqual([{ start: '2024-05-01T11:50:00.000Z', end: '2024-05-01T12:00:00.000Z', groups: 6, alerts: 3 }]);
    expect(asSets(r.alerts)).toEqual(asSets(readJsonl('k5-expected.jsonl') as never));
  });

  it('§k.5 carries the evidence: Sum, Threshold, techniques and window', () => {
    const r = run(k1(), events());
    const telnet = r.alerts.find((a) => a.Name === 'Telnet spike')!;
    expect(telnet).toMatchObject({ Sum: 3, Threshold: 2, BinStart: '2024-05-01T11:50:00.000Z', BinEnd: '2024-05-01T12:00:00.000Z' });
    expect(telnet.Techniques).toEqual(['T1095', 'T1190', 'T1059', 'T1203']);
    expect(RULE_METADATA.techniques).not.toContain('T1905');
    expect(alertsToJsonl(r.alerts).trim().split('\n')).toHaveLength(3);
  });

  it('§k.6 reproduces the expected output with the default watchlist', () => {
    const r = evaluate(defaultWatchlist(), { raw: new SessionSummary().add(events()) }, { now: NOW });
    expect(asSets(r.alerts)).toEqual(asSets(readJsonl('k6-expected.jsonl') as never));
  });

  describe('§k.5 sensitivity checks (each changes exactly one input)', () => {
    it('m1 Threshold 3 → the Telnet row disappears (3 > 3 is false)', () => {
      const csv = k1().replace('Hunting,Static,2,Low', 'Hunting,Static,3,Low');
      expect(run(csv, events()).alerts.map((a) => a.Name)).toEqual(['SMB allowed', 'Web ports']);
    });

    it('E5 stamped 11:50:00.0000001 → g1 Sum = 4, output unchanged', () => {
      const ev = events().map((e) => (e.EventOriginalUid === 'E5' ? { ...e, TimeGenerated: '2024-05-01T11:50:00.0000001Z' } : e));
      const r = run(k1(), ev);
      expect(asSets(r.alerts)).toEqual(asSets(readJsonl('k5-expected.jsonl') as never));
      expect(r.alerts.find((a) => a.Name === 'Telnet spike')!.Sum).toBe(4);
    });

    it('now() = 12:10:00 → window (12:00, 12:10] holds only E6 and the output is empty', () => {
      const r = run(k1(), events(), '2024-05-01T12:10:00Z');
      expect(r.windows).toEqual([{ start: '2024-05-01T12:00:00.000Z', end: '2024-05-01T12:10:00.000Z', groups: 1, alerts: 0 }]);
      expect(r.alerts).toEqual([]);
    });

    it.each(['"80, 443 "', '"443"', '443'])('m8 Ports %s → same output', (ports) => {
      const csv = k1().replace('"80, 443"', ports);
      expect(asSets(run(csv, events()).alerts)).toEqual(asSets(readJsonl('k5-expected.jsonl') as never));
    });

    it('m8 Ports "4430" only → the Web-ports row for 443 disappears (and E10 now matches on 4430)', () => {
      // The spec says "the Web-ports row disappears". The 443 row does; but E10 (4430/TCP/Inbound/Deny)
      // satisfies Web ports' Protocol `tcp`, Direction `*`, Action `*` and 1 > 0, so a 4430 row appears.
      const csv = k1().replace('"80, 443"', '4430');
      expect(run(csv, events()).alerts.map((a) => [a.Name, a.DstPortNumber, a.DvcActions])).toEqual([
        ['SMB allowed', 445, ['Allow']],
        ['Telnet spike', 23, ['Allow']],
        ['Web ports', 4430, ['Deny']],
      ]);
    });

    it('m6 Threshold "abc" → "0" adds the DNS row', () => {
      const csv = k1().replace('Static,abc,Low', 'Static,0,Low');
      const r = run(csv, events());
      expect(r.alerts).toHaveLength(4);
      expect(asSets(r.alerts.filter((a) => a.DstPortNumber === 53))).toEqual([
        {
          Name: 'DNS bad threshold',
          Severity: 'Low',
          Tactic: 'Discovery',
          DstPortNumber: 53,
          Description: 'Threshold is not a number',
          NetworkProtocols: ['UDP'],
          NetworkDirections: ['Outbound'],
          DvcActions: ['Allow'],
        },
      ]);
    });
  });
});
