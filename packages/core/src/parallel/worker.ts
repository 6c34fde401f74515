// Entry of a worker thread: reads byte ranges of a file from the queue the threads share (see split.ts). Its setup
// comes as workerData or, for a worker started before the run knew it (prestart.ts), as the first
// message; a prestarted worker the run did not need gets `quit` instead.
import { parentPort, workerData } from 'node:worker_threads';
import type { PluginManifest } from '@asimkit/sdk';
import type { InputFile } from '../inputs/files.js';
import { createLogger } from '../logger.js';
import { normalizeFiles } from '../pipeline.js';
import { loadPlugins, preloadPlugins } from '../registry.js';
import type { RejectedRecord } from '../types.js';
import { RangeQueue, type Emit, type RangeOutcome, type WorkerMessage, type WorkerSetup, type WorkerSink, type WorkerTask } from './split.js';

const port = parentPort!;
const setup = (workerData as WorkerSetup | undefined) ?? (await setupMessage());
if (setup !== undefined) await serve(setup);

/** The setup message, or undefined for `quit`; plugins to preload may come first (prestart.ts). */
function setupMessage(): Promise<WorkerSetup | undefined> {
  return new Promise((resolve) => {
    const onMessage = (m: { setup: WorkerSetup } | { quit: true } | { preload: PluginManifest[] }) => {
      // a plugin that fails to import is reported by the setup's loadPlugins, not here
      if ('preload' in m) return void preloadPlugins(m.preload).catch(() => undefined);
      port.off('message', onMessage);
      resolve('setup' in m ? m.setup : undefined);
    };
    port.on('message', onMessage);
  });
}

async function serve(setup: WorkerSetup): Promise<void> {
  const registry = await loadPlugins(setup.manifests);
  const { createWorkerSink } = (await import(setup.sinkModule)) as { createWorkerSink(options: unknown, emit: Emit): WorkerSink };
  const sink = createWorkerSink(setup.sinkOptions, emitter());
  const log = createLogger(setup.logLevel);

  const readRange = async (file: InputFile): Promise<RangeOutcome> => {
    const rejects: RejectedRecord[] = [];
    const { acc, lines } = await normalizeFiles(registry, setup.req, [file], sink, log, { onRejected: (r) => void rejects.push(r) });
    return { accounting: acc.toJSON(), rejects, lines };
  };
  const finish = async (): Promise<void> => {
    await sink.close();
    const { value, transfer } = sink.result();
    port.postMessage({ result: value } satisfies WorkerMessage, transfer);
    port.unref(); // the message listeners must not keep the thread alive
  };
  // a failure rejects unhandled, which ends the thread with an 'error' event in the main thread
  const queue = new RangeQueue(setup.ranges.length, setup.next);
  for (let k = queue.take(); k !== undefined; k = queue.take()) port.postMessage({ k, outcome: await readRange(setup.ranges[k]!) } satisfies WorkerMessage);
  await finish();
}

/**
 * `emit` with a credit of 16 chunks in flight; each ack from the main thread returns one. The main
 * thread reads a range of its own and sees the acks only between its chunks: with a credit of 4,
 * a worker normalizing CEF to JSONL waited ~0.4 s of its ~5 s for credit (~0.2 s with 16).
 */
function emitter(): Emit {
  const MAX_IN_FLIGHT = 16;
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  port.on('message', (task: WorkerTask) => {
    if (task !== 'ack') return;
    inFlight--;
    waiting?.();
    waiting = undefined;
  });
  return async (chunk, transfer) => {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (waiting = resolve));
    inFlight++;
    port.postMessage({ chunk } satisfies WorkerMessage, transfer);
  };
}
