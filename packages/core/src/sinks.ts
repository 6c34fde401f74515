import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { FIELDS, type NetworkSession } from '@asimkit/schema';
import type { SessionSink } from './pipeline.js';

/** stdout for `-` or no path, else a new file. */
export function openOutput(path: string | undefined): Writable {
  return !path || path === '-' ? process.stdout : createWriteStream(path);
}

async function write(out: Writable, text: string): Promise<void> {
  if (text && !out.write(text)) await once(out, 'drain');
}

async function end(out: Writable): Promise<void> {
  if (out === process.stdout || out === process.stderr) return;
  out.end();
  await once(out, 'finish');
}

/** One JSON object per line. */
export class JsonlSink implements SessionSink {
  private buf = Buffer.allocUnsafe(JSONL_BUFFER);
  private used = 0;

  constructor(private readonly out: Writable) {}

  /**
   * Encodes each record straight into a byte buffer: cheaper than joining strings and converting
   * the result (the serialization is most of the cost of `normalize`).
   */
  async write(records: NetworkSession[]): Promise<void> {
    for (let i = 0; i < records.length; i++) {
      const json = JSON.stringify(records[i]);
      if (this.used + json.length * 3 + 1 > this.buf.length) {
        await this.flush();
        if (json.length * 3 + 1 > this.buf.length) this.buf = Buffer.allocUnsafe(json.length * 3 + 1);
      }
      this.used += this.buf.write(json, this.used);
      this.buf[this.used++] = 10;
    }
    if (this.used >= JSONL_BUFFER >> 1) await this.flush();
  }

  /** Bytes already encoded as JSONL (by a worker thread). */
  async writeEncoded(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(JSONL_BUFFER);
    this.used = 0;
    if (!this.out.write(full)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await end(this.out);
  }
}

const JSONL_BUFFER = 1 << 20;

/**
 * CSV with a header row: every ASIM 0.2.4 field in schema order (a stable header, like a Log
 * Analytics export), then `_Lineage` when asked. Dynamic values are JSON.
 */
export class CsvSink implements SessionSink {
  private readonly columns: string[];
  private headerWritten = false;

  constructor(
    private readonly out: Writable,
    lineage = false,
  ) {
    this.columns = FIELDS.filter((f) => f.class !== 'Deprecated' && !f.pattern).map((f) => f.name);
    if (lineage) this.columns.push('_Lineage');
  }

  async write(records: NetworkSession[]): Promise<void> {
    let text = this.headerWritten ? '' : this.columns.map(csvCell).join(',') + '\n';
    this.headerWritten = true;
    for (const rec of records) {
      const r = rec as unknown as Record<string, unknown>;
      text += this.columns.map((c) => csvCell(r[c])).join(',') + '\n';
    }
    await write(this.out, text);
  }

  async close(): Promise<void> {
    if (!this.headerWritten) await this.write([]);
    await end(this.out);
  }
}

/** RFC 4180 cell: quoted when it holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The `--rejects` dead-letter file: one JSON line per rejected record with its reason and position. */
export class RejectsFile {
  private readonly out: Writable;
  private pending = '';

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  add(rec: { path: string; line: number; reason: string; detail: string; raw: string }): void {
    this.pending += JSON.stringify(rec) + '\n';
    if (this.pending.length > 1 << 16) this.drain();
  }

  private drain(): void {
    this.out.write(this.pending);
    this.pending = '';
  }

  async close(): Promise<void> {
    this.drain();
    this.out.end();
    await once(this.out, 'finish');
  }
}
