import { RecordRejected, type JsonObject, type RawDecoder, type RowOutput } from '@asimkit/sdk';
import { address, type __Pascal__Row } from './row.js';

/**
 * The raw JSON record the device writes (one per JSON line, array element, or `records` entry):
 *   {"time": "...", "device": "fw01", "kind": "traffic", "action": "allow", "proto": "tcp",
 *    "src": {"ip": "...", "port": 51514}, "dst": {"ip": "...", "port": 443}, "bytes": {"sent": 1, "received": 2}}
 */
export function looksLikeRecord(r: JsonObject): boolean {
  return typeof r.kind === 'string' && typeof r.action === 'string' && isObject(r.src) && isObject(r.dst);
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new RecordRejected('bad-value', `"${name}" must be a non-empty string`);
  return v;
}

function int(v: unknown, name: string, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new RecordRejected('bad-value', `"${name}" ${JSON.stringify(v)} is not an integer in 0..${max}`);
  return v;
}

function time(v: unknown): string {
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RecordRejected('bad-time', `"time" ${JSON.stringify(v)} is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

/** Decodes raw JSON records into rows; it keeps no state between records. */
export class __Pascal__RecordDecoder implements RawDecoder<__Pascal__Row> {
  decode(): void {
    throw new RecordRejected('not-json', 'this source writes JSON records, not text lines');
  }

  decodeRecord(r: JsonObject, out: RowOutput<__Pascal__Row>): void {
    if (!looksLikeRecord(r)) throw new RecordRejected('not-a-record', 'the JSON object lacks kind, action, src or dst');
    const src = r.src as JsonObject;
    const dst = r.dst as JsonObject;
    const bytes = isObject(r.bytes) ? r.bytes : {};
    out.row({
      EventTime: time(r.time),
      Device: text(r.device, 'device'),
      Kind: r.kind as string,
      Action: r.action as string,
      Protocol: typeof r.proto === 'string' ? r.proto : '',
      SrcIp: address(typeof src.ip === 'string' ? src.ip : undefined, 'src.ip'),
      SrcPort: int(src.port, 'src.port', 65535),
      DstIp: address(typeof dst.ip === 'string' ? dst.ip : undefined, 'dst.ip'),
      DstPort: int(dst.port, 'dst.port', 65535),
      SentBytes: int(bytes.sent, 'bytes.sent', Number.MAX_SAFE_INTEGER),
      ReceivedBytes: int(bytes.received, 'bytes.received', Number.MAX_SAFE_INTEGER),
    });
  }
}
