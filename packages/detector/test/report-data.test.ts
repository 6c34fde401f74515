import { describe, expect, it } from 'vitest';
import { reportData, parseAlertLines, alertsToJsonl, SummaryTable, DetectorError } from '../src/index.js';
import { rule, wl } from './helpers.js';

function row(bin: string, port: number, count: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { TimeGenerated: bin, EventTime_t: bin, NetworkProtocol_s: 'TCP', DstPortNumber_d: port, DstAppName_s: '', NetworkDirection_s: 'Inbound', DvcAction_s: 'Allow', count__d: count, ...over };
}

const WATCHLIST = wl(
  rule({ Ports: '23', Threshold: '5', Name: 'Telnet' }),
  rule({ Ports: '445,139', Protocol: 'TCP', Action: 'Allow', Threshold: '2', Name: 'SMB' }),
  rule({ Ports: '3389', Threshold: '1', Name: 'RDP' }),
  rule({ Ports: '22', Threshold: 'many', Name: 'SSH' }),
);

describe('reportData', () => {
  const table = new SummaryTable({ binSize: '10m' });
  table.addRows([
    row('2024-05-01T12:00:00Z', 23, 3),
    row('2024-05-01T12:00:00Z', 23, 4, { NetworkDirection_s: 'Outbound' }),
    row('2024-05-01T12:30:00Z', 23, 6),
    row('2024-05-01T12:10:00Z', 445, 2),
    row('2024-05-01T12:10:00Z', 139, 3),
    row('2024-05-01T12:10:00Z', 445, 9, { DvcAction_s: 'Deny' }),
  ]);
  const data = reportData(WATCHLIST, { summary: table });

  it('charts every bin of the range, gaps included, with the largest matching group against the threshold', () => {
    expect(data.binCount).toBe(4);
    const telnet = data.rules.find((r) => r.rule.Name === 'Telnet')!;
    // per (port, protocol, direction, action): 4 beats 3 in the first bin; nothing in the gaps
    expect(telnet.bins.map((b) => [b.start, b.usage, b.fired])).toEqual([
      ['2024-05-01T12:00:00.000Z', 4, false],
      ['2024-05-01T12:10:00.000Z', 0, false],
      ['2024-05-01T12:20:00.000Z', 0, false],
      ['2024-05-01T12:30:00.000Z', 6, true],
    ]);
    // SMB's Action predicate leaves out the 9 denied sessions
    expect(data.rules.find((r) => r.rule.Name === 'SMB')!.bins.map((b) => b.usage)).toEqual([0, 3, 0, 0]);
  });

  it('fires where evaluate alerts, lists rules without traffic and rules that never fire apart, and ranks ports', () => {
    const fired = data.rules.flatMap((r) => r.bins.filter((b) => b.fired).map((b) => `${r.rule.Name} ${b.start}`));
    expect(new Set(fired)).toEqual(new Set(data.alerts.map((a) => `${a.Name} ${a.BinStart}`)));
    expect(fired.length).toBe(2);
    // one chart per watchlist row: SMB's two ports are one rule
    expect(data.rules.map((r) => [r.rule.Name, r.rule.Ports, r.peak])).toEqual([
      ['Telnet', '23', 6],
      ['SMB', '445,139', 3],
    ]);
    expect(data.quietRules.map((r) => r.Name)).toEqual(['RDP']);
    expect(data.disabledRules.map((r) => r.Name)).toEqual(['SSH']);
    expect(data.topPorts).toEqual([
      { port: 23, sessions: 13 },
      { port: 445, sessions: 11 },
      { port: 139, sessions: 3 },
    ]);
  });

  it('from alerts alone, usage is known only where they fired', () => {
    const alerts = parseAlertLines(alertsToJsonl(data.alerts), 'alerts.jsonl');
    const only = reportData(WATCHLIST, { alerts });
    expect(only.basis).toBe('alerts');
    expect(only.binCount).toBe(3); // 12:10 .. 12:30
    expect(only.rules.find((r) => r.rule.Name === 'Telnet')!.bins.map((b) => b.usage)).toEqual([0, 0, 6]);
  });

  it('rejects a line that is not an alert, naming it', () => {
    expect(() => parseAlertLines('\n{"Name":"x"}\n', 'a.jsonl')).toThrow(DetectorError);
    expect(() => parseAlertLines('\n{"Name":"x"}\n', 'a.jsonl')).toThrow(/a\.jsonl:2: not an alert/);
  });
});
