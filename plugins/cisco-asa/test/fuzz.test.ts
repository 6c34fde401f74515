import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip, syslogTimeOptions, type TableRow } from '@asimkit/sdk';
import { applyEdits, FIXED_RECEIVED_AT } from '@asimkit/sdk/testkit';
import { GRAMMARS, messageText, parseMessage } from '../src/message.js';
import { CiscoAsaParser } from '../src/parser.js';
import { AsaSyslogDecoder } from '../src/syslog-decoder.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const parser = new CiscoAsaParser();
const ctx = { options: parser.optionsSchema.parse({}), path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: FIXED_RECEIVED_AT };
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');

/** Real and documented lines, so mutations start from every message id and header form. */
const SEEDS = [...fixture('raw-metron-sample.log'), ...fixture('messages-documented.log'), ...fixture('headers-documented.log'), ...fixture('malformed-documented.log')];

/** Fragments the header scanner and the message patterns branch on. */
const fragment = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '%ASA-6-302013:', '%FTD-4-106023:', '%ASA-session-6-', '<166>', '<13>', '1 ', ':', ' : ', 'Jun 27 ', 'Jun 45 ', '2024 ', '12:17:46', '25:61:61', '.123',
      ' UTC', ' EDT', '+02:00', '2024-06-27T12:17:46Z', 'asa-edge ', '[999]:', '000123: ', ' ', '  ', '(', ')', '/', ':', 'inside:', 'outside:',
      '10.1.1.20', '2001:db8::9', '999.1.1.1', '/80', '/65536', '/https', '(LOCAL\\user)', ' (user)', 'type 8, code 0', ' type 8 code 0', 'duration 92:24:20',
      ' bytes 99999999999999999999', ' TCP FINs', ' from inside', 'hit-cnt 0', 'protocol 41', 'by access-group "a"', '"', 'threat-level: high', '\t', '\r', '%',
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

/** A seed line with up to four edits: a fragment inserted, a span deleted, or a span replaced. */
const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fragment), { maxLength: 4 }))
  .map(([seed, edits]) => applyEdits(seed, edits));

const hostile = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

/** Decode + map one line as the pipeline does: every outcome is a record, a skip or a RecordRejected. */
function outcome(line: string): 'record' | 'skip' | 'rejected' {
  try {
    const rows: unknown[] = [];
    let skipped = false;
    parser.createDecoder(ctx).decode(line, { row: (r) => rows.push(r), skip: () => void (skipped = true) });
    if (skipped) return 'skip';
    expect(rows).toHaveLength(1);
    const r = parser.map(rows[0] as never, ctx);
    if (r instanceof Skip) return 'skip';
    const errors = validateNetworkSession(r).filter((v) => v.severity === 'error');
    expect(errors, line).toEqual([]);
    return 'record';
  } catch (err) {
    if (err instanceof RecordRejected) return 'rejected';
    throw err;
  }
}

describe('cisco-asa fuzz', () => {
  it('decoder and mapping on mutated real and documented lines (fuzz): only records, skips and RecordRejected, and every record valid ASIM', () => {
    const seen = { record: 0, skip: 0, rejected: 0 };
    fc.assert(
      fc.property(mutated, (line) => {
        seen[outcome(line)]++;
      }),
      { numRuns: RUNS },
    );
    expect(seen.record).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  });

  it('decoder and mapping on hostile text (fuzz): nothing but RecordRejected escapes', () => {
    fc.assert(
      fc.property(hostile, (line) => {
        outcome(line);
      }),
      { numRuns: RUNS },
    );
  });

  it('the message parser on every id with mutated texts (fuzz) returns fields or undefined, never throws', () => {
    const ids = Object.keys(GRAMMARS);
    const texts = SEEDS.map((l) => messageText(l.slice(Math.max(0, l.indexOf('%')))));
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fragment), { maxLength: 3 }), (id, text, edits) => {
        let t = text;
        for (const [at, length, f] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + f + t.slice(i + length);
        }
        const m = parseMessage(id, t);
        if (m !== undefined) expect(typeof m.verb).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('the header scanner never throws anything but RecordRejected (fuzz)', () => {
    const decoder = new AsaSyslogDecoder(syslogTimeOptions({}, FIXED_RECEIVED_AT));
    fc.assert(
      fc.property(hostile, fc.constantFrom('%ASA-6-302016: x', '%FTD-3-106010: y'), (header, tag) => {
        try {
          decoder.decode(header + tag, { row() {}, skip() {} });
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('exported rows with arbitrary cells (fuzz): only records, skips and RecordRejected', () => {
    const cell = fc.oneof(fc.constantFrom('', 'Cisco', 'ASA', 'FTD', '302013', '106100', '1', 'x', '10.1.1.1', 'Outbound', '0', '2024-06-27T12:17:46Z', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));
    const message = fc.oneof(fc.constantFrom(...SEEDS.map((l) => l.slice(Math.max(0, l.indexOf('%'))))), hostile);
    fc.assert(
      fc.property(cell, cell, cell, cell, cell, cell, message, (id, src, port, dir, proto, time, msg) => {
        const row: TableRow = { TimeGenerated: time, DeviceVendor: 'Cisco', DeviceProduct: 'ASA', DeviceEventClassID: id, SourceIP: src, SourcePort: port, CommunicationDirection: dir, Protocol: proto, Message: msg };
        try {
          const typed = parser.fromTableRow(row);
          if (typed instanceof Skip) return;
          const r = parser.map(typed, ctx);
          if (!(r instanceof Skip)) expect(validateNetworkSession(r).filter((v) => v.severity === 'error')).toEqual([]);
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
