import type { DetectorKey } from '@asimkit/schema';
import { interpret } from './mapping.js';
import { AsaSyslogDecoder, asaRow, findTag, parseAsaHeader } from './syslog-decoder.js';

/**
 * The raw decoder with the detector's fast path (see the SDK's `RawDecoder.decodeDetectorKey`):
 * for a plain ASA line it reads the header and the message exactly as `decode` + `map` do (the
 * same `parseAsaHeader`, `asaRow` and `interpret`), and fills the six counted values without
 * building the ASIM record. It declines (returns false) anything else, so the full path decides:
 * non-ASCII bytes, lines without a tag, a header without a time (the full path stamps the receive
 * time and says so), ids that are skipped, malformed lines.
 */
export class AsaRawDecoder extends AsaSyslogDecoder {
  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
    const line = bytes.toString('latin1', start, end);
    const tag = findTag(line);
    if (tag === undefined) return false;
    try {
      const header = parseAsaHeader(line, tag.start, this.time);
      if (header.timeMs === undefined) return false;
      const s = interpret(asaRow(line, tag, header));
      if (!('id' in s)) return false;
      key.timeMs = header.timeMs;
      key.NetworkProtocol = s.protocol ?? '';
      key.DstPortNumber = s.dst.port ?? null;
      key.DstAppName = s.appName ?? '';
      key.NetworkDirection = s.direction ?? '';
      key.DvcAction = s.action ?? '';
      return true;
    } catch {
      return false; // rejected: the full path says why
    }
  }
}
