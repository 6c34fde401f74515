/**
 * Streaming framing of XML event files into records: concatenated `<Event>` elements (one per line
 * or not, pretty-printed or not), optionally inside an `<Events>` wrapper (`wevtutil qe /f:xml`
 * with `/e:Events`, Event Viewer's "Save as XML"), optionally after an `<?xml ...?>` prologue. Each
 * top-level element (or each child of the wrapper) is one record, positioned by the line its `<`
 * is on. Comments and processing instructions between records are skipped; text between records
 * that is not whitespace is reported as rejected (`xml-text`).
 *
 * A byte scanner over Buffer chunks (markup is ASCII, so UTF-8 needs no decoding until a record is
 * complete): tags, quoted attribute values, comments, CDATA and PIs are tracked so that a `>` or `<`
 * inside them does not end a tag. Well-formedness inside a record is the XML reader's job (`parseXml`).
 */

/** One framed record: its text, the 1-based line it starts on, and its 1-based index in the input. */
export interface FramedXml {
  readonly text: string;
  readonly line: number;
  readonly index: number;
}

export type XmlRejectReason = 'xml-text' | 'xml' | 'record-too-large';

export interface XmlFramerSink {
  record(framed: FramedXml): void;
  rejected(reason: XmlRejectReason, detail: string, framed: FramedXml): void;
}

export interface XmlFramerLimits {
  /** Largest record in bytes (default 16 MiB); larger ones are rejected without being buffered. */
  readonly maxRecordBytes?: number;
}

const enum C {
  LF = 10,
  TAB = 9,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  SQUOTE = 39,
  DASH = 45,
  SLASH = 47,
  COLON = 58,
  LT = 60,
  GT = 62,
  QUESTION = 63,
  LBRACKET = 91,
  RBRACKET = 93,
}

const enum S {
  Text,
  /** Just after `<`. */
  Open,
  /** In a start or end tag; `quote` is the open quote, if any. */
  Tag,
  /** After `<!`: a comment, CDATA or a declaration follows. */
  Bang,
  Comment,
  Cdata,
  Pi,
  /** `<!DOCTYPE ...>` and other declarations: skipped to the next `>` outside quotes. */
  Decl,
}

const WRAPPER = 'Events';
const MAX_NAME = 64;

/** Push chunks, then `end()`, which returns undefined when the input ended between records, else what was cut short. */
export class XmlEventFramer {
  private readonly maxRecordBytes: number;
  private state = S.Text;
  private quote = 0;
  /** Bytes of the current markup's terminator matched so far (`-->`, `]]>`, `?>`), or `-`s after `<!`. */
  private run = 0;
  private bangBytes = 0;
  private depth = 0;
  /** Depth at which elements are records: 0, or 1 inside an `<Events>` wrapper. */
  private base = 0;
  private endTag = false;
  private selfClosing = false;
  private lastTagByte = 0;
  private readonly nameBytes = new Uint8Array(MAX_NAME);
  private nameLength = 0;
  private nameDone = false;
  /** The current record's bytes so far, or undefined between records. */
  private parts: Buffer[] | undefined;
  private partBytes = 0;
  private tooLarge = false;
  /** A tag at record level whose `<` was seen but whose name is not known yet (a record, or the wrapper). */
  private pendingStart = -1;
  private pendingLine = 0;
  private pendingParts: Buffer[] | undefined;
  private recordLine = 0;
  private line = 1;
  /** Offset in the current chunk up to which line feeds are counted into `line`. */
  private counted = 0;
  private index = 0;
  private garbage: number[] | undefined;
  private garbageLine = 0;

  constructor(
    private readonly sink: XmlFramerSink,
    limits: XmlFramerLimits = {},
  ) {
    this.maxRecordBytes = limits.maxRecordBytes ?? 16 << 20;
  }

  push(chunk: Buffer): void {
    let start = this.parts !== undefined || this.pendingParts !== undefined ? 0 : -1;
    if (this.pendingParts !== undefined) this.pendingStart = 0;
    this.counted = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i]!;
      switch (this.state) {
        case S.Text:
          if (c === C.LT) {
            this.flushGarbage();
            this.state = S.Open;
            if (this.parts === undefined && this.depth === this.base) {
              this.pendingStart = i;
              this.pendingLine = this.lineAt(chunk, i);
              start = i;
            }
          } else if (this.parts !== undefined) {
            // character data inside a record: jump to the next markup
            const lt = chunk.indexOf(C.LT, i + 1);
            i = (lt < 0 ? n : lt) - 1;
          } else if (c !== C.SPACE && c !== C.LF && c !== C.CR && c !== C.TAB && !(c === 0xef || c === 0xbb || c === 0xbf)) {
            if (this.garbage === undefined) {
              this.garbage = [];
              this.garbageLine = this.lineAt(chunk, i);
            }
            if (this.garbage.length < 80) this.garbage.push(c);
          }
          break;
        case S.Open:
          if (c === C.QUESTION) {
            this.dropPending();
            if (this.parts === undefined) start = -1;
            this.state = S.Pi;
            this.run = 0;
          } else if (c === C.BANG) {
            this.dropPending();
            if (this.parts === undefined) start = -1;
            this.state = S.Bang;
            this.bangBytes = 0;
          } else {
            this.state = S.Tag;
            this.quote = 0;
            this.endTag = c === C.SLASH;
            this.nameLength = 0;
            this.nameDone = false;
            this.lastTagByte = c;
            if (!this.endTag) this.nameBytes[this.nameLength++] = c;
            else if (this.parts === undefined) {
              this.dropPending();
              start = -1;
            }
          }
          break;
        case S.Tag: {
          // a tight loop over the tag (most of an event's bytes): quoted values skipped with indexOf
          let j = i;
          let last = this.lastTagByte;
          let ended = false;
          while (j < n) {
            if (this.quote !== 0) {
              const q = chunk.indexOf(this.quote, j);
              if (q < 0) {
                j = n;
                break;
              }
              last = this.quote;
              this.quote = 0;
              j = q + 1;
              continue;
            }
            const b = chunk[j]!;
            if (b === C.GT) {
              ended = true;
              break;
            }
            if (b === C.DQUOTE || b === C.SQUOTE) {
              this.quote = b;
              this.nameDone = true;
            } else if (!this.nameDone) {
              if (b === C.SPACE || b === C.TAB || b === C.LF || b === C.CR || b === C.SLASH) this.nameDone = true;
              else if (this.nameLength < MAX_NAME) this.nameBytes[this.nameLength++] = b;
            }
            last = b;
            j++;
          }
          this.lastTagByte = last;
          if (ended) {
            this.selfClosing = last === C.SLASH;
            this.state = S.Text;
            start = this.tagEnd(chunk, start, j);
          }
          i = j;
          break;
        }
        case S.Bang:
          this.bangBytes++;
          if (this.bangBytes === 1) {
            if (c === C.DASH) this.run = 1;
            else if (c === C.LBRACKET) this.state = S.Cdata;
            else this.state = S.Decl;
            this.quote = 0;
          } else if (c === C.DASH) {
            this.state = S.Comment;
            this.run = 0;
          } else this.state = S.Decl;
          break;
        case S.Comment:
          if (c === C.DASH) this.run++;
          else {
            if (c === C.GT && this.run >= 2) this.state = S.Text;
            this.run = 0;
          }
          break;
        case S.Cdata:
          if (c === C.RBRACKET) this.run++;
          else {
            if (c === C.GT && this.run >= 2) this.state = S.Text;
            this.run = 0;
          }
          break;
        case S.Pi:
          if (c === C.GT && this.run === 1) this.state = S.Text;
          this.run = c === C.QUESTION ? 1 : 0;
          break;
        case S.Decl:
          if (this.quote !== 0) {
            if (c === this.quote) this.quote = 0;
          } else if (c === C.DQUOTE || c === C.SQUOTE) this.quote = c;
          else if (c === C.GT) this.state = S.Text;
          break;
      }
    }
    this.lineAt(chunk, n);
    if (start >= 0) {
      if (this.parts !== undefined) this.keep(chunk.subarray(start));
      else if (this.pendingStart >= 0) (this.pendingParts ??= []).push(chunk.subarray(start));
    }
  }

  /** The line of `chunk[i]`: line feeds are counted lazily, up to where a line number is needed. */
  private lineAt(chunk: Buffer, i: number): number {
    let from = this.counted;
    for (;;) {
      const lf = chunk.indexOf(C.LF, from);
      if (lf < 0 || lf >= i) break;
      this.line++;
      from = lf + 1;
    }
    this.counted = i;
    return this.line;
  }

  /** Ends the input. Returns undefined when it ended between records, else a description of what was cut short. */
  end(): string | undefined {
    this.flushGarbage();
    if (this.parts !== undefined || this.pendingStart >= 0 || this.pendingParts !== undefined) {
      const line = this.parts !== undefined ? this.recordLine : this.pendingLine;
      this.parts = this.pendingParts = undefined;
      this.pendingStart = -1;
      return `the input ends inside the XML record that starts on line ${line}`;
    }
    if (this.state !== S.Text) return `the input ends inside XML markup (line ${this.line})`;
    if (this.base > 0) return `the input ends before </${WRAPPER}>`;
    return undefined;
  }

  private dropPending(): void {
    this.pendingStart = -1;
    this.pendingParts = undefined;
  }

  /** At the `>` of a tag (index `i`): depth bookkeeping, record start and end. Returns the new record start offset. */
  private tagEnd(chunk: Buffer, start: number, i: number): number {
    if (this.endTag) {
      if (this.depth === 0) {
        this.reject('xml', 'an end tag with no start tag outside any event', this.lineAt(chunk, i));
        return -1;
      }
      this.depth--;
      if (this.parts !== undefined && this.depth === this.base) return this.finish(chunk, start, i + 1);
      if (this.parts === undefined && this.depth < this.base) this.base = this.depth; // </Events>
      return this.parts !== undefined ? start : -1;
    }
    const atRecordLevel = this.parts === undefined && this.pendingStart >= 0;
    if (atRecordLevel) {
      const name = localName(this.nameBytes.subarray(0, this.nameLength));
      const pendingParts = this.pendingParts;
      this.pendingStart = -1;
      this.pendingParts = undefined;
      if (this.depth === 0 && this.base === 0 && name === WRAPPER) {
        // `<Events>` opens the wrapper; `<Events/>` is an export with no events
        if (!this.selfClosing) {
          this.depth++;
          this.base = 1;
        }
        return -1;
      }
      this.parts = pendingParts ?? [];
      this.partBytes = 0;
      for (const p of this.parts) this.partBytes += p.length;
      this.tooLarge = false;
      this.recordLine = this.pendingLine;
      if (this.selfClosing) return this.finish(chunk, start, i + 1);
      this.depth++;
      return start;
    }
    if (!this.selfClosing) this.depth++;
    return start;
  }

  private keep(part: Buffer): void {
    if (this.tooLarge) return;
    this.partBytes += part.length;
    if (this.partBytes > this.maxRecordBytes) {
      this.tooLarge = true;
      this.parts = [];
    } else this.parts!.push(part);
  }

  private finish(chunk: Buffer, start: number, end: number): number {
    if (start >= 0) this.keep(chunk.subarray(start, end));
    const parts = this.parts!;
    this.parts = undefined;
    const framed = { text: '', line: this.recordLine, index: ++this.index };
    if (this.tooLarge) this.sink.rejected('record-too-large', `an XML record larger than ${this.maxRecordBytes} bytes`, framed);
    else this.sink.record({ ...framed, text: (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8') });
    return -1;
  }

  private flushGarbage(): void {
    if (this.garbage === undefined) return;
    const text = Buffer.from(this.garbage).toString('utf8');
    this.garbage = undefined;
    this.reject('xml-text', `text outside any XML event: "${text}"`, this.garbageLine);
  }

  private reject(reason: XmlRejectReason, detail: string, line: number): void {
    this.sink.rejected(reason, detail, { text: '', line, index: ++this.index });
  }
}

function localName(bytes: Uint8Array): string {
  let from = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === C.COLON) from = i + 1;
  return String.fromCharCode(...bytes.subarray(from));
}

/** Frames a whole XML text at once (the test kit; small inputs). */
export function frameXmlText(text: string | Buffer, limits?: XmlFramerLimits): { records: FramedXml[]; rejected: { reason: XmlRejectReason; detail: string; framed: FramedXml }[]; cutShort?: string } {
  const records: FramedXml[] = [];
  const rejected: { reason: XmlRejectReason; detail: string; framed: FramedXml }[] = [];
  const framer = new XmlEventFramer({ record: (f) => void records.push(f), rejected: (reason, detail, framed) => void rejected.push({ reason, detail, framed }) }, limits);
  framer.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  const cutShort = framer.end();
  return cutShort === undefined ? { records, rejected } : { records, rejected, cutShort };
}

/** Whether the first non-blank text of an input is XML event markup: `<?xml`, `<Events`, `<Event` (not a syslog `<134>`). */
export function looksLikeXmlEvents(head: string): boolean {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<?xml')) return true;
  const m = /^<(?:[A-Za-z_][\w.-]*:)?(Events?)([\s>/])/.exec(t);
  return m !== null;
}
