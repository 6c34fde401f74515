import { FIELDS, type NetworkSession } from '@asimkit/schema';
import type { SessionSink } from '../types.js';
import type { ByteOutput } from './jsonl.js';

/**
 * CSV with a header row: every ASIM 0.2.4 field in schema order (a stable header, like a Log
 * Analytics export), then `_Lineage` when asked. Dynamic values are JSON.
 */
export class CsvSink implements SessionSink {
  private readonly columns: string[];
  private headerWritten = false;

  constructor(
    private readonly out: ByteOutput,
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
    await this.out.write(text);
  }

  async close(): Promise<void> {
    if (!this.headerWritten) await this.write([]);
    await this.out.close();
  }
}

/** RFC 4180 cell: quoted when it holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
