import { once } from 'node:events';
import { createWriteStream, fstatSync, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { OutputClosed, OutputError } from '@asimkit/sdk';

/**
 * What a file output may hold queued before `write` waits for it to drain. Node's default, 16 KiB,
 * is less than one chunk of JSONL (1 MiB), so each write waited for the one before to land: the
 * main thread sat idle ~0.3 s of a 5 s single-thread VPC normalize.
 */
const WRITE_AHEAD_BYTES = 4 << 20;

/**
 * Where a command writes its data: stdout, or a file opened before any input is read (so a bad
 * `--out` fails at once). Every write and the close report a failure as an `OutputError` naming the
 * output and the cause (disk full, a directory, no permission) — never a cut-off file with exit 0.
 * A reader that closes stdout early (`| head`) ends the run with `OutputClosed`, which is no failure.
 */
export class Output {
  private failure: Error | undefined;
  private readonly failed: Promise<never>;

  private constructor(
    private readonly stream: Writable,
    /** How the output is named in messages: the file path, or `stdout`. */
    readonly name: string,
    private readonly isStdout: boolean,
    /** The descriptor of a file opened by path. */
    private readonly fd?: number,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        this.failure ??= err.code === 'EPIPE' && isStdout ? new OutputClosed() : new OutputError('output-failed', `cannot write to ${name}: ${err.message}`);
        reject(this.failure);
      });
    });
    this.failed.catch(() => {}); // observed by write/close
  }

  /** stdout for `-` or no path, else the file at `path` (created or truncated now). */
  static open(path: string | undefined): Output {
    if (!path || path === '-') return new Output(process.stdout, 'stdout', true);
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      throw new OutputError('output-failed', `cannot write to ${path}: ${(err as Error).message}`);
    }
    return new Output(createWriteStream(path, { fd, highWaterMark: WRITE_AHEAD_BYTES }), path, false, fd);
  }

  /**
   * The descriptor that worker threads may write whole chunks to themselves, or undefined. Only a
   * file (or a device such as /dev/null) opened by path: there each write(2) lands whole at the
   * offset all threads share, so chunks of whole lines never mix. Not stdout, which may be a pipe,
   * where writes of more than PIPE_BUF bytes from two threads can interleave.
   */
  sharedFd(): number | undefined {
    if (this.fd === undefined || this.failure) return undefined;
    const stat = fstatSync(this.fd);
    return stat.isFile() || stat.isCharacterDevice() ? this.fd : undefined;
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (data.length === 0) return;
    if (!this.stream.write(data)) await Promise.race([once(this.stream, 'drain'), this.failed]);
  }

  /** Flushes and closes (stdout stays open, but is flushed); throws what went wrong. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.isStdout) {
      await Promise.race([new Promise<void>((resolve) => this.stream.write('', () => resolve())), this.failed]);
    } else {
      this.stream.end();
      await Promise.race([once(this.stream, 'finish'), this.failed]);
    }
    if (this.failure) throw this.failure;
  }
}
