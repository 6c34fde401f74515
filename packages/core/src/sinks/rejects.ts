import type { RejectedRecord } from '../types.js';
import { Output } from './output.js';

/** The `--rejects` dead-letter file: one JSON line per rejected record with its reason and position. */
export class RejectsFile {
  private readonly out: Output;
  private pending = '';
  private writing: Promise<void> = Promise.resolve();

  /** Opens (creates or truncates) the file now, so a bad path fails before any input is read. */
  constructor(path: string) {
    this.out = Output.open(path);
  }

  add(rec: RejectedRecord): void {
    this.pending += JSON.stringify(rec) + '\n';
    if (this.pending.length > 1 << 16) this.drain();
  }

  private drain(): void {
    const text = this.pending;
    this.pending = '';
    this.writing = this.writing.then(() => this.out.write(text));
    this.writing.catch(() => {}); // a failure is thrown by close()
  }

  async close(): Promise<void> {
    this.drain();
    await this.writing;
    await this.out.close();
  }
}
