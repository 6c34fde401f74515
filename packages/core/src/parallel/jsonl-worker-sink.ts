// Worker-thread sink for `normalize --format jsonl`: encodes records as JSONL in the worker and
// streams the bytes to the main thread, which writes them to the output.
import { JsonlSink } from '../sinks/jsonl.js';
import type { Emit, WorkerSink } from './split.js';

export function createWorkerSink(_options: unknown, emit: Emit): WorkerSink {
  const jsonl = new JsonlSink({
    write(data) {
      // JsonlSink hands each chunk over on an ArrayBuffer of its own and never touches it again:
      // it is transferred, not copied
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      return emit(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), [bytes.buffer as ArrayBuffer]);
    },
    close() {},
  });
  return {
    write: (records) => jsonl.write(records),
    close: () => jsonl.close(),
    result: () => ({ value: undefined }),
  };
}

/** The module path to give ParallelSpec.sinkModule. */
export const JSONL_WORKER_SINK = new URL(import.meta.resolve('@asimkit/core/jsonl-worker-sink')).pathname;
