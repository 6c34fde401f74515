import type { DetectorKey } from '@asimkit/schema';
import { interpretMessage } from './mapping.js';
import { AsaSyslogDecoder, findTag, parseAsaHeader } from './syslog-decoder.js';

/** A raw line fills none of the network columns. */
const NO_COLUMNS = {};

/**
 * The raw decoder with the detector's fast path (see the SDK's `RawDecoder.decodeDetectorKey`):
 * for a plain ASA line it reads the header and the message exactly as `decode` + `map` do (the
 * same `parseAsaHeader` and `interpretMessage` on the text the row's Message holds), and fills the
 * six counted values without building the row or the ASIM record. It declines (returns false)
 * anything else, so the full path decides: lines without a tag, a header without a time (the full
 * path stamps the receive time and says so), ids that are skipped, malformed lines.
 */
export class AsaRawDecoder extends AsaSyslogDecoder {
  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    const line = bytes.toString('utf8', start, end); // as the pipeline decodes a line for the full path
    const tag = findTag(line);
    if (tag === undefined) return false;
    try {
      const header = parseAsaHeader(line, tag.start, this.time);
      if (header.timeMs === undefined) return false;
      // (the Message column is read only where the network columns stand in for the text: never for a raw line)
      const s = interpretMessage(tag.id, tag.product, line, line.slice(tag.end).trim(), NO_COLUMNS);
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
