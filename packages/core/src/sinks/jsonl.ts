import type { NetworkSession } from '@asimkit/schema';
import type { SessionSink } from '../types.js';

/** Where a sink's bytes go: an `Output`, or a worker thread's channel to the main thread. */
export interface ByteOutput {
  write(data: string | Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
}

const JSONL_BUFFER = 1 << 20;

/** One JSON object per line. */
export class JsonlSink implements SessionSink {
  private buf = Buffer.allocUnsafe(JSONL_BUFFER);
  private used = 0;

  constructor(private readonly out: ByteOutput) {}

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
    await this.out.write(bytes);
  }

  /** Writes out what is buffered (a live run does after each batch, so records do not wait for more). */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(JSONL_BUFFER);
    this.used = 0;
    await this.out.write(full);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.out.close();
  }
}
