import { connect, errors, headers, nanos, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, JetStreamError, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { ConfigError } from '@asimkit/sdk';

/**
 * One JetStream stream holds a run's traffic, by subject:
 * - `S.raw.<source>`: raw batches from the shippers, one subject per file (or listener);
 * - `S.out.summaries`: the workers' partial summaries, one message per raw batch;
 * - `S.out.records.<source>`: the workers' ASIM JSON lines (`--emit records`).
 */
export const subjects = {
  raw: (stream: string, source: string) => `${stream}.raw.${source}`,
  allRaw: (stream: string) => `${stream}.raw.>`,
  summaries: (stream: string) => `${stream}.out.summaries`,
  records: (stream: string, source: string) => `${stream}.out.records.${source}`,
};

/** The headers a raw batch carries. */
export const H = {
  /** The file's path as the shipper was given it (what accounting and rejects name). */
  path: 'Asim-Path',
  /** Byte range [start, end) of the file's (decompressed) content, and the number of its first line. */
  start: 'Asim-Start',
  end: 'Asim-End',
  line: 'Asim-Line',
  /** The file's first line (JSON string), on batches after the first: a header line some formats need (VPC flow). */
  head: 'Asim-Head',
  /** A file's generation: 0, then one more each time it is found truncated (its bytes start again at 0). */
  gen: 'Asim-Gen',
  /** `K:HASH`: the fingerprint of the file's first K bytes (K ≤ 1024), by which a resumed shipper knows it is the same file. */
  first: 'Asim-First',
  /** On a worker's output: the raw batch's message id, which the detector merges once. */
  input: 'Asim-Input',
} as const;

/** Publishes within this window with the same Nats-Msg-Id are stored once (JetStream's default, made explicit). */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface Nats {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  close(): Promise<void>;
}

/** A stream name JetStream accepts, which also makes valid subject tokens. */
export function checkStreamName(stream: string | undefined): string {
  if (!stream) throw new ConfigError('bad-flag', '--stream NAME is required with --nats');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream)) throw new ConfigError('bad-flag', `--stream must be letters, digits, - and _ (at most 64), not "${stream}"`);
  return stream;
}

/**
 * Connects (reconnecting for ever: a server restart pauses the run, it does not end it) and makes
 * sure the stream exists. A server that cannot be reached at start is a usage error.
 */
export async function openNats(url: string, stream: string): Promise<Nats> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 250, name: 'asim' });
  } catch (err) {
    throw new ConfigError('nats-unreachable', `cannot connect to NATS at ${url}: ${(err as Error).message}`);
  }
  const jsm = await jetstreamManager(nc).catch(async (err: Error) => {
    await nc.close();
    throw new ConfigError('nats-no-jetstream', `NATS at ${url} has no JetStream (start nats-server with -js): ${err.message}`);
  });
  if ((await jsm.streams.info(stream).catch(() => null)) === null) {
    await jsm.streams
      .add({ name: stream, subjects: [`${stream}.raw.>`, `${stream}.out.>`], duplicate_window: nanos(DUPLICATE_WINDOW_MS) })
      .catch(async (err: Error) => {
        // another process may have created it in the meantime
        if ((await jsm.streams.info(stream).catch(() => null)) === null) {
          await nc.close();
          throw new ConfigError('nats-stream', `cannot create the stream ${stream}: ${err.message}`);
        }
      });
  }
  return { nc, js: jetstream(nc), jsm, stream, close: () => nc.drain() };
}

export function msgHeaders(values: Record<string, string>): MsgHdrs {
  const h = headers();
  for (const [k, v] of Object.entries(values)) h.set(k, v);
  return h;
}

/** Retries `op` (a publish, a request) while the server is away, up to `forMs`; then throws its last error. */
export async function retrying<T>(op: () => Promise<T>, forMs: number, what: string): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await op();
    } catch (err) {
      if (Date.now() + wait > deadline) throw new NatsUnavailable(`${what}: ${(err as Error).message} (retried for ${Math.round(forMs / 1000)} s)`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The server stayed unreachable (or kept refusing) for longer than the retry limit. */
export class NatsUnavailable extends Error {}

/**
 * Errors that mean the server is away or restarting (the client reconnects by itself), as
 * opposed to a bug or a misuse, which must not be retried.
 */
export function isServerAway(err: unknown): boolean {
  return err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.RequestError || err instanceof errors.NoRespondersError || err instanceof JetStreamError || err instanceof errors.DrainingConnectionError;
}

/** Time spent without a server: a consumer loop waits through it, up to a limit. */
export class Outage {
  private since: number | undefined;
  constructor(private readonly limitMs: number) {}

  async wait(err: Error, log: { warn(o: object, msg: string): void }): Promise<void> {
    this.since ??= Date.now();
    if (Date.now() - this.since > this.limitMs) throw new NatsUnavailable(`${err.message} (for more than ${Math.round(this.limitMs / 1000)} s)`);
    log.warn({ err: err.message }, 'waiting for the NATS server');
    await new Promise((r) => setTimeout(r, 500));
  }

  over(): void {
    this.since = undefined;
  }
}
