// Fuzzing of the codecs that have no fuzz file of their own: the Syslog table codec (lines and
// exported rows), the CommonSecurityLog table codec, the host-event codec's JSON forms, and the
// table-export CSV reader. Each takes hostile input and either returns or throws RecordRejected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cslRowFromTable,
  hostEventFromNxlogRecord,
  hostEventFromSecurityEventRow,
  hostEventFromWindowsEventRow,
  hostEventFromWinlogbeatRecord,
  isNxlogEventRecord,
  isWinlogbeatRecord,
  parseAdditionalExtensions,
  parseCsvExport,
  RecordRejected,
  syslogRowFromLine,
  syslogRowFromTable,
  syslogTimeOptions,
} from '../src/index.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const time = syslogTimeOptions({}, '2025-08-01T12:00:00.000Z');
const berlin = syslogTimeOptions({ timezone: 'Europe/Berlin' }, '2025-08-01T12:00:00.000Z');

/** Returns, or throws RecordRejected: anything else fails the property. */
function decodesOrRejects(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    expect(err).toBeInstanceOf(RecordRejected);
  }
}

const SYSLOG_SEEDS = [
  '<14>Oct 24 17:05:47 ubuntu5 sysmon[812]: <Event><System><EventID>3</EventID></System></Event>',
  '<165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [ex@32473 a="x\\]y"] message',
  '<134>Feb 29 23:59:60 relay01 <189>Jul 16 10:32:04 fw %ASA-6-302013: Built',
  '948077334.886213117 MX60 flows src=1.2.3.4',
  'Jul 16 10:32:04 host app: text',
];

/** Syslog-ish text: fragments the header scanner branches on, mixed with arbitrary strings. */
const syslogText = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom('<', '>', '<14>', '<999>', '1 ', '- ', 'Jul', 'Feb 29', ' 10:32:04', '2024-02-30T25:61:00Z', '+14:00', '[', ']', '"', '\\', ':', '[812]', ' ', '\t', '0000', '9999'), fc.string({ maxLength: 6 })), { maxLength: 30 }).map((p) => p.join('')),
  fc.tuple(fc.constantFrom(...SYSLOG_SEEDS), fc.nat(), fc.string({ maxLength: 5 }), fc.nat({ max: 6 })).map(([s, at, ins, cut]) => s.slice(0, at % (s.length + 1)) + ins + s.slice((at % (s.length + 1)) + cut)),
);

/** A table row: known column names with odd values of any JSON type. */
function rowOf(columns: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('', '-', '1/15/2025, 12:00:00.000 PM', '2025-01-15T12:00:00Z', '65536', '<Event/>', '{"a":1}', '[1,2]'), fc.jsonValue({ maxDepth: 2 }));
  return fc.dictionary(fc.oneof(fc.constantFrom(...columns), fc.string({ maxLength: 6 })), value, { maxKeys: 12 });
}

const SYSLOG_COLUMNS = ['TimeGenerated', 'Computer', 'HostName', 'HostIP', 'Facility', 'SeverityLevel', 'ProcessName', 'ProcessID', 'SyslogMessage', 'Type', 'EventTime'];
const CSL_COLUMNS = ['TimeGenerated', 'DeviceVendor', 'DeviceProduct', 'DeviceVersion', 'DeviceEventClassID', 'Activity', 'LogSeverity', 'SourceIP', 'DestinationIP', 'SourcePort', 'DestinationPort', 'Protocol', 'ReceivedBytes', 'SentBytes', 'AdditionalExtensions', 'DeviceCustomNumber1', 'StartTime', 'Type'];
const WINLOG_FIELDS = ['event_id', 'event_data', 'user_data', 'provider_name', 'channel', 'computer_name', 'record_id', 'keywords'];
const HOST_EVENT_COLUMNS = ['TimeGenerated', 'EventID', 'Computer', 'EventData', 'Channel', 'Provider', 'Data', 'EventTime', 'Hostname', 'SourceName', 'Application', 'SourceAddress', 'DestAddress', 'SourcePort', 'DestPort', 'Protocol', 'Direction', 'winlog', 'event_data', '@timestamp', 'host'];

describe('codecs without a fuzz file of their own', () => {
  it('fuzz: the Syslog table codec reads any line (UTC or a zone) into a row or RecordRejected', () => {
    fc.assert(
      fc.property(syslogText, fc.boolean(), (line, zoned) => {
        decodesOrRejects(() => {
          const row = syslogRowFromLine(line, zoned ? berlin : time);
          expect(typeof row.SyslogMessage).toBe('string');
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: exported Syslog and CommonSecurityLog rows with odd cells give a row or RecordRejected', () => {
    fc.assert(
      fc.property(rowOf(SYSLOG_COLUMNS), rowOf(CSL_COLUMNS), (syslog, csl) => {
        decodesOrRejects(() => syslogRowFromTable(syslog as never));
        decodesOrRejects(() => cslRowFromTable(csl as never));
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: AdditionalExtensions text of any shape splits into pairs without throwing', () => {
    const text = fc.array(fc.oneof(fc.constantFrom('a=b', ';', '=', '\\', '\\;', '\\=', ' ', 'k=', '=v', ';;'), fc.string({ maxLength: 5 })), { maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (s) => {
        for (const [k] of parseAdditionalExtensions(s)) expect(typeof k).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: host events in their JSON forms (SecurityEvent, WindowsEvent, NXLog, Winlogbeat) give an event or RecordRejected', () => {
    // NXLog and Winlogbeat records are decoded once their predicate has recognised them, as the plugins do
    const winlogbeat = fc.tuple(rowOf(HOST_EVENT_COLUMNS), rowOf(WINLOG_FIELDS)).map(([r, winlog]) => ({ ...r, winlog }));
    fc.assert(
      fc.property(rowOf(HOST_EVENT_COLUMNS), winlogbeat, (row, beat) => {
        decodesOrRejects(() => hostEventFromSecurityEventRow(row as never));
        decodesOrRejects(() => hostEventFromWindowsEventRow(row as never));
        if (isNxlogEventRecord(row as never)) decodesOrRejects(() => hostEventFromNxlogRecord(row as never));
        if (isWinlogbeatRecord(beat as never)) decodesOrRejects(() => hostEventFromWinlogbeatRecord(beat as never));
      }),
      { numRuns: RUNS },
    );
  });

  it("fuzz: the CSV export reader returns rows for any text, or throws csv-parse's error (core counts the input as failed)", () => {
    const csv = fc.array(fc.oneof(fc.constantFrom('"', '""', ',', '\n', '\r\n', '\r', 'TimeGenerated [UTC]', 'a', ' ', '\uFEFF', '3/10/2025, 8:00:00.000 AM'), fc.string({ maxLength: 5 })), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(csv, (text) => {
        try {
          for (const r of parseCsvExport(text)) expect(typeof r.row).toBe('object');
        } catch (err) {
          // csv-parse's own error (CSV_QUOTE_NOT_CLOSED, INVALID_OPENING_QUOTE, …), not a TypeError or a RangeError
          expect((err as { code?: unknown }).code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
