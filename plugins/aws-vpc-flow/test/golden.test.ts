import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParserOnFile } from '@asimkit/sdk/testkit';
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { AwsVpcFlowParser } from '../src/parser.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new AwsVpcFlowParser();

describeGoldenFixtures(parser, fixtures);

describe('aws-vpc-flow edge cases', () => {
  const outcomes = (name: string, options = {}) => runParserOnFile(parser, `${fixtures}/${name}`, options);

  it('a gzip S3 object gives exactly what the plain file gives', () => {
    expect(outcomes('v2-s3-object.log.gz')).toEqual(outcomes('v2-default-with-header.log'));
  });

  it('a stream without a header uses the default v2 format', () => {
    const withHeader = outcomes('v2-default-with-header.log').slice(1);
    expect(outcomes('v2-default-no-header.log')).toEqual(
      withHeader.map((o) => {
        const skipped = (o as { _skipped?: { line: number; reason: string } })._skipped;
        return skipped ? { _skipped: { ...skipped, line: skipped.line - 1 } } : o;
      }),
    );
  });

  it('NODATA and SKIPDATA are skipped with their reason, never emitted', () => {
    const skipped = outcomes('v2-default-with-header.log').filter((o) => '_skipped' in o);
    expect(skipped.map((o) => (o as { _skipped: { reason: string } })._skipped.reason)).toEqual([
      'header line',
      'log-status NODATA (no traffic in the interval)',
      'log-status SKIPDATA (AWS skipped records; flows were lost)',
    ]);
  });

  it('every malformed line is rejected with its reason and line, and good lines around it still parse', () => {
    const all = outcomes('malformed.log');
    const rejected = all.filter((o) => '_rejected' in o).map((o) => (o as { _rejected: { line: number; reason: string } })._rejected);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'field-count'],
      [4, 'bad-value'],
      [5, 'bad-value'],
      [6, 'bad-value'],
      [7, 'bad-value'],
      [8, 'bad-value'],
      [11, 'field-count'],
      [12, 'bad-value'],
      [13, 'bad-header'],
    ]);
    // line 14 follows the rejected header and still parses with the format in force
    expect(all.filter((o) => 'EventType' in o)).toHaveLength(2);
  });

  it('a format without log-status keeps its records (MS would drop them all)', () => {
    const recs = outcomes('v3-nat-gateway-custom.log').filter((o) => 'EventType' in o);
    expect(recs).toHaveLength(4);
    expect(recs[0]).toMatchObject({ SrcIpAddr: '10.0.1.5', DstIpAddr: '10.0.0.220', DstNatIpAddr: '203.0.113.5' });
    expect(recs[0]).not.toHaveProperty('SrcNatIpAddr');
  });

  it('the format option accepts AWS ${field} syntax, plain lists and underscore names', () => {
    const line = '10.0.0.1 10.0.0.2 443 OK';
    for (const format of ['${srcaddr} ${dstaddr} ${dstport} ${log-status}', 'srcaddr dstaddr dstport log_status', 'srcaddr,dstaddr,dstport,log-status']) {
      const decoder = parser.createDecoder({ options: { format }, path: '-', log: console, receivedAt: '2000-01-01T00:00:00.000Z' });
      const rows: unknown[] = [];
      decoder.decode(line, { row: (r) => rows.push(r), skip: () => {} });
      expect(rows).toEqual([{ SrcAddr: '10.0.0.1', DstAddr: '10.0.0.2', DstPort: 443, LogStatus: 'OK', Version: 2 }]);
    }
  });

  it('an unknown field in the format option is a configuration error naming it', () => {
    const result = parser.optionsSchema.safeParse({ format: 'srcaddr dst-address' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('dst-address');
  });

  it('sniffs headers and default-format lines, and not other text', () => {
    expect(parser.sniff({ lines: ['version account-id interface-id srcaddr'] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'] })).toBeGreaterThanOrEqual(0.5);
    expect(parser.sniff({ lines: ['<134>Oct 11 22:14:15 host CEF:0|Palo Alto Networks|PAN-OS|9.1|end|TRAFFIC|1|src=10.0.0.1'] })).toBeLessThan(0.5);
    expect(parser.sniff({ rows: [{ InterfaceId: 'eni-1', LogStatus: 'OK' }] })).toBeGreaterThanOrEqual(0.5);
  });
});
