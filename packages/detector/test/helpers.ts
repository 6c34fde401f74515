import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWatchlist, SessionSummary, type Alert, type DetectorRecord, type Watchlist } from '../src/index.js';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function readJsonl<T = Record<string, unknown>>(name: string): T[] {
  return readFixture(name)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export function watchlist(csv: string, name = 'test.csv'): Watchlist {
  return parseWatchlist(csv, name);
}

export const HEADER = 'Ports,App,Protocol,Direction,Action,Type,ThresholdType,Threshold,Severity,Tactic,Name,Description';

/** A one-rule watchlist with sensible defaults for the fields a test does not care about. */
export function rule(over: Partial<Record<string, string>> = {}): string {
  const r: Record<string, string> = {
    Ports: '23',
    App: '*',
    Protocol: '*',
    Direction: '*',
    Action: '*',
    Type: 'Hunting',
    ThresholdType: 'Static',
    Threshold: '0',
    Severity: 'Low',
    Tactic: 'T',
    Name: 'N',
    Description: 'D',
    ...over,
  };
  return HEADER.split(',')
    .map((c) => {
      const v = r[c]!;
      return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
}

export function wl(...rows: string[]): Watchlist {
  return parseWatchlist([HEADER, ...rows].join('\n') + '\n', 'test.csv');
}

export function ev(over: Partial<DetectorRecord> = {}): DetectorRecord {
  return {
    TimeGenerated: '2024-05-01T11:55:00Z',
    NetworkProtocol: 'TCP',
    DstPortNumber: 23,
    NetworkDirection: 'Inbound',
    DvcAction: 'Allow',
    ...over,
  };
}

export function summaryOf(records: DetectorRecord[], binSize?: string): SessionSummary {
  return new SessionSummary(binSize ? { binSize } : {}).add(records);
}

/** The §h columns only, with sets sorted, rows sorted: what "as sets" comparison means. */
export function asSets(alerts: readonly Pick<Alert, 'Name' | 'Severity' | 'Tactic' | 'DstPortNumber' | 'Description' | 'NetworkProtocols' | 'NetworkDirections' | 'DvcActions'>[]) {
  return alerts
    .map((a) => ({
      Name: a.Name,
      Severity: a.Severity,
      Tactic: a.Tactic,
      DstPortNumber: a.DstPortNumber,
      Description: a.Description,
      NetworkProtocols: [...a.NetworkProtocols].sort(),
      NetworkDirections: [...a.NetworkDirections].sort(),
      DvcActions: [...a.DvcActions].sort(),
    }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}
