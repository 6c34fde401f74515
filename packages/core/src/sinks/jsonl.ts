import type { NetworkSession } from '@asimkit/schema';
import type { JsonLineTarget, SessionSink } from '../types.js';
import { JsonlEncoder } from './jsonl-encoder.js';

/** Where a sink's bytes go: an `Output`, or a worker thread's channel to the main thread. */
export interface ByteOutput {
  write(data: string | Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
}

/** Bytes of JSONL handed to the output at a time. */
const JSONL_CHUNK = 1 << 20;

/** One JSON object per line. */
export class JsonlSink implements SessionSink {
  /** Room for a chunk and the record that crosses its end (a larger record grows the buffer). */
  private readonly encoder = new JsonlEncoder(JSONL_CHUNK + (64 << 10));

  /**
   * Each chunk given to `out` is on an ArrayBuffer of its own, which the sink never touches
   * again (so a worker thread can transfer it).
   */
  constructor(private readonly out: ByteOutput) {}

  /**
   * Encodes each record straight into a byte buffer, without a JSON string per record (the
   * serialization is most of the cost of `normalize`): the bytes are JSON.stringify's.
   */
  async write(records: NetworkSession[]): Promise<void> {
    const encoder = this.encoder;
    for (let i = 0; i < records.length; i++) {
      encoder.line(records[i]!);
      if (encoder.length >= JSONL_CHUNK) await this.flush();
    }
    if (encoder.length >= JSONL_CHUNK >> 1) await this.flush();
  }

  /** Where a plugin's JSON-lines fast path appends (SessionSink.jsonLines): this sink's encoder. */
  jsonLines(): JsonLineTarget {
    const encoder = this.encoder;
    const aside: Buffer[] = [];
    return {
      buffer: encoder,
      records(records) {
        for (let i = 0; i < records.length; i++) encoder.line(records[i]!);
      },
      cut() {
        if (encoder.length >= JSONL_CHUNK) aside.push(encoder.take());
      },
      drain: async () => {
        for (let i = 0; i < aside.length; i++) await this.out.write(aside[i]!);
        aside.length = 0;
        if (encoder.length >= JSONL_CHUNK >> 1) await this.flush();
      },
    };
  }

  /** Bytes already encoded as JSONL (by a worker thread). */
  async writeEncoded(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.out.write(bytes);
  }

  /** Writes out what is buffered (a live run does after each batch, so records do not wait for more). */
  async flush(): Promise<void> {
    if (this.encoder.length === 0) return;
    await this.out.write(this.encoder.take());
  }

  async close(): Promise<void> {
    await this.flush();
    await this.out.close();
  }
}
