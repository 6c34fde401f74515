// Worker-thread sink for `normalize --format jsonl`: encodes records as JSONL in the worker and
// streams the bytes to the main thread, which writes them to the output.
import { Writable } from 'node:stream';
import type { Emit, WorkerSink } from './parallel.js';
import { JsonlSink } from './sinks.js';

export function createWorkerSink(_options: unknown, emit: Emit): WorkerSink {
  const toMain = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // copy into a buffer of its own so it can be transferred, not cloned
      const own = new Uint8Array(chunk.length);
      own.set(chunk);
      emit(own, [own.buffer]).then(() => done(), done);
    },
  });
  const jsonl = new JsonlSink(toMain);
  return {
    write: (records) => jsonl.write(records),
    close: () => jsonl.close(),
    result: () => ({ value: undefined }),
  };
}

/** The module path to give ParallelSpec.sinkModule. */
export const JSONL_WORKER_SINK = new URL(import.meta.url).pathname;
