import { describe, expect, it } from 'vitest';
import { RecordRejected, syslogRowFromLine, syslogRowFromTable, syslogTimeOptions } from '../src/index.js';

const time = syslogTimeOptions({}, '2024-05-01T00:00:00.000Z');

describe('Syslog table rows', () => {
  it('an exported row whose cells are JSON objects: their JSON as text, a rejection where a time or a number must be', () => {
    const odd = { toString: 0 };
    expect(syslogRowFromTable({ SyslogMessage: odd, Computer: odd } as never)).toMatchObject({ SyslogMessage: '{"toString":0}', Computer: '{"toString":0}' });
    expect(() => syslogRowFromTable({ SyslogMessage: 'x', TimeGenerated: odd } as never)).toThrow(RecordRejected);
    expect(() => syslogRowFromTable({ SyslogMessage: 'x', ProcessID: odd } as never)).toThrow(RecordRejected);
  });

  it('a raw line: header fields in their columns, the message after the header, the line kept', () => {
    const row = syslogRowFromLine('<14>Oct 24 17:05:47 ubuntu5 sysmon[812]: <Event>x</Event>', time);
    expect(row).toMatchObject({
      TimeGenerated: '2023-10-24T17:05:47.000Z',
      Computer: 'ubuntu5',
      HostName: 'ubuntu5',
      Facility: 'user',
      SeverityLevel: 'info',
      ProcessName: 'sysmon',
      ProcessID: 812,
      SyslogMessage: '<Event>x</Event>',
      Type: 'Syslog',
    });
  });

  it('a line without a header is all message, with no time of its own', () => {
    const row = syslogRowFromLine('948077334.886213117 MX60 flows src=1.2.3.4', time);
    expect(row.SyslogMessage).toBe('948077334.886213117 MX60 flows src=1.2.3.4');
    expect(row.TimeGenerated).toBeUndefined();
  });

  it('an exported row: typed, portal dates normalized, a bad ProcessID rejected', () => {
    const row = syslogRowFromTable({ 'TimeGenerated': '1/15/2025, 12:00:00.000 PM', Computer: 'fw', SyslogMessage: 'm', ProcessID: '7', Extra: 'x' });
    expect(row).toEqual({ TimeGenerated: '2025-01-15T12:00:00.000Z', Computer: 'fw', SyslogMessage: 'm', ProcessID: 7, Type: 'Syslog' });
    expect(() => syslogRowFromTable({ SyslogMessage: 'm', ProcessID: 'abc' })).toThrow(RecordRejected);
  });

  it('a decoded row passes through unchanged', () => {
    const row = syslogRowFromLine('<14>Oct 24 17:05:47 h app: m', time);
    expect(syslogRowFromTable(row as never)).toBe(row);
  });
});
