import { existsSync, renameSync } from 'node:fs';
import { OutputError } from '@asimkit/sdk';
import type { ByteOutput } from './jsonl.js';
import { Output } from './output.js';

/**
 * `--out FILE --rotate-size N`: writes to FILE until the next write would take it past N bytes, then
 * renames it to FILE.1 (then FILE.2, …: the highest number is the newest full file) and starts FILE
 * anew. A write is cut after a line feed, so no record (line) is split across files. Failures are `OutputError`s, as for `Output`.
 */
export class RotatingOutput implements ByteOutput {
  private out: Output;
  private bytes = 0;
  private rotated = 0;

  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
  ) {
    this.out = Output.open(path);
    while (existsSync(`${path}.${this.rotated + 1}`)) this.rotated++; // go on after files an earlier run rotated
  }

  async write(data: string | Uint8Array): Promise<void> {
    let rest = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.length);
    while (this.bytes + rest.length > this.maxBytes) {
      // the lines that still fit, then a new file; a line longer than a whole file gets one of its own
      const room = this.maxBytes - this.bytes;
      let cut = room > 0 ? rest.lastIndexOf(10, room - 1) + 1 : 0;
      if (cut === 0 && this.bytes === 0) cut = rest.indexOf(10) + 1 || rest.length;
      if (cut > 0) await this.put(rest.subarray(0, cut));
      rest = rest.subarray(cut);
      if (rest.length === 0) return;
      await this.rotate();
    }
    await this.put(rest);
  }

  private async put(bytes: Buffer): Promise<void> {
    await this.out.write(bytes);
    this.bytes += bytes.length;
  }

  close(): Promise<void> {
    return this.out.close();
  }

  private async rotate(): Promise<void> {
    await this.out.close();
    const to = `${this.path}.${++this.rotated}`;
    try {
      renameSync(this.path, to);
    } catch (err) {
      throw new OutputError('output-failed', `cannot rotate ${this.path} to ${to}: ${(err as Error).message}`);
    }
    this.out = Output.open(this.path);
    this.bytes = 0;
  }
}
