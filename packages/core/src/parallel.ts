import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { detectInputKind, resolveOptions, type PluginManifest } from '@asimkit/sdk';
import type { Accounting } from './accounting.js';
import { readAt, type InputFile } from './inputs.js';
import type { NormalizeRequest, RejectedRecord, RunHooks, SessionSink } from './pipeline.js';
import type { LoadedPlugin } from './registry.js';

/**
 * How a consumer lets core split a large plain file among worker threads. Each worker writes to
 * its own sink, made by `sinkModule`'s `createWorkerSink(sinkOptions)`; what the sink's
 * `result()` returns comes back to `onResult`, once per worker, in file order. The consumer
 * merges those results (e.g. the detector's mergeable summaries).
 */
export interface ParallelSpec {
  /** Worker threads to use; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Files smaller than this stay on the main thread (default 32 MiB): a worker costs ~0.3 s to start. */
  readonly minBytes?: number;
  /** Absolute path of an ES module exporting `createWorkerSink(options): WorkerSink`. */
  readonly sinkModule: string;
  readonly sinkOptions?: unknown;
  /** Each worker's final `result()`, in file order. */
  onResult?(result: unknown): void;
  /** Data a worker sink streams while it runs (`emit`), e.g. encoded JSONL; awaited for backpressure. */
  onChunk?(chunk: unknown): void | Promise<void>;
}

/** What a worker writes records to. */
export interface WorkerSink extends SessionSink {
  /** What goes back to `onResult`, and the buffers in it to transfer rather than copy. */
  result(): { value: unknown; transfer?: ArrayBuffer[] };
}

/**
 * Streams data from a worker sink to the main thread's `onChunk`. It resolves at once while
 * fewer than 4 chunks await the main thread, so a slow output slows the workers down instead of
 * queueing without bound.
 */
export type Emit = (chunk: unknown, transfer?: ArrayBuffer[]) => Promise<void>;

/** The data a worker starts with (structured-cloned). */
export interface WorkerTask {
  readonly manifest: PluginManifest;
  readonly req: NormalizeRequest;
  readonly file: InputFile;
  readonly sinkModule: string;
  readonly sinkOptions: unknown;
  readonly logLevel: string;
}

/** What a worker sends back when its range is done. */
export interface WorkerReport {
  readonly accounting: ReturnType<Accounting['toJSON']>;
  readonly rejects: RejectedRecord[];
  /** Lines in the range, to turn the range's line numbers into the file's. */
  readonly lines: number;
  readonly result: unknown;
}

const HEAD_BYTES = 1 << 16;
const MAX_PREAMBLE = 64;

export function workerCount(spec: ParallelSpec): number {
  return Math.max(1, spec.workers ?? availableParallelism());
}

/** The first bytes of a plain (not gzip) file of raw lines, or undefined if it is anything else. */
export async function rawHead(file: InputFile, spec: ParallelSpec | undefined, req: NormalizeRequest): Promise<string | undefined> {
  if (!spec || workerCount(spec) < 2 || file.path === '-' || req.lineage) return undefined;
  if ((file.size ?? 0) < (spec.minBytes ?? 32 << 20)) return undefined;
  const head = await readAt(file.path, 0, HEAD_BYTES);
  if (head[0] === 0x1f && head[1] === 0x8b) return undefined;
  const text = head.toString('utf8');
  return detectInputKind(file.path, text) === 'lines' ? text : undefined;
}


/** `n` byte ranges covering the file, each starting at a line start. */
export async function splitRanges(path: string, size: number, n: number): Promise<{ start: number; end: number }[]> {
  const cuts = [0];
  for (let k = 1; k < n; k++) {
    let pos = Math.max(Math.floor((size * k) / n), cuts[cuts.length - 1]!);
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
  for (let k = 0; k < n; k++) if (cuts[k + 1]! > cuts[k]!) ranges.push({ start: cuts[k]!, end: cuts[k + 1]! });
  return ranges;
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
      decoder.decode(line, { row: () => void rows++, skip: () => void (skipped = true) });
    } catch {
      break;
    }
    if (rows > 0 || !skipped) break;
    preamble.push(line);
  }
  return preamble;
}

/**
 * Decodes one file with a worker per byte range, then folds the workers' accounting, rejects
 * (renumbered to file lines) and sink results into the run, in file order.
 */
export async function runSplit(
  file: InputFile,
  head: string,
  plugin: LoadedPlugin,
  req: NormalizeRequest,
  spec: ParallelSpec,
  acc: Accounting,
  hooks: RunHooks,
  logLevel: string,
): Promise<void> {
  const ranges = await splitRanges(file.path, file.size!, workerCount(spec));
  const preamble = headerLines(head, plugin, req);
  const workerReq: NormalizeRequest = { ...req, inputs: [], source: plugin.manifest.id };
  const reports = await Promise.all(
    ranges.map((range, k) =>
      runWorker({
        manifest: plugin.manifest,
        req: workerReq,
        file: { path: file.path, size: range.end - range.start, range, preamble: k > 0 ? preamble : undefined },
        sinkModule: spec.sinkModule,
        sinkOptions: spec.sinkOptions,
        logLevel,
      }, spec.onChunk),
    ),
  );
  let offset = 0;
  for (const report of reports) {
    acc.add(report.accounting);
    for (const r of report.rejects) hooks.onRejected?.({ ...r, line: r.line + offset });
    spec.onResult?.(report.result);
    offset += report.lines;
  }
}

/** Messages a worker posts: streamed chunks, then its report. */
export type WorkerMessage = { chunk: unknown } | { report: WorkerReport };

function runWorker(task: WorkerTask, onChunk: ParallelSpec['onChunk']): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    let report: WorkerReport | undefined;
    let written = Promise.resolve();
    worker.on('message', (m: WorkerMessage) => {
      if ('report' in m) report = m.report;
      else {
        // chunks of one worker are written in order; the ack lets the worker send more
        written = written.then(async () => {
          await onChunk?.(m.chunk);
          worker.postMessage('ack');
        }, reject);
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!report) return reject(new Error(`worker for ${task.file.path} exited with code ${code} and no report`));
      written.then(() => resolve(report!), reject);
    });
  });
}
