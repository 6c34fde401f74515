import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { validateNetworkSession } from '@asimkit/schema';
import { RecordRejected, type JsonObject } from '@asimkit/sdk';
import { runParserOnFile, type Outcome } from '@asimkit/sdk/testkit';
import { describe, expect, it } from 'vitest';
import { CorelightParser } from '../src/parser.js';
import type { ZeekConnRow } from '../src/row.js';
import { tsvToZeekJson } from './zeek-json.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CorelightParser();
const tmp = mkdtempSync(join(tmpdir(), 'corelight-test-'));
const ctx = { options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' };

const outcomesOf = (name: string) => runParserOnFile(parser, join(fixtures, name));
const isSession = (o: Outcome) => !('_skipped' in o) && !('_rejected' in o);
const sessions = (outcomes: Outcome[]) => outcomes.filter(isSession) as Record<string, unknown>[];
function outcomesOfText(name: string, text: string): Outcome[] {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return runParserOnFile(parser, path);
}

const TSV_FIXTURES = ['derived-zeek-btest-opt-basic.log', 'derived-zeek-btest-teredo.log', 'zeek-tsv-documented.log'];

describe('corelight: one mapping for every form', () => {
  it.each(TSV_FIXTURES)('a Zeek TSV log and the same records as Zeek JSON give identical ASIM records (%s)', (name) => {
    const tsv = sessions(outcomesOf(name));
    expect(tsv.length).toBeGreaterThan(5);
    const text = readFileSync(join(fixtures, name), 'utf8');
    // a TSV line the decoder rejects has no JSON twin: keep only the lines that parsed
    const json = sessions(outcomesOfText(`${name}.json`, tsvToZeekJson(text).join('\n') + '\n'));
    const withPath = sessions(outcomesOfText(`${name}.path.json`, tsvToZeekJson(text, true).join('\n') + '\n'));
    const uids = new Set(tsv.map((s) => s.EventOriginalUid));
    expect(json.filter((s) => uids.has(s.EventOriginalUid))).toEqual(tsv);
    expect(withPath.filter((s) => uids.has(s.EventOriginalUid))).toEqual(tsv);
  });

  it('raw Zeek JSON read as raw records and as table rows (how the CLI reads JSON lines today) gives the same records', () => {
    const lines = readFileSync(join(fixtures, 'real-otrf-apt29-day1-scranton.log'), 'utf8').trim().split('\n');
    const asRecords: unknown[] = [];
    const asRows: unknown[] = [];
    const decoder = parser.createDecoder(ctx);
    for (const line of lines) {
      const obj = JSON.parse(line) as JsonObject;
      decoder.decodeRecord!(obj, { row: (r) => asRecords.push(parser.map(r, ctx)), skip: () => asRecords.push('skip') });
      const row = parser.fromTableRow(obj, ctx);
      asRows.push(row instanceof Object && 'ts' in row ? parser.map(row as ZeekConnRow, ctx) : 'skip');
    }
    expect(asRecords).toHaveLength(134);
    expect(asRows).toEqual(asRecords);
  });

  it('a Corelight_CL row (the record as text in Message) gives the raw record\'s session, plus the collector', () => {
    const raw = JSON.parse(readFileSync(join(fixtures, 'corelight-json-documented.log'), 'utf8').split('\n')[3]!) as JsonObject;
    const fromRaw: unknown[] = [];
    parser.createDecoder(ctx).decodeRecord!(raw, { row: (r) => fromRaw.push(parser.map(r, ctx)), skip: () => {} });
    const row = parser.fromTableRow({ TimeGenerated: '2024-03-04T10:20:00Z', Type: 'Corelight_CL', hostname_s: 'collector-1', Message: JSON.stringify(raw) }, ctx);
    const fromTable = parser.map(row as ZeekConnRow, ctx) as unknown as Record<string, unknown>;
    const expected = fromRaw[0] as Record<string, unknown>;
    expect({ ...fromTable, AdditionalFields: { ...(fromTable.AdditionalFields as object), hostname_s: undefined } }).toEqual({
      ...expected,
      AdditionalFields: { ...(expected.AdditionalFields as object), hostname_s: undefined },
    });
    expect((fromTable.AdditionalFields as Record<string, unknown>).hostname_s).toBe('collector-1');
  });
});

describe('corelight: the real samples', () => {
  it('maps every conn record of the OTRF APT29 lab logs (134 + 31), none skipped or rejected', () => {
    expect(sessions(outcomesOf('real-otrf-apt29-day1-scranton.log'))).toHaveLength(134);
    expect(outcomesOf('real-otrf-apt29-day1-scranton.log')).toHaveLength(134);
    expect(outcomesOf('real-otrf-apt29-day2-utica.log').filter(isSession)).toHaveLength(31);
    expect(outcomesOf('real-otrf-apt29-day2-utica.log')).toHaveLength(31);
  });

  it('rejects the Zeek test baselines whose ts the harness masked, rather than giving them the receive time', () => {
    for (const name of ['real-zeek-btest-opt-basic-masked-ts.log', 'real-zeek-btest-teredo-masked-ts.log']) {
      const outcomes = outcomesOf(name);
      expect(outcomes.filter(isSession)).toEqual([]);
      const rejected = outcomes.filter((o) => '_rejected' in o) as { _rejected: { reason: string } }[];
      expect(rejected.length).toBeGreaterThan(20);
      expect(new Set(rejected.map((o) => o._rejected.reason))).toEqual(new Set(['bad-time']));
    }
  });

  it('reads the Corelight_v3_conn_CL sample with the record\'s ts as TimeGenerated, not the ingestion time', () => {
    const recs = sessions(outcomesOf('real-sentinel-corelight-v3-conn.json'));
    expect(recs).toHaveLength(5);
    expect(recs[0]).toMatchObject({ TimeGenerated: '2026-08-25T06:27:34.245Z', Type: 'Corelight_v3_conn_CL', Dvc: 'sensor06', NetworkDirection: 'Local' });
  });
});

describe('corelight: what users see', () => {
  const one = (record: JsonObject) => {
    const out: unknown[] = [];
    parser.createDecoder(ctx).decodeRecord!(record, { row: (r) => out.push(parser.map(r, ctx)), skip: (reason) => out.push({ skipped: reason }) });
    return out[0] as Record<string, unknown>;
  };
  const base = { _path: 'conn', ts: 1700000000.5, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1234, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF' };

  it('ICMP: type from id.orig_p; id.resp_p is the code only for one-way types, never a port', () => {
    expect(one({ ...base, proto: 'icmp', 'id.orig_p': 3, 'id.resp_p': 13 })).toMatchObject({ NetworkProtocol: 'ICMP', NetworkIcmpType: '3', NetworkIcmpCode: 13 });
    const echo = one({ ...base, proto: 'icmp', 'id.orig_p': 8, 'id.resp_p': 0 });
    expect(echo).toMatchObject({ NetworkIcmpType: '8' });
    expect(echo).not.toHaveProperty('NetworkIcmpCode');
    expect(echo).not.toHaveProperty('DstPortNumber');
    expect(one({ ...base, proto: 'icmp', 'id.orig_h': 'fe80::1', 'id.resp_h': 'ff02::1', 'id.orig_p': 1, 'id.resp_p': 4 })).toMatchObject({ NetworkProtocol: 'IPv6-ICMP', NetworkIcmpType: '1', NetworkIcmpCode: 4 });
  });

  it('direction from local_orig/local_resp: both outside is External; no flags, no direction', () => {
    const dir = (o: boolean | undefined, r: boolean | undefined) => one({ ...base, local_orig: o, local_resp: r }).NetworkDirection;
    expect([dir(true, false), dir(false, true), dir(true, true), dir(false, false), dir(undefined, undefined)]).toEqual(['Outbound', 'Inbound', 'Local', 'External', undefined]);
  });

  it('the end time is ts + duration and NetworkDuration is in milliseconds', () => {
    expect(one({ ...base, duration: 2.5005 })).toMatchObject({ EventStartTime: '2023-11-14T22:13:20.500Z', EventEndTime: '2023-11-14T22:13:23.001Z', NetworkDuration: 2501 });
  });

  it('SrcBytes/DstBytes are IP-level bytes; payload bytes stay in AdditionalFields', () => {
    expect(one({ ...base, orig_bytes: 10, resp_bytes: 20, orig_ip_bytes: 50, resp_ip_bytes: 80 })).toMatchObject({
      SrcBytes: 50, DstBytes: 80, NetworkBytes: 130, AdditionalFields: { orig_bytes: 10, resp_bytes: 20 },
    });
  });

  it('skips other Zeek logs by their type, and conn_long interim records', () => {
    expect(one({ ...base, _path: 'ssl' })).toEqual({ skipped: 'Zeek ssl log (not a conn record)' });
    expect(one({ ...base, _path: 'conn_long' }).skipped).toMatch(/^Zeek conn_long log/);
    expect(one({ '@stream': 'files', ts: 1, uid: 'F' })).toEqual({ skipped: 'Zeek files log (not a conn record)' });
  });

  it('a record without a ts takes the receive time and says so; a table row its TimeGenerated', () => {
    const { ts: _ts, ...noTs } = base;
    expect(one(noTs)).toMatchObject({ TimeGenerated: '2000-01-01T00:00:00.000Z', AdditionalFields: { TimeGeneratedSource: expect.stringContaining('receive time') } });
    const row = parser.fromTableRow({ ...noTs, Type: 'Corelight_v3_conn_CL', TimeGenerated: '2024-01-01T00:00:00Z' }, ctx);
    expect(parser.map(row as ZeekConnRow, ctx)).toMatchObject({ TimeGenerated: '2024-01-01T00:00:00.000Z' });
  });

  it('sniffs TSV conn logs, raw Zeek JSON as records, Corelight tables as rows, and not other sources', () => {
    const tsv = readFileSync(join(fixtures, 'derived-zeek-btest-opt-basic.log'), 'utf8').split('\n').slice(0, 12);
    expect(parser.sniff({ lines: tsv })).toBeGreaterThanOrEqual(0.5);
    const raw = readFileSync(join(fixtures, 'real-otrf-apt29-day2-utica.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonObject);
    expect(parser.sniff({ records: raw })).toBeGreaterThan(parser.sniff({ rows: raw }));
    expect(parser.sniff({ rows: raw })).toBeGreaterThanOrEqual(0.5);
    const v3 = JSON.parse(readFileSync(join(fixtures, 'real-sentinel-corelight-v3-conn.json'), 'utf8')) as JsonObject[];
    expect(parser.sniff({ rows: v3 })).toBeGreaterThan(parser.sniff({ records: v3 }));
    expect(parser.sniff({ rows: v3 })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'] })).toBe(0);
    expect(parser.sniff({ rows: [{ Type: 'CommonSecurityLog', DeviceVendor: 'Fortinet', SourceIP: '10.0.0.1' }] })).toBe(0);
    expect(parser.sniff({ records: [{ time: '2024-01-01T00:00:00Z', properties: { flows: [] } }] })).toBe(0);
    // Vectra Stream isession records use Zeek's names and states, but are vectra-stream's
    const vectra = { metadata_type: 'metadata_isession', ts: 1700000000123, uid: 'S1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 6, conn_state: 'SF' };
    expect(parser.sniff({ records: [vectra] })).toBe(0);
    expect(one(vectra)).toEqual({ skipped: 'not a Zeek record (Vectra Stream metadata_isession)' });
  });

  it('a split TSV file, each part fed the header lines first (splittable), gives what the whole file gives', () => {
    const lines = readFileSync(join(fixtures, 'derived-zeek-btest-opt-basic.log'), 'utf8').split('\n').filter((l) => l !== '');
    const header = lines.filter((l, i) => i < 9 && l.startsWith('#'));
    const run = (part: string[], preamble: string[]) => {
      const decoder = parser.createDecoder(ctx);
      for (const l of preamble) decoder.decode(l, { row: () => {}, skip: () => {} });
      const out: unknown[] = [];
      for (const l of part) decoder.decode(l, { row: (r) => out.push(parser.map(r, ctx)), skip: (reason) => out.push(reason) });
      return out;
    };
    const cut = 25;
    expect([...run(lines.slice(0, cut), []), ...run(lines.slice(cut), header)]).toEqual(run(lines, []));
  });
});

describe('corelight: malformed input is rejected, never anything else (fuzz)', () => {
  const tsvLines = readFileSync(join(fixtures, 'zeek-tsv-documented.log'), 'utf8').split('\n').filter((l) => l !== '');
  const header = tsvLines.slice(0, 8);
  const dataLines = tsvLines.slice(8, 14);
  const jsonRecords = readFileSync(join(fixtures, 'corelight-json-documented.log'), 'utf8').split('\n').slice(0, 10).map((l) => JSON.parse(l) as JsonObject);

  const check = (feed: (decoder: ReturnType<CorelightParser['createDecoder']>, out: { row(r: ZeekConnRow): void; skip(): void }) => void) => {
    const decoder = parser.createDecoder(ctx);
    for (const l of header) decoder.decode(l, { row() {}, skip() {} });
    try {
      feed(decoder, {
        row: (r) => {
          const rec = parser.map(r, ctx);
          const errors = validateNetworkSession(rec).filter((v) => v.severity === 'error');
          expect(errors, JSON.stringify(rec)).toEqual([]);
        },
        skip() {},
      });
    } catch (err) {
      if (!(err instanceof RecordRejected)) throw err;
    }
  };

  it('mutated TSV lines: a valid ASIM record, a skip, or RecordRejected (fuzz)', () => {
    const token = fc.oneof(fc.constantFrom('-', '(empty)', '', '0', '65535', '65536', 'T', 'F', 'tcp', 'icmp', 'unknown_transport', '::1', '1.2.3.4', 'fe80::1%eth0', '1e3', '-1', '1719792000.5', 'X', '\\x41', '\\', ',', '9999999999999'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.constantFrom(...dataLines), fc.array(fc.tuple(fc.nat(), token), { maxLength: 4 }), (line, edits) => {
        const tokens = line.split('\t');
        for (const [at, value] of edits) tokens[at % tokens.length] = value;
        check((decoder, out) => decoder.decode(tokens.join('\t'), out));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated JSON records: a valid ASIM record, a skip, or RecordRejected (fuzz)', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('-', '', 'T', '1.2.3.4', '::', 'tcp', 'icmp', '2024-01-01T00:00:00Z', 65536, -1, 1.5, 3e6, 9e15, 1e300, true, null));
    const keys = fc.constantFrom('ts', 'id.orig_h', 'id.resp_p', 'id_orig_p', 'proto', 'duration', 'orig_ip_bytes', 'local_orig', 'tunnel_parents', 'service', '_path', 'conn_state', 'vlan', 'orig_l2_addr', '_write_ts', 'app', 'ip_proto');
    fc.assert(
      fc.property(fc.constantFrom(...jsonRecords), fc.array(fc.tuple(keys, value), { maxLength: 4 }), (record, edits) => {
        const mutated: JsonObject = { ...record };
        for (const [k, v] of edits) mutated[k] = v;
        check((decoder, out) => decoder.decodeRecord!(mutated, out));
        check((decoder, out) => {
          const row = parser.fromTableRow(mutated, ctx);
          if ('ts' in row || 'uid' in row) out.row(row as ZeekConnRow);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
