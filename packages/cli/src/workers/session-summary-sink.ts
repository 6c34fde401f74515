// Worker-thread sink for detect and summarize: counts a byte range into a SessionSummary whose
// cells go back to the main thread, which merges them (summaries are mergeable by design).
// Only the summary's module: a worker does not load the rest of the detector (~5 ms of its start).
import { columnBuffers, SessionSummary, type SessionSummaryColumns } from '@asimkit/detector/session-summary';
import type { ParallelSpec, SessionSink, WorkerSink } from '@asimkit/core';
import type { splitSettings } from '../run-normalize.js';

export function createWorkerSink(options: { binSize: number; windowAt?: number }): WorkerSink {
  const summary = new SessionSummary(options);
  return {
    ...summarySink(summary),
    result: () => {
      const columns = summary.toColumns();
      return { value: columns, transfer: columnBuffers(columns) };
    },
  };
}

/** A sink that counts into `summary`, taking detector keys where a plugin's fast path gives them. */
export function summarySink(summary: SessionSummary): SessionSink {
  return {
    write: (records) => void summary.add(records),
    detectorKey: (key) => summary.addKey(key),
    detectorKeyColumns: (columns, count) => summary.addKeyColumns(columns, count),
    close() {},
  };
}

/** The spec that runs this sink in worker threads and merges their summaries into `into`. */
export function parallelSummary(into: SessionSummary, settings: ReturnType<typeof splitSettings>): ParallelSpec {
  return {
    ...settings,
    sinkModule: new URL(import.meta.resolve('@asimkit/cli/session-summary-sink')).pathname,
    sinkOptions: { binSize: into.binSize, windowAt: into.windowAt },
    onResult: (columns: unknown) => void into.mergeColumns(columns as SessionSummaryColumns),
  };
}
