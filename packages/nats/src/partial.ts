import { Accounting } from '@asimkit/core';
import type { SessionSummaryJSON } from '@asimkit/detector';

/** The counts of one raw batch, as a worker reports them. */
export interface BatchAccounting extends ReturnType<Accounting['toJSON']> {
  unrecognisedFiles: string[];
  failedInputs: { path: string; reason: string }[];
}

/** What a worker publishes per raw batch with `--emit summaries`. */
export interface Partial {
  /** The raw batch's Nats-Msg-Id: the detector merges each once. */
  readonly input: string;
  readonly path: string;
  readonly accounting: BatchAccounting;
  readonly summary?: SessionSummaryJSON;
}

export function accountingOf(acc: Accounting): BatchAccounting {
  return { ...acc.toJSON(), unrecognisedFiles: [...acc.unrecognisedFiles], failedInputs: [...acc.failedInputs] };
}

/** Adds a batch's counts to a run's; a file no plugin recognises is listed once however many batches it had. */
export function addAccounting(into: Accounting, part: BatchAccounting): void {
  into.add(part);
  for (const p of part.unrecognisedFiles) if (!into.unrecognisedFiles.includes(p)) into.unrecognisedFiles.push(p);
  for (const f of part.failedInputs) into.inputFailed(f.path, f.reason);
}
