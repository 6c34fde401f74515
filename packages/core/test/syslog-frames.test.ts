import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SyslogFramer } from '../src/framing/syslog-frames.js';

interface Framed {
  messages: string[];
  rejected: { reason: string; excerpt: string }[];
  framing: string;
}

/** Frames `bytes` pushed in pieces cut at `cuts`. */
function frame(bytes: Buffer, cuts: number[] = [], max = 64 << 10): Framed {
  const out: Framed = { messages: [], rejected: [], framing: '' };
  const framer = new SyslogFramer({ message: (m) => out.messages.push(m), rejected: (reason, _d, excerpt) => out.rejected.push({ reason, excerpt }) }, max);
  let at = 0;
  for (const c of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    framer.push(bytes.subarray(at, c));
    at = c;
  }
  framer.push(bytes.subarray(at));
  framer.end();
  out.framing = framer.framing;
  return out;
}

const octets = (msgs: string[]) => Buffer.from(msgs.map((m) => `${Buffer.byteLength(m)} ${m}`).join(''));
const MESSAGES = ['<14>May  1 00:00:28 fw CEF:0|A|B|1|x|y|3|rt=1', '<13>1 2024-05-01T00:00:00Z h app - - - a message\nwith a line feed inside', '<189>date=2024-05-01 é ü'];

describe('SyslogFramer (RFC 6587)', () => {
  it('reads octet-counted frames, line feeds inside a message included, however the stream is cut', () => {
    const bytes = octets(MESSAGES);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 8 }), (cuts) => {
        const f = frame(bytes, cuts);
        expect(f.framing).toBe('octets');
        expect(f.messages).toEqual(MESSAGES);
        expect(f.rejected).toEqual([]);
      }),
    );
  });

  it('reads newline-delimited frames (LF, CRLF, a NUL trailer), a last line without its LF included', () => {
    const bytes = Buffer.from('<14>one\n<14>two\r\n<14>three\0\n\n<14>four');
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const f = frame(bytes, cuts);
        expect(f.framing).toBe('lines');
        expect(f.messages).toEqual(['<14>one', '<14>two', '<14>three', '<14>four']);
      }),
    );
  });

  it('reads lines that start with digits (a VPC flow line without a PRI) as lines, not as octet counts', () => {
    const f = frame(Buffer.from('2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 REJECT OK\n'));
    expect(f.framing).toBe('lines');
    expect(f.messages).toHaveLength(2);
  });

  it('rejects a message over the limit with its first bytes, and reads the next one (both framings)', () => {
    const big = `<14>${'x'.repeat(200)}`;
    const counted = frame(octets(['<14>small', big, '<14>after']), [5, 60, 150], 100);
    expect(counted.messages).toEqual(['<14>small', '<14>after']);
    expect(counted.rejected.map((r) => r.reason)).toEqual(['message-too-long']);
    expect(big.startsWith(counted.rejected[0]!.excerpt) && counted.rejected[0]!.excerpt.length > 4).toBe(true);
    const lines = frame(Buffer.from(`<14>small\n${big}\n<14>after\n`), [5, 60, 150], 100);
    expect(lines.messages).toEqual(['<14>small', '<14>after']);
    expect(lines.rejected.map((r) => r.reason)).toEqual(['message-too-long']);
    expect(lines.rejected[0]!.excerpt.startsWith('<14>xxx')).toBe(true);
  });

  it('reports bytes that are no octet-counted frame and a connection cut inside a frame', () => {
    const f = frame(Buffer.from('9 <14>hellogarbage here\n6 <14>ok30 <14>cut'));
    expect(f.messages).toEqual(['<14>hello', '<14>ok']);
    expect(f.rejected.map((r) => r.reason)).toEqual(['bad-frame', 'bad-frame']);
  });
});
