/** Base of every error asimkit raises on purpose: a stable code plus a message a user can act on. */
export class AsimkitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A configuration or usage problem (bad flag, bad option, bad plugin manifest): exit code 2. */
export class ConfigError extends AsimkitError {}

/**
 * Thrown by a parser for a malformed record. The pipeline counts it as rejected under `reason`
 * (a short stable code used for grouping) and keeps `detail` (what exactly was wrong) in the
 * rejects file. It never stops a run.
 */
export class RecordRejected extends AsimkitError {
  constructor(
    readonly reason: string,
    readonly detail: string = reason,
  ) {
    super('record-rejected', detail);
  }
}
