import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { detectInputKind, resolveOptions, type PluginManifest } from '@asimkit/sdk';
import type { Accounting } from '../accounting.js';
import { readAt } from '../inputs/chunks.js';
import type { InputFile } from '../inputs/files.js';
import type { LoadedPlugin } from '../registry.js';
import { prestartedCount, SPLIT_MIN_BYTES, takePrestarted, WORKER_RESOURCES, WORKER_URL } from './prestart.js';
import type { NormalizeRequest, ParallelSpec, RejectedRecord, RunHooks } from '../types.js';

export type { Emit, ParallelSpec, WorkerSink } from '../types.js';

/** The data a worker starts with (structured-cloned). */
export interface WorkerSetup {
  /** The plugins it loads: the one that reads the file, or every enabled one when lines are routed one by one. */
  readonly manifests: PluginManifest[];
  readonly req: NormalizeRequest;
  readonly sinkModule: string;
  readonly sinkOptions: unknown;
  readonly logLevel: string;
  /** The file's ranges, and the queue of them (RangeQueue.next). */
  readonly ranges: readonly InputFile[];
  readonly next: Int32Array;
}

/** How one byte range went: its accounting, its rejects (numbered from the range's first line), its lines. */
export interface RangeOutcome {
  readonly accounting?: ReturnType<Accounting['toJSON']>;
  readonly rejects: RejectedRecord[];
  readonly lines: number;
}

/** Main thread → worker: a streamed chunk was written (see Emit). */
export type WorkerTask = 'ack';

/** Worker → main thread: the outcome of range k, streamed data, or its result once no range is left. */
export type WorkerMessage = { k: number; outcome: RangeOutcome } | { chunk: unknown } | { result: unknown };

/**
 * The ranges not taken yet, shared by the threads: each takes the next index with one atomic add,
 * without asking the main thread, which answers messages only between its own chunks (a worker
 * waited up to a chunk's time, ~20 ms of VPC normalize, for each range).
 */
export class RangeQueue {
  constructor(
    readonly count: number,
    /** The index of the next range; at `count` or past it, none is left. */
    readonly next: Int32Array = new Int32Array(new SharedArrayBuffer(4)),
  ) {}

  take(): number | undefined {
    const k = Atomics.add(this.next, 0, 1);
    return k < this.count ? k : undefined;
  }

  /** No thread takes another range. */
  close(): void {
    Atomics.store(this.next, 0, this.count);
  }
}

const HEAD_BYTES = 1 << 16;
const MAX_PREAMBLE = 64;

export function workerCount(spec: ParallelSpec): number {
  return Math.max(1, spec.workers ?? availableParallelism());
}

/** The first bytes of a plain (not gzip) file large enough to split among threads, or undefined. */
export async function splitHead(file: InputFile, spec: ParallelSpec | undefined, req: NormalizeRequest): Promise<string | undefined> {
  if (!spec || workerCount(spec) < 2 || file.stream || req.lineage) return undefined;
  if ((file.size ?? 0) < (spec.minBytes ?? SPLIT_MIN_BYTES)) return undefined;
  const head = await readAt(file.path, 0, HEAD_BYTES);
  if (head[0] === 0x1f && head[1] === 0x8b) return undefined;
  const text = head.toString('utf8');
  return detectInputKind(file.path, text) === 'lines' ? text : undefined;
}

/** How a split file's lines are read in every range: by one plugin's decoder, or routed one by one. */
export type SplitRoute = { readonly plugin: LoadedPlugin } | { readonly perLine: readonly LoadedPlugin[] };

/** Byte ranges covering the file, each starting at the first line start at or after its target offset. */
export async function splitRanges(path: string, size: number, targets: readonly number[]): Promise<{ start: number; end: number }[]> {
  const cuts = [0];
  for (const target of targets) {
    let pos = Math.max(target, cuts[cuts.length - 1]!);
    for (;;) {
      const chunk = await readAt(path, pos, HEAD_BYTES);
      if (chunk.length === 0) {
        pos = size;
        break;
      }
      const nl = chunk.indexOf(10);
      if (nl !== -1) {
        pos += nl + 1;
        break;
      }
      pos += chunk.length;
    }
    cuts.push(pos);
  }
  cuts.push(size);
  const ranges: { start: number; end: number }[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) if (cuts[k + 1]! > cuts[k]!) ranges.push({ start: cuts[k]!, end: cuts[k + 1]! });
  return ranges;
}

/**
 * Where the ranges of a file start: first a warm-up range and a measured one (CALIBRATION) when
 * the file is large enough, as `runSplit` times the second; then ranges that each take a share of
 * what is left (guided scheduling: 1 / (2 × threads) of it, at least `minRange`), so that the last
 * ones are small and the threads finish close together: with equal ranges, one thread idled for
 * half a range (~0.15 s of 28 MiB of CEF) on average while the other read the last one. Exported for tests.
 */
export function rangeTargets(size: number, threads: number, minRange: number, calibrate: boolean): number[] {
  const guided = (from: number): number[] => {
    const cuts: number[] = [];
    for (let pos = from; ; ) {
      pos += Math.max(minRange, Math.floor((size - pos) / (2 * threads)));
      // the last range takes what is left rather than leave a sliver
      if (size - pos < minRange / 2) return cuts;
      cuts.push(pos);
    }
  };
  const first = Math.max(minRange, Math.floor(size / (2 * threads)));
  if (!calibrate || CALIBRATION.measuredEnd * 2 > first) return guided(0);
  return [CALIBRATION.warmUpEnd, CALIBRATION.measuredEnd, ...guided(CALIBRATION.measuredEnd)];
}

/** The leading lines of the file that the plugin's decoder takes as headers (skips without a row). */
export function headerLines(head: string, plugin: LoadedPlugin, req: NormalizeRequest): string[] {
  const ctx = {
    options: resolveOptions(plugin.parser, req.pluginOptions?.get(plugin.manifest.id) ?? {}),
    path: '-',
    log: { debug() {}, info() {}, warn() {} },
    receivedAt: new Date(0).toISOString(),
  };
  const decoder = plugin.parser.createDecoder!(ctx);
  const lines = head.split('\n').slice(0, MAX_PREAMBLE);
  lines.pop(); // possibly cut short
  const preamble: string[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let rows = 0;
    let skipped = false;
    try {
      decoder.decode(line, { row: () => void rows++, skip: () => void (skipped = true), reject: () => void rows++ });
    } catch {
      break;
    }
    if (rows > 0 || !skipped) break;
    preamble.push(line);
  }
  return preamble;
}

/**
 * Workers start only when the rest of the file, at the main thread's rate on its first range, would
 * take at least this long (seconds): a worker takes ~0.3–0.5 s to start, and on 2 vCPUs its start
 * slows the main thread down (measured: splitting 23 MiB of VPC took 0.85 s against 0.70 s on one
 * thread). Workers started with the process (prestart.ts) are not measured for: they are used.
 */
const MIN_SECONDS_LEFT = 1;

/** The main thread's first two ranges end here: 1 MiB to warm the code up, then 3 MiB timed. */
const CALIBRATION = { warmUpEnd: 1 << 20, measuredEnd: 4 << 20 };

/** The smallest range (but for small files split in tests): a few MiB, so that a range's overhead stays small. */
const MIN_RANGE_BYTES = 4 << 20;

/**
 * Reads one file as byte ranges taken from one queue by the main thread (`here`) and by worker
 * threads, then folds the workers' accounting and results into the run, and passes every reject
 * on renumbered to file lines, in file order.
 */
export async function runSplit(
  file: InputFile,
  head: string,
  route: SplitRoute,
  req: NormalizeRequest,
  spec: ParallelSpec,
  acc: Accounting,
  hooks: RunHooks,
  logLevel: string,
  here: (range: InputFile) => Promise<RangeOutcome>,
): Promise<void> {
  const threads = workerCount(spec);
  const minRange = Math.min(MIN_RANGE_BYTES, Math.max(1, Math.floor((spec.minBytes ?? SPLIT_MIN_BYTES) / threads)));
  // workers started with the process have paid for their start: they take ranges from the first
  // one on, where waiting for the main thread's calibration left them idle for 0.1–0.25 s
  const calibrate = !spec.workersOnly && prestartedCount() === 0;
  const ranges = await splitRanges(file.path, file.size!, rangeTargets(file.size!, threads, minRange, calibrate));
  const preamble = 'plugin' in route ? headerLines(head, route.plugin, req) : [];
  const rangeFile = (k: number): InputFile => {
    const range = ranges[k]!;
    return { path: file.path, size: range.end - range.start, range, preamble: k > 0 ? preamble : undefined };
  };
  const queue = new RangeQueue(ranges.length);
  const outcomes: RangeOutcome[] = [];
  if (calibrate) {
    // the first range warms the code up; the second, timed, says whether workers would pay
    outcomes[queue.take()!] = await here(rangeFile(0));
    const started = performance.now();
    const measured = queue.take();
    if (measured !== undefined) outcomes[measured] = await here(rangeFile(measured));
    if (measured === undefined || !restIsWorthWorkers(ranges, measured, (performance.now() - started) / 1000, spec)) {
      // the rest of the file is read here as one range, as if it had not been split
      const rest = queue.take();
      if (rest !== undefined) {
        ranges.splice(rest, ranges.length - rest, { start: ranges[rest]!.start, end: file.size! });
        outcomes[rest] = await here(rangeFile(rest));
      }
      foldOutcomes(outcomes, acc, hooks);
      return;
    }
  }
  const rangeReq: NormalizeRequest = 'plugin' in route ? { ...req, inputs: [], source: route.plugin.manifest.id } : { ...req, inputs: [], perLine: true };
  const manifests = 'plugin' in route ? [route.plugin.manifest] : route.perLine.map((p) => p.manifest);
  const setup: WorkerSetup = { manifests, req: rangeReq, sinkModule: spec.sinkModule, sinkOptions: spec.sinkOptions, logLevel, ranges: ranges.map((_, k) => rangeFile(k)), next: queue.next };
  const workerCountHere = spec.workersOnly ? threads : threads - 1;
  const workers = Array.from({ length: Math.min(workerCountHere, ranges.length) }, () => runWorker(setup, outcomes, spec.onChunk));
  // a worker may fail while the main thread still reads: its error is thrown below, not unhandled
  for (const w of workers) w.catch(() => {});
  try {
    if (!spec.workersOnly) for (let k = queue.take(); k !== undefined; k = queue.take()) outcomes[k] = await here(rangeFile(k));
  } catch (err) {
    queue.close(); // the run stops (a failed write): the workers take no more ranges
    throw err;
  }
  for (const result of await Promise.all(workers)) spec.onResult?.(result);
  foldOutcomes(outcomes, acc, hooks);
}

/**
 * Whether, at the rate the main thread read the first range (in `seconds`), the rest of the file
 * would keep one thread busy long enough to pay for starting workers. A byte size alone cannot say
 * it: a VPC line is counted ten times faster than a CEF line.
 */
function restIsWorthWorkers(ranges: readonly { start: number; end: number }[], measured: number, seconds: number, spec: ParallelSpec): boolean {
  if (measured + 1 >= ranges.length) return false;
  const measuredBytes = ranges[measured]!.end - ranges[measured]!.start;
  const restBytes = ranges.at(-1)!.end - ranges[measured + 1]!.start;
  const minSeconds = spec.minSecondsLeft ?? MIN_SECONDS_LEFT;
  return (seconds * restBytes) / measuredBytes >= minSeconds;
}

/** Folds every range's accounting into the run and passes its rejects on, renumbered to file lines. */
function foldOutcomes(outcomes: readonly RangeOutcome[], acc: Accounting, hooks: RunHooks): void {
  let offset = 0;
  for (const outcome of outcomes) {
    if (outcome.accounting) acc.add(outcome.accounting);
    for (const r of outcome.rejects) hooks.onRejected?.({ ...r, line: r.line + offset });
    offset += outcome.lines;
  }
}

/** One worker: it takes ranges from the setup's queue until none is left, then this resolves with its sink's result. */
function runWorker(setup: WorkerSetup, outcomes: RangeOutcome[], onChunk: ParallelSpec['onChunk']): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const prestarted = takePrestarted();
    const worker = prestarted ?? new Worker(WORKER_URL, { workerData: setup, resourceLimits: WORKER_RESOURCES });
    if (prestarted) prestarted.postMessage({ setup });
    const send = (task: WorkerTask) => worker.postMessage(task);
    let result: { value: unknown } | undefined;
    let written = Promise.resolve();
    worker.on('message', (m: WorkerMessage) => {
      if ('outcome' in m) {
        outcomes[m.k] = m.outcome;
      } else if ('result' in m) {
        result = { value: m.result };
      } else {
        // chunks of one worker are written in order; the ack lets the worker send more. A failed write
        // (the output closed, the disk full) rejects the run at once and the chunks after it are dropped.
        written = written.then(async () => {
          await onChunk?.(m.chunk);
          send('ack');
        });
        written.catch((err: unknown) => {
          reject(err);
          void worker.terminate();
        });
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!result) return reject(new Error(`a worker reading ${setup.req.source ?? 'lines routed one by one'} exited with code ${code} and no result`));
      written.then(() => resolve(result!.value), reject);
    });
  });
}
