import { describe, expect, it } from 'vitest';
import { alertsToCsv, alertsToJsonl, alertsToTable, defaultWatchlist, evaluate, parseCsv, type Alert } from '../src/index.js';
import { ev, rule, summaryOf, wl } from './helpers.js';

const NOW = '2024-05-01T12:07:30Z';
const run = (w: ReturnType<typeof wl>, records: Parameters<typeof summaryOf>[0]) => evaluate(w, { raw: summaryOf(records) }, { now: NOW }).alerts;

describe('§h output shape', () => {
  it('caps the sets at 20 / 5 / 10 and picks deterministically: the first values in ordinal order', () => {
    const protos = Array.from({ length: 25 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    const dirs = ['Z', 'Y', 'X', 'W', 'V', 'U', 'T'];
    const actions = Array.from({ length: 12 }, (_, i) => `A${String.fromCharCode(108 - i)}`);
    const records = [...protos.map((p) => ev({ NetworkProtocol: p })), ...dirs.map((d) => ev({ NetworkDirection: d })), ...actions.map((a) => ev({ DvcAction: a }))];
    const [a] = run(wl(rule()), records);
    expect(a!.NetworkProtocols).toEqual([...protos, 'TCP'].sort().slice(0, 20));
    expect(a!.NetworkDirections).toEqual(['Inbound', 'T', 'U', 'V', 'W']);
    expect(a!.DvcActions).toEqual([...actions, 'Allow'].sort().slice(0, 10));
    // the pick does not depend on input order
    const [b] = run(wl(rule()), [...records].reverse());
    expect(b).toEqual(a);
  });

  it('excludes empty values from the sets', () => {
    const [a] = run(wl(rule()), [ev({ NetworkProtocol: '' }), ev({ NetworkProtocol: 'UDP' })]);
    expect(a!.NetworkProtocols).toEqual(['UDP']);
  });

  it('merges mapping rows sharing (Name, Severity, Tactic, Description, port): 111 TCP + UDP in the defaults', () => {
    const alerts = run(defaultWatchlist(), [ev({ DstPortNumber: 111, NetworkProtocol: 'TCP' }), ev({ DstPortNumber: 111, NetworkProtocol: 'UDP' })]);
    expect(alerts.map((x) => [x.DstPortNumber, x.NetworkProtocols, x.Description])).toEqual([[111, ['TCP', 'UDP'], 'Management - RPC, unencrypted authentication allowed']]);
  });

  it('keeps rows with a different Description apart, even with the same Name', () => {
    const alerts = run(wl(rule({ Description: 'one' }), rule({ Description: 'two' })), [ev()]);
    expect(alerts.map((x) => x.Description)).toEqual(['one', 'two']);
  });

  it('duplicate mapping rows produce one output row', () => {
    expect(run(wl(rule(), rule(), rule({ App: 'telnet' })), [ev()])).toHaveLength(1);
  });

  it('the default watchlist: 23/TCP fires "High-risk Ports" (row 51) but not "Suspicious Telnet Port" (needs > 1000)', () => {
    const alerts = run(defaultWatchlist(), [ev({ DstPortNumber: 23, NetworkProtocol: 'TCP', DvcAction: 'Allow' })]);
    expect(alerts.map((x) => x.Name)).toEqual(['High-risk Ports']);
    const many = Array.from({ length: 1001 }, () => ev({ DstPortNumber: 23, DvcAction: 'Deny' }));
    expect(run(defaultWatchlist(), many).map((x) => [x.Name, x.Sum, x.Threshold])).toEqual([['Suspicious Telnet Port', 1001, 1000]]);
  });

  it('Sum/Threshold evidence is the strongest merged match', () => {
    const records = [...Array.from({ length: 4 }, () => ev({ NetworkDirection: 'Inbound' })), ev({ NetworkDirection: 'Outbound' })];
    const [a] = run(wl(rule({ Direction: 'Inbound', Threshold: '1' }), rule({ Direction: 'Outbound', Threshold: '0' })), records);
    expect([a!.Sum, a!.Threshold, a!.NetworkDirections]).toEqual([4, 1, ['Inbound', 'Outbound']]);
  });
});

describe('formatters', () => {
  const alerts: Alert[] = run(wl(rule({ Name: 'Web, "ports"', Description: 'multi\nline description that is rather long and goes on and on and on and on' })), [ev()]);

  it('JSONL: one object per line in column order', () => {
    const line = alertsToJsonl(alerts);
    expect(line.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(line))).toEqual(['Name', 'Severity', 'Tactic', 'DstPortNumber', 'Description', 'NetworkProtocols', 'NetworkDirections', 'DvcActions', 'Sum', 'Threshold', 'Techniques', 'BinStart', 'BinEnd']);
    expect(alertsToJsonl([])).toBe('');
  });

  it('CSV: RFC 4180 quoting, arrays as JSON, parseable back', () => {
    const csv = alertsToCsv(alerts);
    const [header, row] = parseCsv(csv);
    expect(header!.fields[0]).toBe('Name');
    expect(row!.fields.slice(0, 8)).toEqual(['Web, "ports"', 'Low', 'T', '23', alerts[0]!.Description, '["TCP"]', '["Inbound"]', '["Allow"]']);
    expect(alertsToCsv([]).trim().split('\n')).toHaveLength(1);
  });

  it('table: fixed-width, one line per alert, long descriptions cut', () => {
    const t = alertsToTable(alerts);
    const lines = t.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Window\s+Name\s+Severity\s+Tactic\s+Port\s+Protocols/);
    expect(lines[2]).toContain('2024-05-01T11:50:00Z → 2024-05-01T12:00:00Z');
    expect(lines[2]).toContain('multi line description');
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(alertsToTable([])).toBe('No alerts.\n');
  });
});
