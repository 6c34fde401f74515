import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected, type SourceParser } from '../src/index.js';
import { fuzzParser, mutateLine } from '../src/testkit/index.js';

// The test kit's fuzzer must catch what a plugin author would otherwise ship: a decoder that
// throws a TypeError on a cut-short line, or a mapping that emits a value outside a vocabulary.

type Row = { port: number; action: string };

function parser(decode: (text: string) => Row, action: (row: Row) => string = (row) => (row.action === 'a' ? 'Allow' : 'Deny')): SourceParser<Row> {
  return {
    id: 'probe',
    tables: [],
    createDecoder: () => ({ decode: (text, out) => out.row(decode(text)) }),
    map: (row) =>
      ({
        TimeGenerated: '2024-05-01T12:00:00.000Z',
        EventCount: 1,
        EventStartTime: '2024-05-01T12:00:00.000Z',
        EventEndTime: '2024-05-01T12:00:00.000Z',
        EventType: 'NetworkSession',
        EventResult: 'Success',
        EventVendor: 'V',
        EventProduct: 'P',
        EventSchema: 'NetworkSession',
        EventSchemaVersion: '0.2.4',
        Dvc: 'd',
        DvcAction: action(row),
        DstPortNumber: row.port,
      }) as NetworkSession,
  };
}

const SEEDS = ['a 443', 'd 22', 'a 8080'];

describe('fuzzParser', () => {
  it('reports a decoder that throws anything but RecordRejected on broken input', () => {
    const careless = parser((text) => {
      const [action, port] = text.split(' ');
      return { action: action!, port: Number(port!.trim()) }; // a line without a space: TypeError
    });
    const report = fuzzParser(careless as SourceParser<unknown, unknown>, { lines: SEEDS }, { runs: 200 });
    expect(report.runs).toBe(200);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures[0]).toMatch(/^line ".*": parser error: /);
  });

  it('passes a decoder that rejects broken input, and lists records outside a vocabulary apart', () => {
    const careful = parser(
      (text) => {
        const m = /^([ad]) (\d{1,5})$/.exec(text);
        if (!m) throw new RecordRejected('bad-line', text);
        return { action: m[1]!, port: Number(m[2]) };
      },
      (row) => (row.action === 'a' ? 'Allow' : 'Denied'), // not a DvcAction value
    );
    const report = fuzzParser(careful as SourceParser<unknown, unknown>, { lines: SEEDS }, { runs: 200 });
    expect(report.failures).toEqual([]);
    expect(report.invalid.some((l) => l.includes('DvcAction'))).toBe(true);
  });

  it('lists inputs that take longer than slowMs: a hang in the making', () => {
    const stalling = parser((text) => {
      if (text.includes('8080')) for (const until = performance.now() + 80; performance.now() < until; ); // e.g. a backtracking regex
      const m = /^([ad]) (\d{1,5})/.exec(text);
      if (!m) throw new RecordRejected('bad-line', text);
      return { action: m[1]!, port: Number(m[2]) };
    });
    const report = fuzzParser(stalling as SourceParser<unknown, unknown>, { lines: SEEDS }, { runs: 30, slowMs: 50 });
    expect(report.failures).toEqual([]);
    expect(report.slow.length).toBeGreaterThan(0);
    expect(report.slow[0]).toMatch(/^line ".*": \d+ ms$/);
    const quick = fuzzParser(parser((text) => ({ action: text[0] === 'a' ? 'a' : 'd', port: 1 })) as SourceParser<unknown, unknown>, { lines: SEEDS }, { runs: 30, slowMs: 50 });
    expect(quick.slow).toEqual([]);
  });

  it('replays: the same seed gives the same mutations', () => {
    const run = (seed: number) => {
      let a = seed;
      const random = () => ((a = (a * 16807) % 2147483647) / 2147483647);
      return Array.from({ length: 20 }, () => mutateLine('a 443 some text', random));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});
