// Entry of a worker thread decoding one byte range of a large file (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from './logger.js';
import type { WorkerReport, WorkerSink, WorkerTask } from './parallel.js';
import { normalizeFiles, type RejectedRecord } from './pipeline.js';
import { loadPlugins } from './registry.js';

const task = workerData as WorkerTask;
const registry = await loadPlugins([task.manifest]);
const { createWorkerSink } = (await import(task.sinkModule)) as { createWorkerSink(options: unknown): WorkerSink };
const sink = createWorkerSink(task.sinkOptions);
const rejects: RejectedRecord[] = [];
const { acc, lines } = await normalizeFiles(registry, task.req, [task.file], sink, createLogger(task.logLevel), {
  onRejected: (r) => void rejects.push(r),
});
await sink.close();
const report: WorkerReport = { accounting: acc.toJSON(), rejects, lines, result: sink.result() };
parentPort!.postMessage(report);
