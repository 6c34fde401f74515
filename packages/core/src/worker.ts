// Entry of a worker thread decoding one byte range of a large file (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from './logger.js';
import type { Emit, WorkerMessage, WorkerReport, WorkerSink, WorkerTask } from './parallel.js';
import { normalizeFiles, type RejectedRecord } from './pipeline.js';
import { loadPlugins } from './registry.js';

const task = workerData as WorkerTask;
const registry = await loadPlugins([task.manifest]);
const { createWorkerSink } = (await import(task.sinkModule)) as { createWorkerSink(options: unknown, emit: Emit): WorkerSink };
const sink = createWorkerSink(task.sinkOptions, emitter());
const rejects: RejectedRecord[] = [];
const { acc, lines } = await normalizeFiles(registry, task.req, [task.file], sink, createLogger(task.logLevel), {
  onRejected: (r) => void rejects.push(r),
});
await sink.close();
const { value, transfer } = sink.result();
const report: WorkerReport = { accounting: acc.toJSON(), rejects, lines, result: value };
parentPort!.postMessage({ report } satisfies WorkerMessage, transfer);
parentPort!.unref(); // the ack listener must not keep the thread alive

/** `emit` with a credit of 4 chunks in flight; each ack from the main thread returns one. */
function emitter(): Emit {
  const MAX_IN_FLIGHT = 4;
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  parentPort!.on('message', () => {
    inFlight--;
    waiting?.();
    waiting = undefined;
  });
  return async (chunk, transfer) => {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (waiting = resolve));
    inFlight++;
    parentPort!.postMessage({ chunk } satisfies WorkerMessage, transfer);
  };
}
