/** Every input record ends up parsed, skipped (not a session, with a reason) or rejected (malformed). */
export class Accounting {
  read = 0;
  skipped = 0;
  rejected = 0;
  /** ASIM records written (a record may yield several, e.g. NSG flow tuples). */
  emitted = 0;
  readonly skippedBy = new Map<string, number>();
  /** Files found in a directory or by a glob that no plugin recognised (named files are an error). */
  readonly unrecognisedFiles: string[] = [];
  /** Inputs that could not be read to their end, with why (their records before the break are counted). */
  readonly failedInputs: { readonly path: string; readonly reason: string }[] = [];
  readonly rejectedBy = new Map<string, number>();
  /** Live runs: records that arrived after their detection window had closed (still written out). */
  late = 0;
  /** Live runs: messages received that could not be queued (UDP under overload); never read. */
  dropped = 0;
  /** A live run: the line also shows `late` and `dropped`, zero or not. */
  live = false;

  /** Adds the counts of another run (a worker thread's part of a file). */
  add(other: ReturnType<Accounting['toJSON']>): void {
    this.read += other.read;
    this.skipped += other.skipped;
    this.rejected += other.rejected;
    this.emitted += other.emitted;
    for (const [k, v] of Object.entries(other.skippedBy)) this.skippedBy.set(k, (this.skippedBy.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(other.rejectedBy)) this.rejectedBy.set(k, (this.rejectedBy.get(k) ?? 0) + v);
  }

  get parsed(): number {
    return this.read - this.skipped - this.rejected;
  }

  skip(reason: string): void {
    this.skipped++;
    this.skippedBy.set(reason, (this.skippedBy.get(reason) ?? 0) + 1);
  }

  inputFailed(path: string, reason: string): void {
    this.failedInputs.push({ path, reason });
  }

  reject(reason: string): void {
    this.rejected++;
    this.rejectedBy.set(reason, (this.rejectedBy.get(reason) ?? 0) + 1);
  }

  /** `read 10 / parsed 7 / skipped 2 (no-data 2) / rejected 1 (field-count 1) / emitted 7` */
  summary(): string {
    return [
      `read ${this.read}`,
      `parsed ${this.parsed}`,
      `skipped ${this.skipped}${breakdown(this.skippedBy)}`,
      `rejected ${this.rejected}${breakdown(this.rejectedBy)}`,
      `emitted ${this.emitted}`,
      ...(this.live || this.late ? [`late ${this.late}`] : []),
      ...(this.live || this.dropped ? [`dropped ${this.dropped}`] : []),
      ...(this.unrecognisedFiles.length ? [`unrecognised files ${this.unrecognisedFiles.length} (${this.unrecognisedFiles.join(', ')})`] : []),
      ...(this.failedInputs.length ? [`inputs failed ${this.failedInputs.length} (${this.failedInputs.map((f) => f.reason).join('; ')})`] : []),
    ].join(' / ');
  }

  toJSON(): { read: number; parsed: number; skipped: number; skippedBy: Record<string, number>; rejected: number; rejectedBy: Record<string, number>; emitted: number } {
    return {
      read: this.read,
      parsed: this.parsed,
      skipped: this.skipped,
      skippedBy: Object.fromEntries(this.skippedBy),
      rejected: this.rejected,
      rejectedBy: Object.fromEntries(this.rejectedBy),
      emitted: this.emitted,
    };
  }
}

function breakdown(m: Map<string, number>): string {
  if (m.size === 0) return '';
  return ` (${[...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')})`;
}
