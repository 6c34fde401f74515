import { RecordRejected, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import { address, type __Pascal__Row } from './row.js';

/**
 * The raw line format: space-separated fields, `#` lines are comments.
 *   <time> <device> <kind> <action> <protocol> <src ip> <src port> <dst ip> <dst port> <sent bytes> <received bytes>
 * A `-` stands for a value the device did not have.
 */
export const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z \S+ [a-z]+ [a-z]+ [a-z0-9]+ (?:\S+ ){5}\S+$/;
const FIELD_COUNT = 11;

/** `-` → absent; otherwise an integer in [0, max], or the record is rejected naming the field. */
export function intField(text: string, name: string, max: number): number | undefined {
  if (text === '-' || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max || !/^\d+$/.test(text)) throw new RecordRejected('bad-value', `${name} "${text}" is not an integer in 0..${max}`);
  return n;
}

export function timeField(text: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || !Number.isFinite(ms)) throw new RecordRejected('bad-time', `time "${text}" is not an ISO-8601 UTC time`);
  return new Date(ms).toISOString();
}

/** Decodes one raw line into a row; the decoder keeps no state between lines. */
export class __Pascal__LineDecoder implements RawDecoder<__Pascal__Row> {
  decode(text: string, out: RowOutput<__Pascal__Row>): void {
    if (text.startsWith('#')) return out.skip('comment line');
    const f = text.split(' ');
    if (f.length !== FIELD_COUNT) throw new RecordRejected('field-count', `expected ${FIELD_COUNT} space-separated fields, got ${f.length}`);
    out.row({
      EventTime: timeField(f[0]!),
      Device: f[1]!,
      Kind: f[2]!,
      Action: f[3]!,
      Protocol: f[4]!,
      SrcIp: address(f[5], 'source address'),
      SrcPort: intField(f[6]!, 'source port', 65535),
      DstIp: address(f[7], 'destination address'),
      DstPort: intField(f[8]!, 'destination port', 65535),
      SentBytes: intField(f[9]!, 'sent bytes', Number.MAX_SAFE_INTEGER),
      ReceivedBytes: intField(f[10]!, 'received bytes', Number.MAX_SAFE_INTEGER),
    });
  }
}
