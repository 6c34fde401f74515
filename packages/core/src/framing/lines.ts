import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * Bytes → lines. A line ends at LF, CRLF or a lone CR (old Mac exports, some relays: without it two
 * CEF records would merge into one). The last line needs no terminator. A line longer than the
 * limit is not kept: it is reported by number, with its first characters, and the run goes on.
 */

/** A batch of lines with the 1-based number of the first one. */
export interface LineBatch {
  readonly lines: string[];
  readonly firstLine: number;
  /** Indices (in `lines`) of lines longer than the limit: `lines[i]` holds only their start. */
  readonly tooLong?: number[];
}

/**
 * Records per batch. Small enough that a batch's lines, rows and records die young: with 4,096 a
 * batch of CEF rows (~10 MiB) outlived the young generation and every batch was promoted, then
 * collected by full GCs (a third of the time of `detect` on PAN-OS logs). 256 cut that run by
 * 40 % and VPC `normalize` by 20 %; a batch still costs one await.
 */
export const BATCH_SIZE = 256;

/** A batch of lines also ends at this much text (a line may be a document holding thousands of records). */
export const BATCH_LINE_TEXT = 4 << 20;

/** How much of a line that is too long is kept for the rejects file. */
export const TOO_LONG_EXCERPT = 256;

const LF = 10;
const CR = 13;

/**
 * Splits chunks into lines in batches (see the module comment). With `eachChunk`, a chunk's lines go
 * out with it, even short of a batch: a followed file's lines must not wait for more to be appended.
 */
export async function* lineBatches(chunks: AsyncIterable<Buffer>, batchSize = BATCH_SIZE, maxLine = Infinity, eachChunk = false): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8'); // keeps a character split across chunks whole
  let decoderMayHoldBytes = false;
  let carry = '';
  /** The carry outgrew the limit: the rest of this line is dropped. */
  let overlong = false;
  /** The previous chunk ended with CR: an LF starting this one belongs to it. */
  let pendingCR = false;
  let lines: string[] = [];
  /** The text in `lines`: long lines (JSON documents of many records) end a batch early. */
  let batchText = 0;
  let tooLong: number[] | undefined;
  let firstLine = 1;
  let lineNo = 1;
  const push = (line: string): LineBatch | undefined => {
    if (overlong || line.length > maxLine) {
      (tooLong ??= []).push(lines.length);
      line = line.slice(0, TOO_LONG_EXCERPT);
      overlong = false;
    }
    lines.push(line);
    lineNo++;
    batchText += line.length;
    if (lines.length < batchSize && batchText < BATCH_LINE_TEXT) return undefined;
    const batch: LineBatch = tooLong ? { lines, firstLine, tooLong } : { lines, firstLine };
    lines = [];
    batchText = 0;
    tooLong = undefined;
    firstLine = lineNo;
    return batch;
  };
  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await it.next();
    } catch (err) {
      // the input broke: the complete lines before the break stand (the cut line is lost)
      if (lines.length) yield tooLong ? { lines, firstLine, tooLong } : { lines, firstLine };
      throw err;
    }
    if (next.done) break;
    const chunk = next.value;
    // Logs are mostly ASCII: latin1 copies bytes, UTF-8 decoding validates them (3x slower).
    const ascii = isAscii(chunk);
    /** Whether the text is the chunk byte for byte: a line is then made from the chunk, not sliced from the text. */
    const byteText = ascii && !decoderMayHoldBytes;
    const text = byteText ? chunk.toString('latin1') : decoder.write(chunk);
    decoderMayHoldBytes = !ascii;
    let start = 0;
    if (pendingCR) {
      pendingCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    const hasCR = text.indexOf('\r', start) !== -1;
    let lf = text.indexOf('\n', start);
    let cr = hasCR ? text.indexOf('\r', start) : -1;
    for (;;) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        if (cr + 1 === text.length) pendingCR = true;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      // A line of its own (a sequential string) rather than a slice of the chunk's text: decoders
      // read it char by char, and each read of a slice goes through its parent (CEF decoding of
      // PAN-OS lines: 15 % faster). The first line joins the carry.
      let line = byteText ? chunk.toString('latin1', start, end) : text.slice(start, end);
      if (carry !== '') {
        line = carry + line;
        carry = '';
      }
      const batch = push(line);
      if (batch) yield batch;
      start = next;
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    }
    if (!overlong) {
      carry = start === 0 ? carry + text : carry + text.slice(start);
      if (carry.length > maxLine) {
        carry = carry.slice(0, TOO_LONG_EXCERPT);
        overlong = true;
      }
    }
    if (eachChunk && lines.length) {
      yield tooLong ? { lines, firstLine, tooLong } : { lines, firstLine };
      lines = [];
      batchText = 0;
      tooLong = undefined;
      firstLine = lineNo;
    }
  }
  carry += decoder.end();
  if (carry !== '' || overlong) {
    const batch = push(carry);
    if (batch) yield batch;
  }
  if (lines.length) yield tooLong ? { lines, firstLine, tooLong } : { lines, firstLine };
}

/** Lines handed over at once by ByteLines, at most. */
const SPAN_LINES = 1024;

/**
 * The same framing over bytes, for the detector's fast path: lines are handed over in batches, as
 * ranges of a buffer, and become strings only if the consumer wants one. `onLines` gets `count`
 * (start, end) pairs in `spans` (reused after it returns), lines of `bytes` numbered from
 * `firstLineNo` (1-based). A line cut by a chunk boundary comes in a batch of its own.
 */
export class ByteLines {
  private carry: Buffer | undefined;
  private overlong = false;
  private pendingCR = false;
  private readonly spans = new Int32Array(2 * SPAN_LINES);
  private count = 0;
  private batchBytes: Buffer | undefined;
  private firstLineNo = 0;
  /** Lines framed so far. */
  lineNo = 0;

  constructor(
    private readonly onLines: (bytes: Buffer, spans: Int32Array, count: number, firstLineNo: number) => void,
    private readonly onTooLong: (excerpt: string, lineNo: number) => void,
    private readonly maxLine = Infinity,
  ) {}

  /** Frames a chunk; the chunk's buffer may be reused by the caller afterwards (what is kept is copied). */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === LF) start = 1;
    }
    const hasCR = chunk.indexOf(CR, start) !== -1;
    let lf = chunk.indexOf(LF, start);
    let cr = hasCR ? chunk.indexOf(CR, start) : -1;
    for (;;) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = chunk[cr + 1] === LF ? cr + 2 : cr + 1;
        if (cr + 1 === chunk.length) this.pendingCR = true;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      this.line(chunk, start, end);
      start = next;
      if (lf !== -1 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CR, start);
    }
    this.flush();
    if (start < chunk.length && !this.overlong) {
      // only the line cut by the chunk boundary is copied
      const rest = chunk.subarray(start);
      this.carry = this.carry ? Buffer.concat([this.carry, rest]) : Buffer.from(rest);
      if (this.carry.length > this.maxLine) {
        this.carry = this.carry.subarray(0, TOO_LONG_EXCERPT);
        this.overlong = true;
      }
    }
  }

  /** The last line, which needs no terminator. */
  end(): void {
    if (this.carry || this.overlong) this.line(Buffer.alloc(0), 0, 0);
    this.flush();
  }

  private line(chunk: Buffer, start: number, end: number): void {
    this.lineNo++;
    let bytes = chunk;
    if (this.carry) {
      bytes = Buffer.concat([this.carry, chunk.subarray(start, end)]);
      start = 0;
      end = bytes.length;
      this.carry = undefined;
    }
    if (this.overlong || end - start > this.maxLine) {
      this.flush();
      this.overlong = false;
      return this.onTooLong(bytes.toString('utf8', start, Math.min(end, start + TOO_LONG_EXCERPT)), this.lineNo);
    }
    if (bytes !== this.batchBytes || this.count === SPAN_LINES) {
      this.flush();
      this.batchBytes = bytes;
      this.firstLineNo = this.lineNo;
    }
    this.spans[2 * this.count] = start;
    this.spans[2 * this.count + 1] = end;
    this.count++;
  }

  private flush(): void {
    if (this.count === 0) return;
    const count = this.count;
    const bytes = this.batchBytes!;
    this.count = 0;
    this.batchBytes = undefined; // a chunk's buffer may be reused: the next batch is another
    this.onLines(bytes, this.spans, count, this.firstLineNo);
  }
}
