import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from '@asimkit/vendor/pino';
import { describe, expect, it } from 'vitest';
import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected, skip, type RowCodec, type SourceParser, type TableRow } from '@asimkit/sdk';
import { normalize } from '../src/pipeline.js';
import type { RejectedRecord } from '../src/types.js';
import { PluginRegistry, type LoadedPlugin } from '../src/registry.js';

const log = pino({ level: 'silent' });

/** A toy "vendor|port" syslog-ish codec shared by two fake plugins, to test routing without real formats. */
const pipeCodec: RowCodec = {
  id: 'pipe',
  tables: ['PipeLog'],
  sniff: ({ lines = [] }) => (lines.filter((l) => l.includes('|')).length > lines.length / 2 ? 0.9 : 0),
  createDecoder: () => ({
    decode(text, out) {
      const [vendor, port] = text.split('|');
      if (!port) throw new RecordRejected('no-port', `no port in "${text}"`);
      if (port === 'health') return out.skip('health check');
      out.row({ Vendor: vendor, Port: port });
    },
  }),
  describeRow: (row) => `Vendor ${String(row.Vendor)}`,
};

function fakePlugin(id: string, vendor: string): LoadedPlugin {
  const parser: SourceParser<TableRow> = {
    id,
    tables: ['PipeLog'],
    rawCodec: pipeCodec,
    claimsRow: (row) => row.Vendor === vendor,
    fromTableRow: (row) => row,
    map: (row) =>
      row.Port === '0' ? skip('port zero') : ({ TimeGenerated: '2024-01-01T00:00:00.000Z', EventProduct: id, DstPortNumber: Number(row.Port) } as unknown as NetworkSession),
  };
  return {
    manifest: { id, connectorId: 'X', dataTypes: ['PipeLog'], vendor, product: id, entry: '', packageName: id, version: '1', dir: '' },
    parser: parser as LoadedPlugin['parser'],
    forms: ['raw', 'table'],
  };
}

const registry = new PluginRegistry([fakePlugin('alpha', 'A'), fakePlugin('beta', 'B')]);

async function run(content: string | Buffer, name = 'in.log', source?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'asimkit-core-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  const records: NetworkSession[] = [];
  const rejected: RejectedRecord[] = [];
  const acc = await normalize(
    registry,
    { inputs: [path], source, lineage: true },
    { write: (batch) => void records.push(...batch), close: () => {} },
    log,
    { onRejected: (r) => void rejected.push(r) },
  );
  return { acc, records, rejected, path };
}

describe('normalize pipeline', () => {
  const mixed = 'A|22\nB|443\nC|80\nA|health\nB|0\nbroken\n\nA|23';

  it('routes each line of a mixed raw file to the plugin whose filter claims it', async () => {
    const { records, acc } = await run(mixed);
    expect(records.map((r) => [r.EventProduct, r.DstPortNumber])).toEqual([
      ['alpha', 22],
      ['beta', 443],
      ['alpha', 23],
    ]);
    expect(acc.toJSON()).toEqual({
      read: 7,
      parsed: 3,
      skipped: 3,
      skippedBy: { 'no enabled parser for Vendor C': 1, 'health check': 1, 'port zero': 1 },
      rejected: 1,
      rejectedBy: { 'no-port': 1 },
      emitted: 3,
    });
  });

  it('keeps lineage and reports rejected records with their line and raw text', async () => {
    const { records, rejected, path } = await run(mixed);
    expect(records.map((r) => (r as unknown as { _Lineage: { line: number } })._Lineage.line)).toEqual([1, 2, 8]);
    expect(rejected).toEqual([{ path, line: 6, reason: 'no-port', detail: 'no port in "broken"', raw: 'broken' }]);
  });

  it('with --source, keeps only that plugin\'s rows and says why the others were skipped', async () => {
    const { records, acc } = await run(mixed, 'in.log', 'beta');
    expect(records.map((r) => r.DstPortNumber)).toEqual([443]);
    expect(acc.skippedBy.get('not a beta row')).toBe(3); // A|22, C|80, A|23
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const { records } = await run(gzipSync(mixed), 'no-extension');
    expect(records).toHaveLength(3);
  });

  it('routes table exports by their Type column (CSV) and counts invalid JSON lines as rejected', async () => {
    const csv = await run('Type,Vendor,Port\nPipeLog,A,22\nPipeLog,B,80\nOtherTable,A,1\n', 'export.csv');
    expect(csv.records.map((r) => r.EventProduct)).toEqual(['alpha', 'beta']);
    expect(csv.acc.skippedBy.get('no enabled parser for table OtherTable')).toBe(1);
    const jsonl = await run('{"Type":"PipeLog","Vendor":"A","Port":"22"}\n{oops\n', 'export.jsonl');
    expect(jsonl.records).toHaveLength(1);
    expect(jsonl.rejected[0]).toMatchObject({ line: 2, reason: 'invalid-json' });
  });

  it('refuses with a ConfigError when no plugin or codec is confident', async () => {
    await expect(run('hello\nworld\n')).rejects.toThrow(/cannot tell which source wrote this.*Candidates: per-line routing \(0\.00\)/);
  });

  it('refuses options for unknown plugins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asimkit-core-'));
    writeFileSync(join(dir, 'x.log'), mixed);
    const req = { inputs: [join(dir, 'x.log')], pluginOptions: new Map([['gamma', { a: '1' }]]) };
    await expect(normalize(registry, req, { write() {}, close() {} }, log)).rejects.toThrow(/no enabled plugin or codec "gamma"/);
  });
});

/**
 * A toy source whose lines are `PORT TIME`; its fast path takes lines of two digit runs and
 * declines the rest (`# comments` are skips, anything else is rejected by the full path).
 */
const portTimeParser: SourceParser<{ port: number; time: number }> = {
  id: 'port-time',
  tables: [],
  createDecoder: () => ({
    decode(text, out) {
      if (text.startsWith('#')) return out.skip('comment');
      const m = /^(\d+) (\d+)$/.exec(text);
      if (!m) throw new RecordRejected('bad-line', `not "PORT TIME": ${text}`);
      out.row({ port: Number(m[1]), time: Number(m[2]) });
    },
    decodeDetectorKey(bytes, start, end, key) {
      const text = bytes.toString('latin1', start, end);
      if (!/^\d{1,5} \d{1,13}$/.test(text)) return false;
      const [port, time] = text.split(' ').map(Number);
      Object.assign(key, { timeMs: time!, DstPortNumber: port!, NetworkProtocol: 'TCP', DstAppName: '', NetworkDirection: '', DvcAction: 'Allow' });
      return true;
    },
  }),
  map: (row) => ({ TimeGenerated: new Date(row.time).toISOString(), NetworkProtocol: 'TCP', DstPortNumber: row.port, DvcAction: 'Allow' }) as unknown as NetworkSession,
};

describe('the detector fast path', () => {
  const keysRegistry = new PluginRegistry([
    { manifest: { ...fakePlugin('x', 'X').manifest, id: 'port-time' }, parser: portTimeParser as unknown as LoadedPlugin['parser'], forms: ['raw'] },
  ]);
  const fields = ['TimeGenerated', 'NetworkProtocol', 'DstPortNumber', 'DstAppName', 'NetworkDirection', 'DvcAction'];

  /** Lines over several 1 MiB chunks: CRLF, blank lines, comments and broken lines, no final newline. */
  function content(): { text: string; good: number; comments: number; broken: number } {
    const lines: string[] = [];
    let good = 0;
    let comments = 0;
    let broken = 0;
    for (let i = 0; i < 150_000; i++) {
      if (i % 10_007 === 5) lines.push(`broken line ${i}`, (broken++, ''));
      else if (i % 5_003 === 7) lines.push('# comment', (comments++, ''));
      else if (i % 4_001 === 9) lines.push('   ');
      else {
        lines.push(`${i % 1000} ${1_700_000_000_000 + i}`);
        good++;
      }
    }
    return { text: lines.join('\r\n'), good, comments, broken };
  }

  async function count(text: string, sink: { detectorKey?: (k: { DstPortNumber: number | null; timeMs: number }) => void }) {
    const dir = mkdtempSync(join(tmpdir(), 'asimkit-core-'));
    const path = join(dir, 'flows.log');
    writeFileSync(path, text);
    const seen: string[] = [];
    const rejected: RejectedRecord[] = [];
    const acc = await normalize(
      keysRegistry,
      { inputs: [path], source: 'port-time', fields },
      {
        write: (batch) => void seen.push(...batch.map((r) => `${r.DstPortNumber}@${Date.parse(r.TimeGenerated)}`)),
        ...(sink.detectorKey
          ? {
              detectorKey: (k: { DstPortNumber: number | null; timeMs: number }) => {
                sink.detectorKey!(k);
                seen.push(`${k.DstPortNumber}@${k.timeMs}`);
              },
            }
          : {}),
        close: () => {},
      },
      log,
      { onRejected: (r) => void rejected.push(r) },
    );
    return { acc: acc.toJSON(), seen: seen.sort(), rejected: rejected.map(({ line, reason, raw }) => ({ line, reason, raw })) };
  }

  it('counts across chunk boundaries and CRLF exactly what the full path counts, with the same accounting and reject lines', async () => {
    const { text, good, comments, broken } = content();
    let keys = 0;
    const fast = await count(text, { detectorKey: () => void keys++ });
    const full = await count(text, {});
    expect(keys).toBe(good);
    expect(fast.seen).toEqual(full.seen);
    expect(fast.acc).toEqual(full.acc);
    expect(fast.acc).toMatchObject({ parsed: good, skippedBy: { comment: comments }, rejectedBy: { 'bad-line': broken } });
    expect(fast.rejected).toEqual(full.rejected);
    expect(fast.rejected[0]).toMatchObject({ line: 6, raw: 'broken line 5' });
  });

  it('is not taken when the request does not project to the detector fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asimkit-core-'));
    const path = join(dir, 'flows.log');
    writeFileSync(path, '22 1000\n80 2000\n');
    let keys = 0;
    const records: NetworkSession[] = [];
    await normalize(keysRegistry, { inputs: [path], source: 'port-time' }, { write: (b) => void records.push(...b), detectorKey: () => void keys++, close() {} }, log);
    expect([keys, records.length]).toEqual([0, 2]);
  });
});
