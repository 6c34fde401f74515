import type { NetworkSession } from '@asimkit/schema';
import { type RawDecoder, type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '@asimkit/sdk';
import { LINE, __Pascal__LineDecoder } from './decoder.js';
import { map__Pascal__ } from './mapping.js';
import { rowFromTable, TABLE, type __Pascal__Row } from './row.js';

/** __VENDOR__ __PRODUCT__: raw lines (one session per line) and exported __TABLE__ rows. */
export class __Pascal__Parser implements SourceParser<__Pascal__Row> {
  readonly id = '__ID__';
  readonly tables = [TABLE];
  /** Lines are independent: a large file may be split among worker threads. */
  readonly splittable = true;

  createDecoder(): RawDecoder<__Pascal__Row> {
    return new __Pascal__LineDecoder();
  }

  /** Per-line routing (a relay file mixing devices): the lines of this format are ours. */
  claimsLine(line: string): boolean {
    return LINE.test(line);
  }

  fromTableRow(row: TableRow): __Pascal__Row | Skip {
    return rowFromTable(row);
  }

  map(row: __Pascal__Row, ctx: StreamContext): NetworkSession | Skip {
    return map__Pascal__(row, TABLE, ctx.receivedAt);
  }

  /** Raw lines: 0.9 × the share of lines in this format (comments aside). Rows: those of __TABLE__. */
  sniff(sample: SniffSample): number {
    if (sample.lines) {
      const lines = sample.lines.filter((l) => !l.startsWith('#'));
      return lines.length === 0 ? 0 : (0.9 * lines.filter((l) => LINE.test(l)).length) / lines.length;
    }
    if (sample.rows?.length) return sample.rows.filter((r) => r.Type === TABLE).length / sample.rows.length;
    return 0;
  }
}
