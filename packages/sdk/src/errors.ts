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

/**
 * One input cannot be read to its end: unreadable, a corrupt container (gzip), a broken table
 * export (an unclosed quote, a JSON document cut short). The run reports the input with this
 * message, keeps every record read before the break, and goes on with the other inputs.
 */
export class InputError extends AsimkitError {}

/** An output cannot be written (disk full, a directory, no permission): the run stops and says where. */
export class OutputError extends AsimkitError {}

/** The reader of stdout went away (`asim normalize big.log | head`): the run stops early, and that is no failure. */
export class OutputClosed extends AsimkitError {
  constructor() {
    super('output-closed', 'the output was closed by its reader');
  }
}
