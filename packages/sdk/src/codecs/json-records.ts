/**
 * Streaming framing of JSON documents into records, without holding the document: a JSON array's
 * elements (Log Analytics exports), the `records` array of an Azure diagnostic blob or Event Hub
 * capture (`{"records": [...]}`, up to hundreds of MB), and top-level objects one after another
 * (concatenated or pretty-printed documents). Each record's text is parsed on its own, so one
 * malformed record is one rejection, and a document cut short keeps every record before the cut.
 *
 * A byte scanner: strings, escapes and bracket depth are tracked; only the current record is
 * buffered. Structural characters are ASCII, so UTF-8 needs no decoding until a record is complete.
 */

/** One framed record: its text, the 1-based line it starts on, and its 1-based index in the input. */
export interface FramedJson {
  readonly text: string;
  readonly line: number;
  readonly index: number;
}

/** What the framer reports; `record` and `rejected` are called in input order. */
export interface JsonFramerSink {
  /** A complete record (an object or another value: the caller decides what to do with non-objects). */
  record(framed: FramedJson): void;
  /** A record that cannot be parsed as a unit: nested deeper than the limit, or larger than the cap. */
  rejected(reason: JsonRejectReason, detail: string, framed: FramedJson): void;
}

export type JsonRejectReason = 'json-depth' | 'record-too-large' | 'invalid-json';

export interface JsonFramerLimits {
  /** Deepest nesting a record may have (default 256; real records nest fewer than 10 levels). */
  readonly maxDepth?: number;
  /** Largest record, in bytes (default 64 MiB). Larger ones are rejected without being buffered. */
  readonly maxRecordBytes?: number;
}

const enum C {
  LF = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9,
  QUOTE = 34,
  COMMA = 44,
  COLON = 58,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
}

/** Where records are: top-level values, a top-level array's elements, or a `records` array's elements. */
const enum Frame {
  Top = 0,
  Array = 1,
  Container = 2,
}

const RECORDS_KEY = Buffer.from('"records"');
/** A container's head (`{ "records": [`) is short; longer prefixes are not checked. */
const MAX_HEAD = 64;

/**
 * Push chunks, then `end()`. `end()` returns undefined when the document was complete, else what
 * was cut short, for the caller to report as an input failure (the records before it stand).
 */
export class JsonRecordFramer {
  private readonly maxDepth: number;
  private readonly maxRecordBytes: number;
  private frame: Frame = Frame.Top;
  /** Bracket depth at which a value is a record (-1: none, the rest of a container after `records`). */
  private recordDepth = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current record's bytes so far, or undefined between records. */
  private parts: Buffer[] | undefined;
  private partBytes = 0;
  private tooLarge = false;
  private deepest = 0;
  /** The current record is a string, or a bare token (number, word, garbage), rather than an object or array. */
  private stringRecord = false;
  private bare = false;
  /** The current record is a top-level object whose first nested bracket has not been seen: maybe a container. */
  private maybeContainer = false;
  private recordLine = 0;
  private line = 1;
  private index = 0;

  constructor(
    private readonly sink: JsonFramerSink,
    limits: JsonFramerLimits = {},
  ) {
    this.maxDepth = limits.maxDepth ?? 256;
    this.maxRecordBytes = limits.maxRecordBytes ?? 64 << 20;
  }

  push(chunk: Buffer): void {
    let start = this.parts !== undefined ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i]!;
      if (c === C.LF) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === C.BACKSLASH) this.escaped = true;
        else if (c === C.QUOTE) {
          this.inString = false;
          if (this.stringRecord) start = this.finish(chunk, start, i + 1);
        }
        continue;
      }
      if (this.bare) {
        if (!isDelimiter(c)) continue;
        start = this.finish(chunk, start, i);
      }
      const atRecordLevel = this.depth === this.recordDepth && this.parts === undefined;
      switch (c) {
        case C.QUOTE:
          if (atRecordLevel) {
            start = this.begin(i);
            this.stringRecord = true;
          }
          this.inString = true;
          break;
        case C.LBRACKET:
        case C.LBRACE:
          if (atRecordLevel && this.frame === Frame.Top && c === C.LBRACKET) {
            this.frame = Frame.Array; // a top-level array: its elements are the records
            this.recordDepth = 1;
            this.depth++;
            break;
          }
          if (atRecordLevel) {
            start = this.begin(i);
            this.maybeContainer = this.frame === Frame.Top;
          }
          this.depth++;
          if (this.parts !== undefined && this.depth - this.recordDepth > this.deepest) this.deepest = this.depth - this.recordDepth;
          if (this.maybeContainer && this.depth === 2) {
            this.maybeContainer = false;
            if (c === C.LBRACKET && this.isContainerHead(chunk, start, i)) {
              this.parts = undefined;
              start = -1;
              this.frame = Frame.Container;
              this.recordDepth = 2;
            }
          }
          break;
        case C.RBRACKET:
        case C.RBRACE:
          if (this.depth === 0) {
            start = this.finish(chunk, this.begin(i), i + 1); // a closer with nothing open: garbage
            break;
          }
          this.depth--;
          if (this.parts !== undefined && this.depth === this.recordDepth) start = this.finish(chunk, start, i + 1);
          else if (this.depth < this.recordDepth) this.closeRecordArray();
          if (this.frame === Frame.Container && this.depth === 0) {
            this.frame = Frame.Top;
            this.recordDepth = 0;
          }
          break;
        case C.SPACE:
        case C.TAB:
        case C.LF:
        case C.CR:
        case C.COMMA:
        case C.COLON:
          break;
        default:
          if (atRecordLevel) {
            start = this.begin(i);
            this.bare = true;
          }
      }
    }
    if (this.parts !== undefined && start >= 0) this.keep(chunk.subarray(start));
  }

  /** The array holding the records closed: a top-level array ends; the rest of a container holds no records. */
  private closeRecordArray(): void {
    if (this.frame === Frame.Array) {
      this.frame = Frame.Top;
      this.recordDepth = 0;
    } else this.recordDepth = -1;
  }

  /** Ends the input; returns what was left open (undefined when the document was complete). */
  end(): string | undefined {
    if (this.bare) this.finish(Buffer.alloc(0), -1, 0);
    if (this.parts !== undefined) {
      this.parts = undefined;
      return `the JSON input ends inside a record that starts on line ${this.recordLine} (cut short?)`;
    }
    if (this.inString) return 'the JSON input ends inside a string (cut short?)';
    if (this.depth > 0) return `the JSON input ends with ${this.depth} unclosed bracket${this.depth > 1 ? 's' : ''} (cut short?)`;
    return undefined;
  }

  private begin(i: number): number {
    this.parts = [];
    this.partBytes = 0;
    this.tooLarge = false;
    this.deepest = 0;
    this.stringRecord = false;
    this.bare = false;
    this.maybeContainer = false;
    this.recordLine = this.line;
    return i;
  }

  private keep(part: Buffer): void {
    if (this.tooLarge || part.length === 0) return;
    if (this.partBytes + part.length > this.maxRecordBytes) {
      this.tooLarge = true;
      this.parts!.length = 0;
      return;
    }
    this.parts!.push(Buffer.from(part)); // a copy: the caller may reuse the chunk's buffer
    this.partBytes += part.length;
  }

  /** Ends the current record at `end` of this chunk and reports it; returns -1 (no record open). */
  private finish(chunk: Buffer, start: number, end: number): number {
    if (start >= 0) this.keep(chunk.subarray(start, end));
    const parts = this.parts!;
    this.parts = undefined;
    this.bare = this.stringRecord = false;
    const framed = { text: '', line: this.recordLine, index: ++this.index };
    if (this.tooLarge) {
      this.sink.rejected('record-too-large', `a JSON record larger than ${this.maxRecordBytes} bytes`, framed);
      return -1;
    }
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    if (this.deepest > this.maxDepth) {
      this.sink.rejected('json-depth', `a JSON record nested ${this.deepest} levels deep (the limit is ${this.maxDepth})`, { ...framed, text: text.slice(0, 200) });
      return -1;
    }
    this.sink.record({ ...framed, text });
    return -1;
  }

  /** Whether the record so far, up to the `[` at `i`, is `{ "records" : [`. */
  private isContainerHead(chunk: Buffer, start: number, i: number): boolean {
    const size = this.partBytes + (i + 1 - Math.max(start, 0));
    if (size > MAX_HEAD) return false;
    const tail = chunk.subarray(Math.max(start, 0), i + 1);
    return isRecordsHead(this.parts!.length ? Buffer.concat([...this.parts!, tail]) : tail);
  }
}

function isDelimiter(c: number): boolean {
  return c === C.COMMA || c === C.RBRACKET || c === C.RBRACE || c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR || c === C.LBRACE || c === C.LBRACKET || c === C.QUOTE;
}

/** `{ "records" : [`: the head of a container, whose first key is `records`. */
function isRecordsHead(head: Buffer): boolean {
  let i = 1;
  const skip = () => {
    while (i < head.length && (head[i] === C.SPACE || head[i] === C.TAB || head[i] === C.LF || head[i] === C.CR)) i++;
  };
  skip();
  if (i + RECORDS_KEY.length > head.length || head.compare(RECORDS_KEY, 0, RECORDS_KEY.length, i, i + RECORDS_KEY.length) !== 0) return false;
  i += RECORDS_KEY.length;
  skip();
  if (head[i] !== C.COLON) return false;
  i++;
  skip();
  return head[i] === C.LBRACKET && i === head.length - 1;
}

/** Frames a whole JSON text at once (the test kit; small inputs). Returns the records, rejections and what was cut short. */
export function frameJsonText(text: string | Buffer, limits?: JsonFramerLimits): { records: FramedJson[]; rejected: { reason: JsonRejectReason; detail: string; framed: FramedJson }[]; cutShort?: string } {
  const records: FramedJson[] = [];
  const rejected: { reason: JsonRejectReason; detail: string; framed: FramedJson }[] = [];
  const framer = new JsonRecordFramer({ record: (f) => void records.push(f), rejected: (reason, detail, framed) => void rejected.push({ reason, detail, framed }) }, limits);
  framer.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  const cutShort = framer.end();
  return cutShort === undefined ? { records, rejected } : { records, rejected, cutShort };
}
