/**
 * Exit codes. A user can cause 2–5; 1 is a bug (its stack is printed only with --log-level debug).
 * - 0: success (rejected and skipped records are reported on stderr, not failures)
 * - 1: unexpected failure
 * - 2: usage or configuration error (a bad flag, option, watchlist, unknown source, unreadable named input format)
 * - 3: an output could not be written (disk full, a directory, no permission): the run stopped
 * - 4: some inputs could not be read to their end (listed in the accounting); every other input was processed
 * - 5: `asim validate` found invalid records
 * - 6: `asim plugin test` found failing checks
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, output: 3, inputsFailed: 4, invalid: 5, checksFailed: 6 } as const;

/** Commander collector for comma-separated lists (`--enable a,b --enable c`). */
export function csvList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** Commander collector for repeatable flags. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
