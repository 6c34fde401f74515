import { InputError, XmlEventFramer, type FramedXml } from '@asimkit/sdk';
import { BATCH_SIZE } from './lines.js';

/** An XML event's text with the line it starts on, or one that could not be framed. */
export type XmlItem = { readonly text: string; readonly line: number } | { readonly reason: string; readonly detail: string; readonly line: number; readonly raw: string };

/**
 * Windows event XML (`wevtutil qe /f:xml`, Event Viewer exports, forwarded events) → one record per
 * `<Event>`, in batches, positioned by the line it starts on (`XmlEventFramer`). An input cut short
 * inside an event is an `InputError` after the events before it.
 */
export async function* xmlEventItems(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<XmlItem[]> {
  let items: XmlItem[] = [];
  const framer = new XmlEventFramer({
    record: (f: FramedXml) => void items.push({ text: f.text, line: f.line }),
    rejected: (reason, detail, f) => void items.push({ reason, detail, line: f.line, raw: f.text }),
  });
  try {
    for await (const chunk of chunks) {
      framer.push(chunk);
      if (items.length >= BATCH_SIZE) {
        yield items;
        items = [];
      }
    }
  } catch (err) {
    if (items.length) yield items; // the events framed before the input broke stand
    throw err;
  }
  const cutShort = framer.end();
  if (items.length) yield items;
  if (cutShort) throw new InputError('xml-cut-short', `${path}: ${cutShort}`);
}
