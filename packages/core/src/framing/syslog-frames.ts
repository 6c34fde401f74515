/**
 * Syslog over a byte stream (TCP, TLS) → messages. RFC 6587 allows two framings and senders use
 * both: octet counting (`MSG-LEN SP SYSLOG-MSG`, also RFC 5425's TLS framing) and non-transparent
 * framing (each message ends at LF; CRLF and a NUL trailer are taken too). The framing is chosen per
 * connection from its first bytes: digits, a space and `<` (a PRI) mean octet counting; anything
 * else is read as lines. A message longer than the limit is not kept: it is reported with its first
 * bytes and the stream goes on after it.
 */

/** The default `--max-message`: 64 KiB. */
export const DEFAULT_MAX_MESSAGE = 64 << 10;

/** How much of an oversized message (or a broken frame) is kept for the rejects file. */
const EXCERPT = 256;

export interface FrameHandler {
  message(text: string): void;
  /** A message over the limit (`bytes` long), or bytes that are no frame (`reason` says which). */
  rejected(reason: 'message-too-long' | 'bad-frame', detail: string, excerpt: string): void;
}

const LF = 10;
const CR = 13;
const NUL = 0;
const SP = 32;

type Mode = 'unknown' | 'octets' | 'lines';

export class SyslogFramer {
  private mode: Mode = 'unknown';
  private carry: Buffer | undefined;
  /** Bytes of an oversized octet-counted frame still to be skipped. */
  private skip = 0;
  /** An oversized line is being skipped up to its LF. */
  private skipLine = false;

  constructor(
    private readonly out: FrameHandler,
    private readonly maxMessage = DEFAULT_MAX_MESSAGE,
  ) {}

  /** The framing detected on this stream so far. */
  get framing(): Mode {
    return this.mode;
  }

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    let pos = 0;
    if (this.skip > 0) {
      const n = Math.min(this.skip, buf.length);
      this.skip -= n;
      pos = n;
    }
    while (pos < buf.length) {
      if (this.mode === 'unknown') {
        const mode = detect(buf, pos);
        if (mode === undefined) break; // too few bytes to tell
        this.mode = mode;
      }
      const next = this.mode === 'octets' ? this.octetFrame(buf, pos) : this.line(buf, pos, false);
      if (next < 0) break;
      pos = next;
    }
    if (pos < buf.length) this.carry = buf.subarray(pos);
  }

  /** The stream ended: a last line without its LF is still a message. */
  end(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (!rest || rest.length === 0) return;
    if (this.mode === 'octets') {
      this.out.rejected('bad-frame', `the connection ended inside an octet-counted frame (${rest.length} bytes read)`, rest.toString('utf8', 0, EXCERPT));
    } else this.line(rest, 0, true);
  }

  /** One `LEN SP MSG` frame at `pos`: the position after it, or -1 when it is not all there yet. */
  private octetFrame(buf: Buffer, pos: number): number {
    let i = pos;
    let len = 0;
    while (i < buf.length && buf[i]! >= 48 && buf[i]! <= 57 && i - pos < 10) len = len * 10 + (buf[i++]! - 48);
    if (i === buf.length) return -1;
    if (i === pos || buf[i] !== SP || len === 0) {
      // not a frame: report what is there up to the next LF, and read on as lines from there
      const lf = buf.indexOf(LF, pos);
      if (lf === -1 && buf.length - pos < EXCERPT) return -1;
      const end = lf === -1 ? buf.length : lf + 1;
      this.out.rejected('bad-frame', 'expected an octet count (RFC 6587 "MSG-LEN SP"); the bytes up to the next line feed were skipped', buf.toString('utf8', pos, Math.min(end, pos + EXCERPT)));
      this.mode = 'unknown';
      return end;
    }
    const start = i + 1;
    if (len > this.maxMessage) {
      this.out.rejected('message-too-long', `the message is ${len} bytes, longer than ${this.maxMessage} (--max-message)`, buf.toString('utf8', start, Math.min(buf.length, start + EXCERPT)));
      const available = buf.length - start;
      if (available >= len) return start + len;
      this.skip = len - available;
      return buf.length;
    }
    if (buf.length - start < len) return -1;
    this.out.message(buf.toString('utf8', start, start + len));
    return start + len;
  }

  /** One LF-terminated message at `pos` (or the rest, at the end): the position after it, or -1. */
  private line(buf: Buffer, pos: number, last: boolean): number {
    const lf = buf.indexOf(LF, pos);
    if (lf === -1 && !last) {
      if (this.skipLine) return buf.length;
      if (buf.length - pos > this.maxMessage) {
        if (!this.skipLine) this.tooLongLine(buf, pos);
        this.skipLine = true;
        return buf.length;
      }
      return -1;
    }
    const next = lf === -1 ? buf.length : lf + 1;
    if (this.skipLine) {
      this.skipLine = false;
      return next;
    }
    let end = lf === -1 ? buf.length : lf;
    if (end > pos && buf[end - 1] === CR) end--;
    if (end > pos && buf[end - 1] === NUL) end--;
    let from = pos;
    if (buf[from] === NUL) from++; // a NUL trailer of the previous message
    if (end - from > this.maxMessage) this.tooLongLine(buf, from);
    else if (end > from) this.out.message(buf.toString('utf8', from, end));
    return next;
  }

  private tooLongLine(buf: Buffer, pos: number): void {
    this.out.rejected('message-too-long', `the message is longer than ${this.maxMessage} bytes (--max-message)`, buf.toString('utf8', pos, pos + EXCERPT));
  }
}

/** Octet counting iff the stream starts `[1-9][0-9]* <`; undefined while that cannot be told yet. */
function detect(buf: Buffer, pos: number): Mode | undefined {
  const first = buf[pos]!;
  if (first < 49 || first > 57) return 'lines';
  let i = pos + 1;
  while (i < buf.length && buf[i]! >= 48 && buf[i]! <= 57) {
    if (i - pos >= 10) return 'lines';
    i++;
  }
  if (i + 1 >= buf.length) return undefined;
  return buf[i] === SP && buf[i + 1] === 0x3c ? 'octets' : 'lines';
}
