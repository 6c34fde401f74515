import { InputError, JsonRecordFramer, jsonRecordsOf, type FramedJson } from '@asimkit/sdk';
import { BATCH_SIZE, lineBatches } from './lines.js';

/**
 * JSON inputs → records. JSON lines are framed by line (a broken line is one rejection, and a
 * line holding a `{"records": [...]}` document yields its records); other JSON (arrays, Azure
 * blobs, pretty-printed documents) by `JsonRecordFramer`, which streams them record by record.
 * Positions: the line for JSON lines, the record's index (1-based) in a document.
 */

/** A parsed record, or one that could not be parsed, with its position and text (for the rejects file). */
export type JsonItem =
  | { readonly value: unknown; readonly position: number; readonly raw: string }
  | { readonly reason: string; readonly detail: string; readonly position: number; readonly raw: string };

/** The deepest nesting a record may have: deeper ones are rejected (their output could not be written). */
export const MAX_JSON_DEPTH = 256;

/** The most of a record's text kept for the rejects file. */
const MAX_RAW = 1 << 20;

/** `eachChunk`: see lineBatches. */
export async function* jsonLineItems(chunks: AsyncIterable<Buffer>, maxLine: number, eachChunk = false): AsyncGenerator<JsonItem[]> {
  for await (const { lines, firstLine, tooLong } of lineBatches(chunks, BATCH_SIZE, maxLine, eachChunk)) {
    const items: JsonItem[] = [];
    const long = tooLong && new Set(tooLong);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const position = firstLine + i;
      if (long?.has(i)) items.push({ reason: 'line-too-long', detail: `the line is longer than ${maxLine} bytes`, position, raw: line });
      else if (line.trim() !== '') parseInto(items, line, position, true);
    }
    yield items;
  }
}

/**
 * A batch of document records ends at BATCH_SIZE records or at this much of their text, whichever
 * comes first: one blob record may hold thousands of flows (an NSG record's tuples each become an
 * ASIM record), so a count alone would let a batch's output grow to gigabytes.
 */
export const BATCH_TEXT = 1 << 20;

export async function* jsonDocumentItems(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<JsonItem[]> {
  let items: JsonItem[] = [];
  let text = 0;
  const framer = new JsonRecordFramer({
    record: (f: FramedJson) => {
      text += f.text.length;
      parseInto(items, f.text, f.index, false);
    },
    rejected: (reason, detail, f) => void items.push({ reason, detail, position: f.index, raw: f.text }),
  }, { maxDepth: MAX_JSON_DEPTH });
  try {
    for await (const chunk of chunks) {
      framer.push(chunk);
      if (items.length >= BATCH_SIZE || text >= BATCH_TEXT) {
        yield items;
        items = [];
        text = 0;
      }
    }
  } catch (err) {
    if (items.length) yield items; // the records framed before the input broke stand
    throw err;
  }
  const cutShort = framer.end();
  if (items.length) yield items;
  if (cutShort) throw new InputError('json-cut-short', `${path}: ${cutShort}`);
}

function parseInto(items: JsonItem[], text: string, position: number, expandContainers: boolean): void {
  const raw = text.length > MAX_RAW ? text.slice(0, MAX_RAW) : text;
  if (depthExceeds(text, MAX_JSON_DEPTH)) {
    items.push({ reason: 'json-depth', detail: `the JSON record is nested deeper than ${MAX_JSON_DEPTH} levels`, position, raw: raw.slice(0, 200) });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    items.push({ reason: 'invalid-json', detail: `invalid JSON: ${(err as Error).message}`, position, raw });
    return;
  }
  if (expandContainers && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const records = jsonRecordsOf(value as Record<string, unknown>);
    if (records.length !== 1 || records[0] !== value) {
      for (const r of records) items.push({ value: r, position, raw: JSON.stringify(r) ?? '' });
      return;
    }
  }
  items.push({ value, position, raw });
}

/** Whether brackets outside strings nest deeper than `max` (a cheap scan before JSON.parse). */
function depthExceeds(text: string, max: number): boolean {
  if (text.length < 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
