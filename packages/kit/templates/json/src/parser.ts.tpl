import type { NetworkSession } from '@asimkit/schema';
import { type RawDecoder, type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '@asimkit/sdk';
import { looksLikeRecord, __Pascal__RecordDecoder } from './decoder.js';
import { map__Pascal__ } from './mapping.js';
import { rowFromTable, TABLE, type __Pascal__Row } from './row.js';

/** __VENDOR__ __PRODUCT__: raw JSON records and exported __TABLE__ rows. */
export class __Pascal__Parser implements SourceParser<__Pascal__Row> {
  readonly id = '__ID__';
  readonly tables = [TABLE];

  createDecoder(): RawDecoder<__Pascal__Row> {
    return new __Pascal__RecordDecoder();
  }

  fromTableRow(row: TableRow): __Pascal__Row | Skip {
    return rowFromTable(row);
  }

  map(row: __Pascal__Row, ctx: StreamContext): NetworkSession | Skip {
    return map__Pascal__(row, TABLE, ctx.receivedAt);
  }

  /** Raw records: 0.9 × the share in the device's shape. Rows: those of __TABLE__. */
  sniff(sample: SniffSample): number {
    if (sample.records?.length) return (0.9 * sample.records.filter(looksLikeRecord).length) / sample.records.length;
    if (sample.rows?.length) return sample.rows.filter((r) => r.Type === TABLE).length / sample.rows.length;
    return 0;
  }
}
