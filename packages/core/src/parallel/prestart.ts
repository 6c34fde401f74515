// A worker thread started before the run knows it needs one. A worker needs ~0.15–0.2 s from its
// start to its first read (Node's worker bootstrap, the bundled pipeline modules); started only
// when the main thread has measured that splitting a file pays, that time is spent with one thread
// doing all the work. Started as the CLI begins its run (bin.ts), it loads on another core while
// the main thread loads plugins and reads the file's head, and is ready when the main thread
// decides. This module imports nothing but Node's.
import { Worker } from 'node:worker_threads';

/** Files from this size may be split (ParallelSpec.minBytes' default). */
export const SPLIT_MIN_BYTES = 32 << 20;

/**
 * ParallelSpec.minBytes' default for a file whose keys a plugin's batch fast path counts
 * (`decodeDetectorKeys`: VPC, ~550 MB/s on one thread). Splitting costs ~0.3 s on 2 vCPUs whatever
 * the size (the worker's start, and two threads compiling the same code while both cores are
 * busy: VPC v2 `detect`, 2M lines 0.67 s on one thread and 0.75 s on two, 10M lines 2.26 and
 * 1.61 s, 2026-12-07), so for such a reader it pays from ~350 MB. The main thread's timing of its
 * first ranges cannot tell: it runs still warming up, at 60–110 MB/s for VPC as for CEF.
 */
export const BATCH_SPLIT_MIN_BYTES = 512 << 20;

/** Worker threads get a young generation large enough that record batches rarely reach the old one. */
export const WORKER_RESOURCES = { maxYoungGenerationSizeMb: 48 } as const;

/** The worker's module, named by its export: a bundled build may move this module (see scripts/bundle-entry.mjs). */
export const WORKER_URL = new URL(import.meta.resolve('@asimkit/core/worker'));

let waiting: Worker[] = [];

/**
 * Starts `threads - 1` workers now, without their setup (they wait for it in a message), for a run
 * that will probably split a file. A worker never taken is told to quit by `releasePrestarted`
 * (never terminated: terminating a thread during its modules' evaluation aborts Node 20).
 */
export function prestartWorkers(threads: number): void {
  for (let i = waiting.length; i < threads - 1; i++) {
    const worker = new Worker(WORKER_URL, { resourceLimits: WORKER_RESOURCES });
    // an error here is the run's to see when it takes the worker; an idle worker's is of no interest
    worker.on('error', () => {});
    worker.once('exit', () => (waiting = waiting.filter((w) => w !== worker)));
    waiting.push(worker);
  }
}

/** A worker started by `prestartWorkers` and not yet taken, or undefined. */
export function takePrestarted(): Worker | undefined {
  return waiting.shift();
}

/**
 * Tells the workers not yet taken to import these plugins while they wait for their setup, which
 * will name the same ones (the main thread is loading them): a worker otherwise imports them
 * after the main thread has started reading (~35 ms for the seventeen bundled plugins, ~70 ms
 * unbundled; once they were bundled, VPC 2M `detect` measured the same with and without this).
 */
export function preloadInWaitingWorkers(manifests: readonly unknown[]): void {
  for (const worker of waiting) worker.postMessage({ preload: manifests });
}

/** Workers started and not yet taken. */
export function prestartedCount(): number {
  return waiting.length;
}

/** Tells every worker not taken to quit once it has loaded; resolves when they have exited. */
export async function releasePrestarted(): Promise<void> {
  const idle = waiting;
  waiting = [];
  await Promise.all(
    idle.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.postMessage({ quit: true });
        }),
    ),
  );
}
