import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../packages/detector/src/index.js';
import { asSets } from '../packages/detector/test/helpers.js';
import { asim, jsonl, ROOT, tempDir, VPC_FIXTURES } from './helpers.js';

const FIX = join(ROOT, 'packages/detector/test/fixtures');
const WATCHLIST = join(FIX, 'k1-watchlist.csv');
const EVENTS = join(FIX, 'k2-events.jsonl');
const NOW = '2024-05-01T12:07:30Z';
/** Alerts as the CLI writes them (JSON lines). */
const alertsOf = (text: string) => jsonl(text) as unknown as Alert[];
const expected = (name: string) => asSets(alertsOf(readFileSync(join(FIX, name), 'utf8')));

/** Summary rows (NetworkCustomAnalytics_protocol_CL) as JSON lines. */
function summaryFile(rows: Record<string, unknown>[]): string {
  const f = join(tempDir(), 'summary.jsonl');
  writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return f;
}

function srow(eventTime: string, port: number, count: number): Record<string, unknown> {
  return {
    TimeGenerated: new Date(Date.parse(eventTime) + 630_000).toISOString(),
    EventTime_t: eventTime,
    NetworkProtocol_s: 'TCP',
    DstPortNumber_d: port,
    DstAppName_s: '',
    NetworkDirection_s: 'Inbound',
    DvcAction_s: 'Allow',
    count__d: count,
    Type: 'NetworkCustomAnalytics_protocol_CL',
  };
}

describe('asim detect: the worked example of the spec (§k)', () => {
  it('§k.5: --watchlist W --now 2024-05-01T12:07:30Z --format jsonl --source asim EVENTS', async () => {
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--format', 'jsonl', '--source', 'asim', EVENTS]);
    expect(r.code).toBe(0);
    const rows = alertsOf(r.stdout);
    expect(asSets(rows)).toEqual(expected('k5-expected.jsonl'));
    expect(rows.find((a) => a.Name === 'Telnet spike')).toMatchObject({
      Sum: 3,
      Threshold: 2,
      Techniques: ['T1095', 'T1190', 'T1059', 'T1203'],
      BinStart: '2024-05-01T11:50:00.000Z',
      BinEnd: '2024-05-01T12:00:00.000Z',
    });
    expect(r.stderr).toContain(`${WATCHLIST}:5: row 4 ("DNS bad threshold"): Threshold "abc" is not a 32-bit integer`);
    expect(r.stderr).toContain('read 10 / parsed 10');
  });

  it('§k.6: the same events against the default watchlist', async () => {
    const r = await asim(['detect', '--now', NOW, '--format', 'jsonl', '--source', 'asim', EVENTS]);
    expect(r.code).toBe(0);
    expect(asSets(alertsOf(r.stdout))).toEqual(expected('k6-expected.jsonl'));
    expect(r.stderr).not.toContain('warning');
  });

  it('now() = 12:10:00 sees only E6 and prints no alert', async () => {
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', '2024-05-01T12:10:00Z', '--source', 'asim', EVENTS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('0 alert(s)');
  });

  it('writes JSON lines when stdout is not a terminal, and CSV or a table on request', async () => {
    const base = ['detect', '--watchlist', WATCHLIST, '--now', NOW, '--source', 'asim', EVENTS];
    expect(jsonl((await asim(base)).stdout)).toHaveLength(3);
    const csv = (await asim([...base, '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Name,Severity,Tactic,DstPortNumber,Description,NetworkProtocols,NetworkDirections,DvcActions,Sum,Threshold,Techniques,BinStart,BinEnd');
    expect(csv).toHaveLength(4);
    const table = (await asim([...base, '--format', 'table'])).stdout;
    expect(table).toMatch(/^Window\s+Name\s+Severity/);
    expect(table).toContain('Telnet spike');
  });

  it('--all-bins evaluates every complete bin, each row carrying BinStart and BinEnd', async () => {
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--all-bins', '--source', 'asim', EVENTS]);
    expect(r.code).toBe(0);
    const rows = jsonl(r.stdout);
    expect(rows.map((a) => [a.BinStart, a.BinEnd, a.Name])).toEqual([
      ['2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z', 'SMB allowed'],
      ['2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z', 'Telnet spike'],
      ['2024-05-01T11:50:00.000Z', '2024-05-01T12:00:00.000Z', 'Web ports'],
    ]);
    expect(r.stderr).toContain('3 bins 2024-05-01T11:40:00.000Z .. 2024-05-01T12:10:00.000Z');
  });
});

describe('asim detect --summary (§c, §e)', () => {
  it('with summary rows present, raw inputs are ignored and only the newest bucket counts', async () => {
    const summary = summaryFile([srow('2024-05-01T11:40:00Z', 23, 5000), srow('2024-05-01T11:50:00Z', 445, 1)]);
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--summary', summary, '--source', 'asim', EVENTS]);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout).map((a) => [a.Name, a.DstPortNumber, a.Sum, a.BinStart])).toEqual([['SMB allowed', 445, 1, '2024-05-01T11:50:00.000Z']]);
    expect(r.stderr).toContain('raw inputs ignored');
    expect(r.stderr).not.toContain('read 10');
  });

  it('--summary-mode raw reads the raw inputs despite the summary', async () => {
    const summary = summaryFile([srow('2024-05-01T11:50:00Z', 445, 1)]);
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--summary', summary, '--summary-mode', 'raw', '--source', 'asim', EVENTS]);
    expect(asSets(alertsOf(r.stdout))).toEqual(expected('k5-expected.jsonl'));
  });

  it('summary rows not yet ingested at --now are not visible: the raw path runs', async () => {
    const summary = summaryFile([srow('2024-05-01T12:00:00Z', 445, 1)]); // ingested 12:10:30
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--summary', summary, '--source', 'asim', EVENTS]);
    expect(asSets(alertsOf(r.stdout))).toEqual(expected('k5-expected.jsonl'));
  });

  it('reads a Log Analytics portal CSV export of NetworkCustomAnalytics_protocol_CL', async () => {
    const f = join(tempDir(), 'export.csv');
    writeFileSync(
      f,
      'TenantId,"TimeGenerated [UTC]","EventTime_t [UTC]",NetworkProtocol_s,DstPortNumber_d,DstAppName_s,NetworkDirection_s,DvcAction_s,count__d,Type\n' +
        'x,"5/1/2024, 12:01:02.000 PM","5/1/2024, 11:50:00.000 AM",TCP,23,,Inbound,Allow,3,NetworkCustomAnalytics_protocol_CL\n' +
        'x,"5/1/2024, 12:01:02.000 PM","5/1/2024, 11:50:00.000 AM",TCP,23,telnet,Inbound,Allow,1,NetworkCustomAnalytics_protocol_CL\n',
    );
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--summary', f]);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout).map((a) => [a.Name, a.Sum])).toEqual([['Telnet spike', 4]]);
  });

  it('warns about unusable summary rows with file and line', async () => {
    const f = join(tempDir(), 's.jsonl');
    writeFileSync(f, JSON.stringify(srow('2024-05-01T11:50:00Z', 23, 3)) + '\n' + JSON.stringify({ TimeGenerated: '2024-05-01T12:00:00Z', EventTime_t: 'soon', count__d: 1 }) + '\n');
    const r = await asim(['detect', '--watchlist', WATCHLIST, '--now', NOW, '--summary', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${f}:2: summary row ignored: EventTime_t "soon" is not a date-time`);
  });
});

describe('asim summarize → asim detect --summary', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it.each(['jsonl', 'csv'])('summaries written as %s give the raw path’s alerts for the same complete bin', async (format) => {
    const out = join(dir, `summary.${format}`);
    const s = await asim(['summarize', '--format', format, '--out', out, '--source', 'asim', EVENTS]);
    expect(s.code).toBe(0);
    expect(s.stderr).toContain('read 10 / parsed 10');
    for (const mode of [['--now', NOW], ['--all-bins']]) {
      const viaRaw = await asim(['detect', '--watchlist', WATCHLIST, ...mode, '--source', 'asim', EVENTS]);
      const viaSummary = await asim(['detect', '--watchlist', WATCHLIST, ...mode, '--summary', out]);
      expect(viaSummary.code).toBe(0);
      expect(viaSummary.stderr).toContain('summary data');
      expect(jsonl(viaSummary.stdout).length).toBeGreaterThan(0);
      expect(jsonl(viaSummary.stdout)).toEqual(jsonl(viaRaw.stdout));
    }
  });

  it('writes NetworkCustomAnalytics_protocol_CL rows: one per bucket and key, each row counting 1', async () => {
    const r = await asim(['summarize', '--source', 'asim', EVENTS]);
    const rows = jsonl(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['TimeGenerated', 'EventTime_t', 'NetworkProtocol_s', 'DstPortNumber_d', 'DstAppName_s', 'NetworkDirection_s', 'DvcAction_s', 'count__d', 'Type']);
    expect(rows.reduce((n, x) => n + (x.count__d as number), 0)).toBe(10); // E7 has EventCount 20 but counts 1
    expect(rows.find((x) => x.DstPortNumber_d === 445)).toMatchObject({ EventTime_t: '2024-05-01T11:50:00.000Z', TimeGenerated: '2024-05-01T12:00:00.000Z', count__d: 1 });
    const hourly = jsonl((await asim(['summarize', '--bin', '1h', '--source', 'asim', EVENTS])).stdout);
    expect(new Set(hourly.map((x) => x.EventTime_t))).toEqual(new Set(['2024-05-01T11:00:00.000Z', '2024-05-01T12:00:00.000Z']));
  });
});

describe('asim detect over any source normalize reads', () => {
  it('unions raw logs and table exports of a plugin, as _Im_NetworkSession does', async () => {
    const raw = join(VPC_FIXTURES, 'v2-default-with-header.log');
    const table = join(VPC_FIXTURES, 'table-portal-export.csv');
    const r = await asim(['detect', '--all-bins', raw, table]);
    expect(r.code).toBe(0);
    const rows = jsonl(r.stdout);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((a) => typeof a.BinStart === 'string' && typeof a.Sum === 'number')).toBe(true);
    const normalized = [...jsonl((await asim(['normalize', raw])).stdout), ...jsonl((await asim(['normalize', table])).stdout)];
    const f = join(tempDir(), 'union.jsonl');
    writeFileSync(f, normalized.map((x) => JSON.stringify(x)).join('\n') + '\n');
    expect(jsonl((await asim(['detect', '--all-bins', '--source', 'asim', f])).stdout)).toEqual(rows);
  });
});

describe('asim detect: usage errors exit 2 with a message naming the problem', () => {
  it('a malformed watchlist names file, line and column', async () => {
    const f = join(tempDir(), 'bad.csv');
    writeFileSync(f, readFileSync(WATCHLIST, 'utf8').replace('"80, 443"', '"80, 443'));
    const r = await asim(['detect', '--watchlist', f, '--now', NOW, '--source', 'asim', EVENTS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`asim: ${f}:7:1: the quoted field opened at line 7, column 1 is never closed`);
  });

  it('a watchlist row with a missing column names its line', async () => {
    const f = join(tempDir(), 'short.csv');
    writeFileSync(f, readFileSync(WATCHLIST, 'utf8').replace(',Telnet spike,Telnet sessions above 2 per window', ',Telnet spike'));
    const r = await asim(['detect', '--watchlist', f, '--now', NOW, '--source', 'asim', EVENTS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`asim: ${f}:2: row 1 has 11 field(s) but the header has 12`);
  });

  it.each([
    [['--source', 'asim', EVENTS], /exactly one of --now ISO .* and --all-bins/],
    [['--now', NOW, '--all-bins', '--source', 'asim', EVENTS], /exactly one of --now/],
    [['--now', 'noon', '--source', 'asim', EVENTS], /invalid now "noon"/],
    [['--now', NOW, '--bin', '7m', '--source', 'asim', EVENTS], /must divide one day/],
    [['--now', NOW, '--summary-mode', 'both', '--source', 'asim', EVENTS], /--summary-mode must be auto, raw or summary/],
    [['--now', NOW, '--format', 'xml', '--source', 'asim', EVENTS], /--format must be table, jsonl or csv/],
    [['--now', NOW], /no input/],
  ])('detect %j', async (args, message) => {
    const r = await asim(['detect', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
