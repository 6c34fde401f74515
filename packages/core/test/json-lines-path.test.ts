import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from '@asimkit/vendor/pino';
import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected, skip, type JsonLineBuffer, type SourceParser } from '@asimkit/sdk';
import { normalize } from '../src/pipeline.js';
import { JsonlSink } from '../src/sinks/jsonl.js';
import type { NormalizeRequest, RejectedRecord, SessionSink } from '../src/types.js';
import { PluginRegistry, type LoadedPlugin } from '../src/registry.js';

// The JSON-lines fast path (RawDecoder.encodeJsonLines): the run appends what the plugin writes
// to the sink's buffer and sends only the declined lines through the full path. The output must
// be what the full path alone writes: the same lines in the same order, the same accounting.

const log = pino({ level: 'silent' });

interface PortRow {
  port: number;
}

const recordOf = (port: number) => ({ TimeGenerated: '2024-01-01T00:00:00.000Z', EventProduct: 'toy', DstPortNumber: port });

/**
 * `port=N` lines: a session of port N, `port=0` skipped, anything else rejected. The fast path
 * writes lines of 1-5 digits and counts the lines it was given; it declines the rest.
 */
function toyPlugin(seen: { fast: number }): LoadedPlugin {
  const parser: SourceParser<PortRow> = {
    id: 'toy',
    tables: ['Toy'],
    sniff: () => 1,
    createDecoder: () => ({
      decode(text, out) {
        const m = /^port=(\d+)$/.exec(text);
        if (!m) throw new RecordRejected('not-a-port', `"${text}" is no port`);
        out.row({ port: Number(m[1]) });
      },
      encodeJsonLines(bytes: Buffer, lines: Int32Array, from: number, count: number, out: JsonLineBuffer): number {
        for (let j = from; j < count; j++) {
          const text = bytes.toString('latin1', lines[2 * j], lines[2 * j + 1]);
          if (!/^port=[1-9]\d{0,4}$/.test(text)) return j;
          seen.fast++;
          const json = Buffer.from(`${JSON.stringify(recordOf(Number(text.slice(5))))}\n`);
          out.room(json.length);
          out.bytes.set(json, out.pos);
          out.pos += json.length;
        }
        return count;
      },
    }),
    map: (row) => (row.port === 0 ? skip('port zero') : (recordOf(row.port) as unknown as NetworkSession)),
  };
  return {
    manifest: { id: 'toy', connectorId: 'X', dataTypes: ['Toy'], vendor: 'Toy', product: 'toy', entry: '', packageName: 'toy', version: '1', dir: '' },
    parser: parser as LoadedPlugin['parser'],
    forms: ['raw'],
  };
}

/** Normalizes `content` to JSON lines in memory; `plain` hides the sink's fast-path door, so every line takes the full path. */
async function run(content: string, opts: { plain?: boolean; req?: Partial<NormalizeRequest> } = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'asimkit-jsonl-')), 'in.log');
  writeFileSync(path, content);
  const chunks: Buffer[] = [];
  const jsonl = new JsonlSink({ write: (data) => void chunks.push(Buffer.from(data)), close() {} });
  const sink: SessionSink = opts.plain ? { write: (r) => jsonl.write(r), close: () => jsonl.close() } : jsonl;
  const seen = { fast: 0 };
  const rejected: RejectedRecord[] = [];
  const acc = await normalize(new PluginRegistry([toyPlugin(seen)]), { inputs: [path], source: 'toy', ...opts.req }, sink, log, { onRejected: (r) => void rejected.push(r) });
  await sink.close();
  return { text: Buffer.concat(chunks).toString(), acc: acc.toJSON(), rejected, fast: seen.fast };
}

describe('the JSON-lines fast path', () => {
  it('writes what the full path writes, declined lines in their place, with the same accounting', async () => {
    // long runs of fast lines (several MiB of output: chunks set aside mid-batch) broken by declined ones
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(i % 997 === 5 ? 'port=0' : i % 1499 === 7 ? 'broken' : i % 2003 === 9 ? 'port=123456' : i % 3001 === 11 ? '' : `port=${1 + (i % 65535)}`);
    const content = lines.join('\n') + '\r\nport=8\rport=0\nport=9';
    const fast = await run(content);
    const full = await run(content, { plain: true });
    expect(full.fast).toBe(0);
    expect(fast.fast).toBeGreaterThan(55_000);
    expect(fast.text.length).toBeGreaterThan(4 << 20);
    expect(fast.text).toBe(full.text);
    expect(fast.acc).toEqual(full.acc);
    const where = (r: RejectedRecord[]) => r.map(({ line, reason, raw }) => [line, reason, raw]);
    expect(where(fast.rejected)).toEqual(where(full.rejected));
    expect(fast.acc.rejected).toBeGreaterThan(0);
    expect(fast.acc.skipped).toBeGreaterThan(0);
  });

  it('is not taken when the run reads the records: a filter, --lineage or --validate', async () => {
    const content = 'port=22\nport=443\nport=80';
    for (const req of [{ lineage: true }, { validate: true }, { filter: { dstportnumber: 443 } }] as Partial<NormalizeRequest>[]) {
      const { fast, acc } = await run(content, { req });
      expect(fast, JSON.stringify(req)).toBe(0);
      expect(acc.read).toBe(3);
    }
    expect((await run(content)).fast).toBe(3);
  });
});
