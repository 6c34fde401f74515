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
  if (out === process.stdout) return;
  out.end();
  await once(out, 'finish');
}

/** One JSON object per line. */
export class JsonlSink implements SessionSink {
  constructor(private readonly out: Writable) {}

  async write(records: NetworkSession[]): Promise<void> {
    if (records.length === 0) return;
    // join, not +=: a rope of thousands of pieces is slow to flatten into a Buffer
    const lines = new Array<string>(records.length + 1);
    for (let i = 0; i < records.length; i++) lines[i] = JSON.stringify(records[i]);
    lines[records.length] = '';
    await write(this.out, lines.join('\n'));
  }

  close(): Promise<void> {
    return end(this.out);
  }
}

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
