import { CSV_PARSE_OPTIONS, csvRowBuilder, normalizeJsonRow, type TableRow } from '@asimkit/sdk';
import { parse as csvParse } from '@asimkit/vendor/csv-parse';
import { Readable } from 'node:stream';
import type { LineBatch } from './inputs.js';
import { BATCH_SIZE } from './inputs.js';

/** Table rows in batches, each with the 1-based line its record starts on (index+1 for JSON arrays). */
export interface RowBatch {
  readonly rows: (TableRow | Error)[];
  readonly positions: number[];
  /** The text of each row for the rejects file (only kept for rows that failed to parse). */
  readonly raws?: (string | undefined)[];
}

/** Streams a CSV export (header row first) as row batches. */
export async function* csvRowBatches(chunks: AsyncIterable<Buffer>): AsyncGenerator<RowBatch> {
  const parser = Readable.from(chunks).pipe(csvParse({ ...CSV_PARSE_OPTIONS, info: true }));
  let build: ((cells: readonly string[]) => TableRow) | undefined;
  let prevEnd = 0;
  let batch: RowBatch = { rows: [], positions: [] };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const start = prevEnd + 1;
    prevEnd = info.lines;
    if (!build) {
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
  if (batch.rows.length) yield batch;
}

/** A JSON-array export, read whole (Log Analytics caps such exports well below memory limits). */
export async function* jsonArrayRowBatches(chunks: AsyncIterable<Buffer>): AsyncGenerator<RowBatch> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  const doc = JSON.parse(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  if (!Array.isArray(doc)) throw new Error('a JSON export must be an array of row objects');
  for (let i = 0; i < doc.length; i += BATCH_SIZE) {
    const rows = doc.slice(i, i + BATCH_SIZE).map((o: unknown) => (isObject(o) ? normalizeJsonRow(o) : new Error('array item is not an object')));
    yield { rows, positions: rows.map((_, j) => i + j + 1) };
  }
}

/** JSON lines, each a table row; a line that is not a JSON object becomes an Error row (rejected). */
export async function* jsonlRowBatches(lines: AsyncIterable<LineBatch>): AsyncGenerator<RowBatch> {
  for await (const { lines: ls, firstLine } of lines) {
    const batch: RowBatch = { rows: [], positions: [], raws: [] };
    for (let i = 0; i < ls.length; i++) {
      const line = ls[i]!;
      if (line.trim() === '') continue;
      batch.positions.push(firstLine + i);
      batch.raws!.push(line);
      try {
        const o = JSON.parse(line) as unknown;
        batch.rows.push(isObject(o) ? normalizeJsonRow(o) : new Error('line is not a JSON object'));
      } catch (err) {
        batch.rows.push(new Error(`invalid JSON: ${(err as Error).message}`));
      }
    }
    yield batch;
  }
}

function isObject(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}
