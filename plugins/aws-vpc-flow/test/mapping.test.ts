// Property: mapFlow's literal for complete rows of the default format (mapDefaultFlow) makes the
// record mapFlowByField makes, with the same keys in the same order, for any row: complete or not,
// with odd values, extra or missing columns, another column order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapFlow, mapFlowByField } from '../src/mapping.js';
import type { AwsVpcFlowRow } from '../src/row.js';

const RECEIVED = '2024-05-01T12:00:00.000Z';

/** The record, or the error thrown (a row the table form may give, such as a null address, is a parser error). */
function outcome(map: typeof mapFlow, row: AwsVpcFlowRow): unknown {
  try {
    const rec = map(row, RECEIVED);
    return { rec, keys: Object.keys(rec), json: JSON.stringify(rec) };
  } catch (err) {
    return { thrown: String(err) };
  }
}

const iso = fc.oneof(
  fc.integer({ min: 1_714_521_600, max: 1_714_608_000 }).map((s) => new Date(s * 1000).toISOString()),
  fc.constantFrom('2024-05-01T00:00:00.000Z', '2024-05-01T00:00:00Z', '2024-02-30T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z', 'not a time', ''),
);
const str = (...usual: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom('', undefined, null as unknown as string) });
const num = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 70_000 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 0, -1, Number.NaN, 2 ** 40, null as unknown as number) });

/** A row in the default format's column order, as the raw decoder builds it, or nearly. */
const v2Row = fc
  .record({
    Version: fc.oneof({ weight: 6, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 5) }),
    AccountId: str('123456789012'),
    InterfaceId: str('eni-0afc59bf07f5edb97', 'eni-1'),
    SrcAddr: str('10.0.0.1', '172.31.16.139', 'fe80::1', '2001:db8::1'),
    DstAddr: str('10.0.0.2', '::1'),
    SrcPort: num,
    DstPort: num,
    Protocol: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(6, 17, 1) }, { weight: 1, arbitrary: num }),
    Packets: num,
    Bytes: num,
    TimeGenerated: fc.oneof({ weight: 6, arbitrary: iso }, { weight: 1, arbitrary: fc.constant(undefined) }),
    End: fc.oneof({ weight: 6, arbitrary: iso }, { weight: 1, arbitrary: fc.constant(undefined) }),
    Action: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('ACCEPT', 'REJECT') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'toString', 'DROP', '') }),
    LogStatus: fc.oneof({ weight: 6, arbitrary: fc.constant('OK') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'NODATA', 'SKIPDATA', 'OTHER') }),
  })
  .chain((row) =>
    fc.constantFrom('as is', 'as is', 'as is', 'extra column', 'tcp flags', 'table columns', 'one left out', 'reordered').map((change) => {
      const r: Record<string, unknown> = { ...row };
      if (change === 'extra column') r.Region = 'eu-west-1';
      if (change === 'tcp flags') r.TcpFlags = 19;
      if (change === 'table columns') Object.assign(r, { Type: 'AWSVPCFlow', _ResourceId: '/subscriptions/x', VpcId: 'vpc-1' });
      if (change === 'one left out') delete r.Protocol;
      return (change === 'reordered' ? Object.fromEntries(Object.entries(r).reverse()) : r) as AwsVpcFlowRow;
    }),
  );

describe('mapFlow', () => {
  it("makes mapFlowByField's record, keys in the same order, for rows of the default format and rows nearly like them", () => {
    fc.assert(
      fc.property(v2Row, (row) => {
        expect(outcome(mapFlow, row)).toStrictEqual(outcome(mapFlowByField, row));
      }),
      { numRuns: 5000 },
    );
  });

  it('a complete row of the default format, and the same row with a duration ASIM cannot hold', () => {
    const row: AwsVpcFlowRow = {
      Version: 2, AccountId: '123456789012', InterfaceId: 'eni-1', SrcAddr: '10.0.0.1', DstAddr: '10.0.0.2', SrcPort: 443, DstPort: 50000,
      Protocol: 6, Packets: 10, Bytes: 8000, TimeGenerated: '2024-05-01T00:00:00.000Z', End: '2024-05-01T00:01:00.000Z', Action: 'ACCEPT', LogStatus: 'OK',
    };
    for (const r of [row, { ...row, End: '2024-06-01T00:00:00.000Z' }, { ...row, End: '2023-06-01T00:00:00.000Z' }]) {
      expect(outcome(mapFlow, r)).toStrictEqual(outcome(mapFlowByField, r));
    }
  });
});
