import { DETECTOR_FIELDS, type AsimFilterParameters, type DetectorKey, type DetectorKeyColumns, type NetworkSession, type SessionFilter } from '@asimkit/schema';
import type { JsonLineBuffer } from '@asimkit/sdk';
import type { FollowOptions } from './inputs/files.js';

/** `--source asim`: the input is already ASIM JSON lines (e.g. the output of `asim normalize`). */
export const ASIM_SOURCE = 'asim';

export interface NormalizeRequest {
  readonly inputs: readonly string[];
  /** Plugin id, or `asim`. Absent: sniff each input (or route its lines one by one). */
  readonly source?: string;
  /** Per plugin id, its `--opt` settings. */
  readonly pluginOptions?: ReadonlyMap<string, Record<string, string>>;
  /** Table name for exports without a `Type` column. */
  readonly table?: string;
  /** Add `_Lineage: {path, line}` to every record. */
  readonly lineage?: boolean;
  /** Validate every record with the full zod schema; invalid ones are rejected. */
  readonly validate?: boolean;
  /** Only these ASIM fields are needed downstream (see StreamContext.fields). */
  readonly fields?: readonly string[];
  /** Longest raw line (or JSON line) read, in bytes; longer ones are rejected (default 1 MiB). */
  readonly maxLine?: number;
  /** Route raw lines one by one (set for a worker's range of a file the main thread routes per line). */
  readonly perLine?: boolean;
  /**
   * The ASIM filtering parameters (`--starttime`, `--dstportnumber`, ...): records they exclude are
   * skipped (`filtered out ...`), on the detector's fast path too where they read only counted
   * fields. `fields` must include what they read (`compileSessionFilter(...).fields`).
   */
  readonly filter?: AsimFilterParameters;
  /** `--follow`: read the inputs as they grow (and files a glob matches as they appear) until the signal. */
  readonly follow?: FollowOptions;
}

/** The default `--max-line`. */
export const DEFAULT_MAX_LINE = 1 << 20;

/** Where normalized records go, one batch at a time. */
export interface SessionSink {
  write(records: NetworkSession[]): void | Promise<void>;
  /**
   * A sink that only counts what the detector reads may take it straight from a plugin's fast
   * decoder (`RawDecoder.decodeDetectorKey`) when the request's `fields` are the detector's: lines
   * the fast path declines still arrive through `write`. `key` is reused: copy what you keep.
   */
  detectorKey?(key: Readonly<DetectorKey>): void;
  /**
   * With `detectorKey`, optionally: the keys of entries 0 to `count` − 1 of `columns` whose
   * combination is ≥ 0, at once (a batch fast path's; see KeyOutcomes.takeColumns). Returns how
   * many it counted. Without it, each goes to `detectorKey`.
   */
  detectorKeyColumns?(columns: Readonly<DetectorKeyColumns>, count: number): number;
  /**
   * A sink that writes JSON lines may take them already encoded by a plugin's fast path
   * (`RawDecoder.encodeJsonLines`), when nothing reads the records on the way (no filter,
   * lineage or validation): the run then appends to the target's buffer, and hands the records of
   * the lines the fast path declines to `records` as they come, so the lines keep their order.
   */
  jsonLines?(): JsonLineTarget;
  close(): void | Promise<void>;
}

/** A JSON-lines sink's buffer, as a plugin's fast path appends to it (see SessionSink.jsonLines). */
export interface JsonLineTarget {
  readonly buffer: JsonLineBuffer;
  /** Appends records of the full path after what the buffer holds. */
  records(records: readonly NetworkSession[]): void;
  /** Called between batches: sets a chunk's worth of the buffer aside for `drain`. */
  cut(): void;
  /** Writes out what was set aside (and what is buffered, when it is half a chunk or more). */
  drain(): Promise<void>;
}

/** A malformed record, as written to the `--rejects` file. */
export interface RejectedRecord {
  readonly path: string;
  readonly line: number;
  readonly reason: string;
  readonly detail: string;
  readonly raw: string;
}

export interface RunHooks {
  onRejected?(record: RejectedRecord): void;
  onProgress?(bytesRead: number, bytesTotal: number | undefined): void;
  /** Lets large plain files be split among worker threads (see ParallelSpec). */
  parallel?: ParallelSpec;
}

/**
 * How a consumer lets core split a large plain file among threads. The file is cut into
 * line-aligned byte ranges that the main thread and the worker threads take from one queue, so a
 * worker that is still starting (~0.5 s of module loading) takes fewer. The main thread writes to
 * the run's sink; each worker writes to its own, made by `sinkModule`'s
 * `createWorkerSink(sinkOptions)`, whose `result()` comes back to `onResult` once per worker. The
 * consumer merges those results (e.g. the detector's mergeable summaries).
 */
export interface ParallelSpec {
  /** Threads to use, the main thread included; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Leave all ranges to the worker threads (tests use it to exercise them on small files). */
  readonly workersOnly?: boolean;
  /**
   * Files smaller than this stay on the main thread: a worker costs ~0.3 s to start. Default 32 MiB,
   * or 512 MiB for a file whose keys a batch fast path counts (BATCH_SPLIT_MIN_BYTES).
   */
  readonly minBytes?: number;
  /**
   * Workers start only if the rest of the file, at the rate the main thread read its first range,
   * would take at least this many seconds (default 1, or 0.25 with workers started with the process).
   */
  readonly minSecondsLeft?: number;
  /** Absolute path of an ES module exporting `createWorkerSink(options): WorkerSink`. */
  readonly sinkModule: string;
  readonly sinkOptions?: unknown;
  /** Each worker's final `result()`. */
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
 * fewer than 16 chunks await the main thread, so a slow output slows the workers down instead of
 * queueing without bound.
 */
export type Emit = (chunk: unknown, transfer?: ArrayBuffer[]) => Promise<void>;

/** The fast path counts exactly what the detector reads, so only a plain projected run may take it. */
export function wantsDetectorKeys(req: NormalizeRequest, sink: SessionSink, filter: SessionFilter | undefined): boolean {
  const fields = new Set(req.fields);
  const projection = fields.size === DETECTOR_FIELDS.length && DETECTOR_FIELDS.every((f) => fields.has(f));
  return sink.detectorKey !== undefined && projection && !req.lineage && !req.validate && req.source !== ASIM_SOURCE && (!filter || filter.keepKey !== undefined);
}
