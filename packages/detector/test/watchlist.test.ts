import { describe, expect, it } from 'vitest';
import { DEFAULT_WATCHLIST_CSV, defaultWatchlist, parseWatchlist, WatchlistError } from '../src/index.js';
import { HEADER, readFixture, rule, wl } from './helpers.js';

function error(csv: string, name = 'w.csv'): WatchlistError {
  try {
    parseWatchlist(csv, name);
  } catch (e) {
    expect(e).toBeInstanceOf(WatchlistError);
    return e as WatchlistError;
  }
  throw new Error('expected a WatchlistError');
}

describe('§b.1 filter: Type, ThresholdType, Severity (exact, case-sensitive, no trimming)', () => {
  it('keeps only Type "Hunting" and ThresholdType "Static"', () => {
    const w = wl(
      rule({ Name: 'keep' }),
      rule({ Name: 'detection', Type: 'Detection' }),
      rule({ Name: 'lower', Type: 'hunting' }),
      rule({ Name: 'spaced', Type: ' Hunting' }),
      rule({ Name: 'anomaly', ThresholdType: 'Anomaly' }),
      rule({ Name: 'static-lower', ThresholdType: 'static' }),
    );
    expect(w.rules.map((r) => r.Name)).toEqual(['keep']);
    expect(w.warnings.map((x) => [x.code, x.row])).toEqual([
      ['TYPE_NEAR_MISS', 3],
      ['TYPE_NEAR_MISS', 4],
      ['THRESHOLD_TYPE_NEAR_MISS', 6],
    ]);
  });

  it('"Disabled" turns a row off; "disabled" does NOT (and is warned about)', () => {
    const w = wl(rule({ Name: 'off', Severity: 'Disabled' }), rule({ Name: 'on', Severity: 'disabled' }), rule({ Name: 'on2', Severity: 'Disabled ' }));
    expect(w.rules.map((r) => [r.Name, r.Severity])).toEqual([
      ['on', 'disabled'],
      ['on2', 'Disabled '],
    ]);
    expect(w.warnings.map((x) => x.code)).toEqual(['NOT_DISABLED', 'NOT_DISABLED']);
    expect(w.warnings[0]!.message).toBe('test.csv:3: row 2 ("on"): Severity "disabled" is not exactly "Disabled", so this row is ACTIVE and alerts with that severity');
  });

  it('an empty Severity passes the filter', () => {
    const w = wl(rule({ Severity: '' }));
    expect(w.rules).toHaveLength(1);
    expect(w.warnings.map((x) => x.code)).toEqual(['SEVERITY_UNKNOWN']);
  });
});

describe('§b.2–§b.5 split, mv-expand, cast', () => {
  it('splits on "," without trimming; an empty cell is one empty element; "a,,b" has an empty middle', () => {
    const w = wl(rule({ Ports: '80, 443', Protocol: '', Direction: 'a,,b' }));
    expect(w.rules.map((r) => [r.Ports, r.Protocol, r.Direction])).toEqual([
      ['80', '', 'a'],
      ['80', '', ''],
      ['80', '', 'b'],
      [' 443', '', 'a'],
      [' 443', '', ''],
      [' 443', '', 'b'],
    ]);
  });

  it('mv-expands Ports, App, Protocol, Direction, Action as a Cartesian product, in that order', () => {
    const w = wl(rule({ Ports: '1,2', App: 'x,y', Protocol: 'TCP,UDP', Direction: 'Inbound', Action: 'Allow,Deny' }));
    expect(w.rules).toHaveLength(16);
    expect(w.rules.slice(0, 3).map((r) => [r.Ports, r.App, r.Protocol, r.Action])).toEqual([
      ['1', 'x', 'TCP', 'Allow'],
      ['1', 'x', 'TCP', 'Deny'],
      ['1', 'x', 'UDP', 'Allow'],
    ]);
    expect(w.rules.every((r) => r.line === 2 && r.row === 1)).toBe(true);
  });

  it('keeps duplicate combinations', () => {
    expect(wl(rule(), rule()).rules).toHaveLength(2);
  });

  it('casts Threshold with toint: "abc", "", out-of-int32 → null, with a warning naming the row', () => {
    const w = wl(rule({ Threshold: 'abc', Name: 'a' }), rule({ Threshold: '', Name: 'b' }), rule({ Threshold: '2147483648', Name: 'c' }), rule({ Threshold: '+7', Name: 'd' }));
    expect(w.rules.map((r) => r.Threshold)).toEqual([null, null, null, 7]);
    expect(w.warnings.map((x) => [x.code, x.line])).toEqual([
      ['THRESHOLD_NOT_INT', 2],
      ['THRESHOLD_NOT_INT', 3],
      ['THRESHOLD_NOT_INT', 4],
    ]);
  });

  it('keeps a negative Threshold as KQL does, and warns that it alerts on all matching traffic', () => {
    const w = wl(rule({ Threshold: '-5', Name: 'neg' }), rule({ Threshold: '0', Name: 'zero' }));
    expect(w.rules.map((r) => r.Threshold)).toEqual([-5, 0]);
    expect(w.warnings.map((x) => [x.code, x.line])).toEqual([['THRESHOLD_NEGATIVE', 2]]);
    expect(w.warnings[0]!.message).toMatch(/Threshold -5 is negative/);
  });

  it('lenient toIntMode trims and truncates (§l Q2 compatibility switch)', () => {
    const csv = [HEADER, rule({ Threshold: ' 1000.7' })].join('\n');
    expect(parseWatchlist(csv, 'w').rules[0]!.Threshold).toBeNull();
    expect(parseWatchlist(csv, 'w', { toIntMode: 'lenient' }).rules[0]!.Threshold).toBe(1000);
  });
});

describe('warnings for rows that can never fire', () => {
  it('names " *" cells (not the wildcard), wildcard/empty ports, ranges and impossible port terms', () => {
    const w = wl(
      rule({ Name: 'sp', Protocol: ' *' }),
      rule({ Name: 'dirsp', Direction: '* ' }),
      rule({ Name: 'star', Ports: '*' }),
      rule({ Name: 'range', Ports: '8000-8100' }),
      rule({ Name: 'zero', Ports: '0443' }),
      rule({ Name: 'big', Ports: '70000' }),
      rule({ Name: 'fine', Ports: '80, 443', Protocol: 'tcp' }),
    );
    expect(w.warnings.map((x) => [x.code, x.line, x.row])).toEqual([
      ['CELL_NOT_WILDCARD', 2, 1],
      ['CELL_NOT_WILDCARD', 3, 2],
      ['PORT_NO_TERMS', 4, 3],
      ['PORT_RANGE', 5, 4],
      ['PORT_TERM_NEVER_MATCHES', 6, 5],
      ['PORT_TERM_NEVER_MATCHES', 7, 6],
    ]);
    expect(w.warnings[0]!.message).toMatch(/^test\.csv:2: row 1 \("sp"\): Protocol value " \*" is not the wildcard/);
    expect(w.warnings[3]!.message).toContain('only the terms 8000 and 8100 match');
  });

  it('warns when no row can ever alert', () => {
    expect(wl(rule({ Type: 'Detection' })).warnings.map((x) => x.code)).toEqual(['NO_RULES']);
  });
});

describe('the default watchlist (Appendix A)', () => {
  it('holds the 72 rows byte for byte, CRLF, with the trailing spaces of the raw cells', () => {
    const lines = DEFAULT_WATCHLIST_CSV.split('\r\n');
    expect(lines).toHaveLength(74); // header + 72 rows + the empty string after the final CRLF
    expect(lines[73]).toBe('');
    const w = defaultWatchlist();
    expect(w.rows).toHaveLength(72);
    expect(w.rows[0]!.Description.endsWith('organizations. ')).toBe(true);
    expect(w.rows[1]!.Description.startsWith(' TCP/3389')).toBe(true);
    expect(w.rows[4]!.Description).toContain('earch looks for spike');
  });

  it('has the statistics of §a.2 and no warnings', () => {
    const w = defaultWatchlist();
    const count = (t: string, tt: string) => w.rows.filter((r) => r.Type === t && r.ThresholdType === tt).length;
    expect([count('Hunting', 'Static'), count('Detection', 'Static'), count('Detection', 'Anomaly'), count('Hunting', 'Anomaly')]).toEqual([67, 2, 2, 1]);
    expect(w.rules).toHaveLength(67);
    expect(w.warnings).toEqual([]);
    expect(w.rules.filter((r) => r.Ports === '23').map((r) => [r.row, r.Threshold, r.Action])).toEqual([
      [5, 1000, '*'],
      [51, 0, 'Allow'],
    ]);
    expect(w.rules.filter((r) => r.Ports === '135' && r.Protocol === 'TCP').map((r) => [r.row, r.Threshold])).toEqual([
      [7, 1000],
      [39, 0],
    ]);
    expect(w.rules.filter((r) => r.Name === 'High-risk Ports')).toHaveLength(65);
  });
});

describe('malformed files are errors naming the file and line', () => {
  it('empty file', () => {
    const e = error('');
    expect([e.code, e.line]).toEqual(['WATCHLIST_EMPTY', 1]);
  });

  it('missing columns, with a hint for near-misses', () => {
    const e = error('Ports,App,Protocol,Direction,Action,Type,ThresholdType,Threshold,severity,Tactic,Name\n');
    expect([e.code, e.line, e.source]).toEqual(['WATCHLIST_MISSING_COLUMNS', 1, 'w.csv']);
    expect(e.message).toBe(
      'w.csv:1: the header lacks column(s) Severity, Description (found "severity": column names are exact and case-sensitive); expected Ports,App,Protocol,Direction,Action,Type,ThresholdType,Threshold,Severity,Tactic,Name,Description',
    );
  });

  it('a row with a missing field names its line, counting blank lines and multi-line quoted fields', () => {
    const csv = [HEADER, rule(), '', rule({ Description: 'two\r\nlines' }), '23,*,TCP,*,*,Hunting,Static,0,Low,T,N'].join('\r\n');
    const e = error(csv);
    expect([e.code, e.line]).toEqual(['WATCHLIST_FIELD_COUNT', 6]);
    expect(e.message).toMatch(/^w\.csv:6: row 3 has 11 field\(s\) but the header has 12/);
  });

  it('an unquoted list (too many fields) is caught', () => {
    const e = error([HEADER, '139,445,smb,*,*,*,Hunting,Static,0,Low,T,N,D'].join('\n'));
    expect([e.code, e.line]).toEqual(['WATCHLIST_FIELD_COUNT', 2]);
  });

  it('unbalanced quotes name the line where the quote opened', () => {
    const e = error([HEADER, rule(), '"139,445,*,*,*,*,Hunting,Static,0,Low,T,N,D', rule(), rule()].join('\n'));
    expect([e.code, e.line, e.column]).toEqual(['WATCHLIST_UNCLOSED_QUOTE', 3, 1]);
    expect(e.message).toMatch(/^w\.csv:3:1: /);
  });

  it('a stray quote is an error with line and column', () => {
    const e = error([HEADER, '23,*,TCP,*,*,Hunting,Static,0,Low,T,N,say "hi"'].join('\n'));
    expect([e.code, e.line, e.column]).toEqual(['WATCHLIST_BAD_QUOTE', 2, 43]);
    const e2 = error([HEADER, '"23" ,*,TCP,*,*,Hunting,Static,0,Low,T,N,D'].join('\n'));
    expect([e2.code, e2.line, e2.column]).toEqual(['WATCHLIST_BAD_QUOTE', 2, 5]);
  });

  it('duplicate header column', () => {
    expect(error(`${HEADER},Name\n`).code).toBe('WATCHLIST_DUPLICATE_COLUMN');
  });
});

describe('file format tolerance', () => {
  it('accepts a BOM, CRLF or mixed line endings, reordered and extra columns', () => {
    const csv = '\ufeffName,Description,Ports,App,Protocol,Direction,Action,Type,ThresholdType,Threshold,Severity,Tactic,SearchKey\r\n' + 'N,D,23,*,TCP,*,*,Hunting,Static,5,Low,T,23\n' + 'M,"multi\nline",24,*,TCP,*,*,Hunting,Static,5,Low,T,24\r\n';
    const w = parseWatchlist(csv, 'w');
    expect(w.rules.map((r) => [r.Name, r.Ports, r.Threshold, r.Description, r.line])).toEqual([
      ['N', '23', 5, 'D', 2],
      ['M', '24', 5, 'multi\nline', 3],
    ]);
  });

  it('reads the §k.1 fixture', () => {
    expect(parseWatchlist(readFixture('k1-watchlist.csv'), 'k1').rows).toHaveLength(7);
  });
});
