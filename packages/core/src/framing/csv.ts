import { CSV_PARSE_OPTIONS, csvRowBuilder, exportColumnName, InputError, type TableRow } from '@asimkit/sdk';
import { parse as csvParse } from '@asimkit/vendor/csv-parse';
import { Readable } from 'node:stream';
import { BATCH_SIZE } from './lines.js';

/** Table rows in batches, each with the 1-based line its record starts on. */
export interface RowBatch {
  readonly rows: TableRow[];
  readonly positions: number[];
}

/**
 * Streams a CSV export (header row first) as row batches. A broken export (an unclosed quote, a
 * header that names a column twice) is an `InputError` after the rows before the break.
 */
export async function* csvRowBatches(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<RowBatch> {
  const parser = Readable.from(chunks).pipe(csvParse({ ...CSV_PARSE_OPTIONS, info: true }));
  let build: ((cells: readonly string[]) => TableRow) | undefined;
  let prevEnd = 0;
  let batch: RowBatch = { rows: [], positions: [] };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const start = prevEnd + 1;
      prevEnd = info.lines;
      if (!build) {
        checkHeader(record, path);
        build = csvRowBuilder(record);
        continue;
      }
      batch.rows.push(build(record));
      batch.positions.push(start);
      if (batch.rows.length >= BATCH_SIZE) {
        yield batch;
        batch = { rows: [], positions: [] };
      }
    }
  } catch (err) {
    if (batch.rows.length) yield batch;
    if (err instanceof InputError) throw err;
    throw new InputError('broken-csv', `${path}: the CSV export is broken after line ${prevEnd}: ${(err as Error).message}`);
  }
  if (batch.rows.length) yield batch;
}

function checkHeader(header: readonly string[], path: string): void {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const name = exportColumnName(h.replace(/^\uFEFF/, ''));
    const first = seen.get(name);
    if (first !== undefined) throw new InputError('broken-csv', `${path}: the CSV header names column "${name}" twice (columns ${first + 1} and ${i + 1})`);
    seen.set(name, i);
  });
}
