import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { validateNetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip, type JsonObject } from '@asimkit/sdk';
import { describe, expect, it } from 'vitest';
import { VectraStreamParser } from '../src/parser.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new VectraStreamParser();
const ctx = { options: {}, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' };

const rawRecords = readFileSync(join(fixtures, 'isession-raw-documented.log'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('{') && l.endsWith('}'))
  .map((l) => JSON.parse(l) as JsonObject);
const BASE = rawRecords[0]!;

function fromRaw(record: JsonObject): Record<string, unknown> | { skipped: string } {
  const out: (Record<string, unknown> | { skipped: string })[] = [];
  parser.createDecoder(ctx).decodeRecord!(record, { row: (r) => out.push(parser.map(r, ctx) as unknown as Record<string, unknown>), skip: (reason) => out.push({ skipped: reason }) });
  return out[0]!;
}
function fromRow(row: JsonObject): Record<string, unknown> {
  const decoded = parser.fromTableRow(row, ctx);
  if (decoded instanceof Skip) return { skipped: decoded.reason };
  return parser.map(decoded, ctx) as unknown as Record<string, unknown>;
}
/** A raw record as the legacy agent stores it in VectraStream_CL: `.` → `_`, type suffixes. */
function asLegacyRow(record: JsonObject): JsonObject {
  const row: JsonObject = { TimeGenerated: '2023-11-14T22:13:25.000Z', Type: 'VectraStream_CL', hostname_s: 'collector-01', _ItemId: 'item-1' };
  for (const [k, v] of Object.entries(record)) row[k.replace(/\./g, '_') + (typeof v === 'boolean' ? '_b' : typeof v === 'number' ? '_d' : '_s')] = v;
  return row;
}
/** As the AMA DCR writes vectra_isession_CL: `.` → `_`, ms times as datetimes. */
function asAmaRow(record: JsonObject): JsonObject {
  const row: JsonObject = { TimeGenerated: '2023-11-14T22:13:25.000Z', Type: 'vectra_isession_CL' };
  for (const [k, v] of Object.entries(record)) row[k.replace(/\./g, '_')] = k === 'ts' || k.endsWith('_time') ? new Date(v as number).toISOString() : v;
  return row;
}
/** What differs by the form a record came in: the table name, the row id and the collector. */
const formFree = (rec: Record<string, unknown>) => {
  const { Type: _t, EventUid: _u, AdditionalFields, ...rest } = rec;
  const { hostname_s: _h, ...additional } = (AdditionalFields ?? {}) as Record<string, unknown>;
  return { ...rest, AdditionalFields: additional };
};

describe('vectra-stream: one mapping for every form', () => {
  it('a raw isession record, its VectraStream_CL row and its vectra_isession_CL row give the same session', () => {
    for (const record of rawRecords.slice(0, 6)) {
      const raw = fromRaw(record) as Record<string, unknown>;
      expect(formFree(fromRow(asLegacyRow(record)))).toEqual(formFree(raw));
      expect(formFree(fromRow(asAmaRow(record)))).toEqual(formFree(raw));
    }
  });

  it('a table row keeps its table, _ItemId as EventUid, and the collector only in AdditionalFields', () => {
    expect(fromRow(asLegacyRow(BASE))).toMatchObject({ Type: 'VectraStream_CL', EventUid: 'item-1', Dvc: 'sensor-01', AdditionalFields: { hostname_s: 'collector-01' } });
    expect(fromRow(asLegacyRow(BASE))).not.toHaveProperty('DvcHostname');
  });

  it('accepts the legacy table\'s type drift: counters as strings, booleans as 0/1', () => {
    const row = asLegacyRow(BASE);
    row.orig_ip_bytes_s = String(row.orig_ip_bytes_d);
    delete row.orig_ip_bytes_d;
    row.local_orig_b = 1;
    row.local_resp_b = 0;
    expect(formFree(fromRow(row))).toEqual(formFree(fromRaw(BASE) as Record<string, unknown>));
  });
});

describe('vectra-stream: what users see', () => {
  it('times are epoch milliseconds: ts is the end, session_start_time the start, duration already ms', () => {
    expect(fromRaw(BASE)).toMatchObject({
      TimeGenerated: '2023-11-14T22:13:20.123Z', EventEndTime: '2023-11-14T22:13:20.123Z', EventStartTime: '2023-11-14T22:13:18.889Z', NetworkDuration: 1234,
    });
  });

  it('a time in seconds is rejected, never read as 1970', () => {
    expect(() => fromRaw({ ...BASE, ts: 1700000000 })).toThrow(RecordRejected);
  });

  it('conn_state gives the result and the sub type, as for Zeek', () => {
    expect(fromRaw({ ...BASE, conn_state: 'REJ' })).toMatchObject({ EventResult: 'Failure', EventResultDetails: 'Reset', EventSeverity: 'Low', EventSubType: 'End' });
    expect(fromRaw({ ...BASE, conn_state: 'S1' })).toMatchObject({ EventResult: 'Success', EventSubType: 'Start' });
    expect(fromRaw({ ...BASE, conn_state: 'OTH' })).not.toHaveProperty('EventSubType');
  });

  it('direction from local_orig/local_resp; both outside is External', () => {
    const dir = (o: boolean, r: boolean) => (fromRaw({ ...BASE, local_orig: o, local_resp: r }) as Record<string, unknown>).NetworkDirection;
    expect([dir(true, false), dir(false, true), dir(true, true), dir(false, false)]).toEqual(['Outbound', 'Inbound', 'Local', 'External']);
  });

  it('host names: Vectra\'s IP-<addr> placeholders and IP literals are no host names; FQDNs are split', () => {
    const rec = fromRaw({ ...BASE, orig_hostname: 'IP-10.1.2.3', resp_domain: '93.184.216.34', resp_hostname: 'web01.example.org' });
    expect(rec).not.toHaveProperty('SrcHostname');
    expect(rec).toMatchObject({ DstHostname: 'web01', DstDomain: 'example.org', DstFQDN: 'web01.example.org', DstDomainType: 'FQDN' });
  });

  it('service "unknown (unknown)" is no application protocol; VLAN 0 is no VLAN; ICMP has no ports', () => {
    const rec = fromRaw({ ...BASE, service: 'unknown (unknown)', orig_vlan_id: 0, proto: 1, protoName: 'icmp' });
    for (const field of ['NetworkApplicationProtocol', 'SrcVlanId', 'DstVlanId', 'SrcPortNumber', 'DstPortNumber']) expect(rec).not.toHaveProperty(field);
    expect(rec).toMatchObject({ NetworkProtocol: 'ICMP' });
  });

  it('sniffs raw Stream records as records, table rows as rows, and not Zeek records', () => {
    expect(parser.sniff({ records: rawRecords })).toBeGreaterThan(parser.sniff({ rows: rawRecords }));
    expect(parser.sniff({ rows: rawRecords })).toBeGreaterThanOrEqual(0.5);
    const rows = JSON.parse(readFileSync(join(fixtures, 'vectrastream-cl-table-documented.json'), 'utf8')) as JsonObject[];
    expect(parser.sniff({ rows })).toBeGreaterThan(parser.sniff({ records: rows }));
    expect(parser.sniff({ rows })).toBeGreaterThanOrEqual(0.5);
    const zeek = { _path: 'conn', ts: 1.5e9, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF' };
    expect(parser.sniff({ records: [zeek] })).toBe(0);
    expect(parser.sniff({ lines: ['#fields\tts\tuid\tid.orig_h'] })).toBe(0);
  });
});

describe('vectra-stream: malformed input is rejected, never anything else (fuzz)', () => {
  it('mutated records, raw and as table rows: a valid ASIM record, a skip, or RecordRejected (fuzz)', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('', '1.2.3.4', '::', 'IP-1.2.3.4', 'a.b', 'unknown (unknown)', 'S1', 'ipv6', 1e11, 1e15, 9e15, -1, 65536, 0, 1.5, true, 1, null, { name: 'x.y' }));
    const keys = fc.constantFrom('ts', 'timestamp', 'session_start_time', 'duration', 'id.orig_h', 'id.resp_p', 'id.ip_ver', 'proto', 'protoName', 'service', 'conn_state', 'orig_ip_bytes', 'resp_domain', 'orig_hostname', 'resp_hostname', 'orig_vlan_id', 'local_orig', 'metadata_type', 'first_orig_resp_pkt_time', 'sensor_uid');
    fc.assert(
      fc.property(fc.constantFrom(...rawRecords), fc.array(fc.tuple(keys, value), { maxLength: 4 }), (record, edits) => {
        const mutated: JsonObject = { ...record };
        for (const [k, v] of edits) mutated[k] = v;
        for (const attempt of [() => fromRaw(mutated), () => fromRow(asLegacyRow(mutated))]) {
          let rec: unknown;
          try {
            rec = attempt();
          } catch (err) {
            if (err instanceof RecordRejected) continue;
            throw err;
          }
          if (rec && typeof rec === 'object' && 'skipped' in rec) continue;
          const errors = validateNetworkSession(rec).filter((v) => v.severity === 'error');
          expect(errors, JSON.stringify(rec)).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
