import type { NetworkSession } from '@asimkit/schema';
import { OutputError } from '@asimkit/sdk';
import type { TokenCredential } from '@azure/identity';
import type { LogsIngestionClient } from '@azure/monitor-ingestion';
import type { RetryStrategy } from '@azure/core-rest-pipeline';
import type { RejectedRecord, SessionSink } from '../types.js';

/** How `--sink sentinel` authenticates (the `@azure/identity` credential it builds). */
export type SentinelCredentialKind = 'client-secret' | 'managed-identity' | 'azure-cli';
export const SENTINEL_CREDENTIAL_KINDS: readonly SentinelCredentialKind[] = ['client-secret', 'managed-identity', 'azure-cli'];

/** Where and how rows are uploaded with the Logs Ingestion API. */
export interface SentinelTarget {
  /** Logs ingestion endpoint of the data collection endpoint (or of the DCR itself). */
  readonly endpoint: string;
  /** The DCR's immutable id (`dcr-…`). */
  readonly ruleId: string;
  /** The DCR stream the rows are declared in (`Custom-…`). */
  readonly stream: string;
  readonly credential: SentinelCredentialKind;
  /** client-secret: tenant and app; managed-identity: a user-assigned identity's client id; azure-cli: the tenant. */
  readonly tenantId?: string;
  readonly clientId?: string;
  /** client-secret only; read from AZURE_CLIENT_SECRET, never from a flag (flags show in `ps`). */
  readonly clientSecret?: string;
  /** Entra ID host for sovereign clouds (default: AZURE_AUTHORITY_HOST, else the public cloud). */
  readonly authorityHost?: string;
  /** Token audience (default https://monitor.azure.com; e.g. https://monitor.azure.us). */
  readonly audience?: string;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Retries of a throttled or failing request (default 3). */
  readonly maxRetries?: number;
  /** First backoff of a failing request without Retry-After, doubled each retry (default 1000 ms). */
  readonly retryDelayMs?: number;
}

export interface UploadCounts {
  /** Rows the service accepted. */
  readonly uploaded: number;
  /** Rows of batches that still failed after the retries (each was handed to `onFailed`). */
  readonly failed: number;
  /** Successful requests (each ≤ 1 MB of JSON, gzipped). */
  readonly requests: number;
}

/** A row of a batch that still failed after the retries, with why; `position` is its 1-based order in the upload. */
export type FailedRowHandler = (row: Record<string, unknown>, position: number, reason: string) => void;

const PUBLIC_AUDIENCE = 'https://monitor.azure.com';
const PUBLIC_AUTHORITIES = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];
/** JSON characters buffered per request in flight before a group is handed to the SDK (which cuts 1 MB batches). */
const GROUP_CHARS_PER_REQUEST = 1_000_000;
/** Failures that every later batch would meet too: the run stops instead of failing batch after batch. */
const FATAL_STATUS = new Set([401, 403, 404]);

/**
 * Uploads rows to a DCR stream with `@azure/monitor-ingestion` (loaded only when a command asks
 * for this sink): the SDK cuts ≤ 1 MB batches, gzips them and sends `concurrency` at once; our
 * retry policy waits what `Retry-After` says on 429 and 5xx, else backs off exponentially. Rows of
 * a batch that still fails go to `onFailed` (the `--rejects` file) rather than being lost. While a
 * group uploads, the next one fills, so reading and uploading overlap; at most two groups are held.
 */
export class SentinelUploader {
  private group: Record<string, unknown>[] = [];
  private groupChars = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private fatal: OutputError | undefined;
  private sent = 0;
  private uploaded = 0;
  private failed = 0;
  private requests = 0;

  private constructor(
    private readonly client: LogsIngestionClient,
    private readonly target: SentinelTarget,
    private readonly onFailed: FailedRowHandler,
  ) {}

  /**
   * Builds the credential and gets a first token now, so a wrong secret or a missing identity
   * fails before any input is read.
   */
  static async open(target: SentinelTarget, onFailed: FailedRowHandler): Promise<SentinelUploader> {
    const [identity, ingestion, pipeline] = await Promise.all([import('@azure/identity'), import('@azure/monitor-ingestion'), import('@azure/core-rest-pipeline')]);
    const audience = target.audience ?? PUBLIC_AUDIENCE;
    const credential = makeCredential(identity, target);
    try {
      await credential.getToken(`${audience}/.default`);
    } catch (err) {
      throw new OutputError('sentinel-auth', `cannot get a token for the Logs Ingestion API (${target.credential}): ${firstLine(err)}`);
    }
    const client = new ingestion.LogsIngestionClient(target.endpoint, credential, { audience, retryOptions: { maxRetries: 0 } });
    // the SDK's default policy honours Retry-After only on 429 and 503
    client.pipeline.removePolicy({ name: pipeline.defaultRetryPolicy().name });
    client.pipeline.addPolicy(pipeline.retryPolicy([retryAfterStrategy(), backoffStrategy(target.retryDelayMs ?? 1000)], { maxRetries: target.maxRetries ?? 3 }), { phase: 'Retry' });
    const uploader = new SentinelUploader(client, target, onFailed);
    client.pipeline.addPolicy({
      name: 'asimkitCountRequests',
      sendRequest: async (req, next) => {
        const res = await next(req);
        if (res.status < 300) uploader.requests++;
        return res;
      },
    });
    return uploader;
  }

  /** Queues rows; returns once they are buffered (it waits when two groups are already held). */
  async add(rows: readonly Record<string, unknown>[]): Promise<void> {
    if (this.fatal) this.abandon(rows);
    for (const row of rows) {
      this.group.push(row);
      this.groupChars += JSON.stringify(row).length;
    }
    if (this.groupChars >= GROUP_CHARS_PER_REQUEST * this.concurrency()) await this.sendGroup();
  }

  /** Uploads what is left; throws when a failure stopped the upload. */
  async close(): Promise<UploadCounts> {
    await this.sendGroup();
    await this.inFlight;
    if (this.fatal) throw this.fatal;
    return this.counts();
  }

  counts(): UploadCounts {
    return { uploaded: this.uploaded, failed: this.failed, requests: this.requests };
  }

  private concurrency(): number {
    return Math.max(1, this.target.concurrency ?? 4);
  }

  private async sendGroup(): Promise<void> {
    await this.inFlight;
    if (this.fatal) this.abandon([]);
    if (this.group.length === 0) return;
    const rows = this.group;
    const first = this.sent + 1;
    this.sent += rows.length;
    this.group = [];
    this.groupChars = 0;
    this.inFlight = this.upload(rows, first);
  }

  /** After a fatal failure: the rows not sent go to `onFailed` too, so every row given is uploaded or handed back. */
  private abandon(rows: readonly Record<string, unknown>[]): never {
    const reason = `not sent: ${this.fatal!.message}`;
    for (const row of [...this.group, ...rows]) this.onFailed(row, ++this.sent, reason);
    this.failed += this.group.length + rows.length;
    this.group = [];
    this.groupChars = 0;
    throw this.fatal!;
  }

  private async upload(rows: Record<string, unknown>[], first: number): Promise<void> {
    const positions = new Map<Record<string, unknown>, number>();
    rows.forEach((r, i) => positions.set(r, first + i));
    let failed = 0;
    try {
      await this.client.upload(this.target.ruleId, this.target.stream, rows, {
        maxConcurrency: this.concurrency(),
        onError: ({ failedLogs, cause }) => {
          failed += failedLogs.length;
          const reason = firstLine(cause);
          for (const row of failedLogs as Record<string, unknown>[]) this.onFailed(row, positions.get(row) ?? 0, reason);
          this.fatal ??= fatalError(cause, this.target);
        },
      });
    } catch {
      // every failed batch went through onError
    }
    this.failed += failed;
    this.uploaded += rows.length - failed;
  }
}

/**
 * `--sink sentinel` for normalize: ASIM records to a DCR stream (e.g. one whose output is
 * `Microsoft-ASimNetworkSessionLogs`). `Type` (the source table) and `_ResourceId` are columns
 * the service sets, and `_Lineage` is no valid column name, so they are not sent; `_Lineage`
 * still names the source position of a record that failed to upload in the rejects file.
 */
export class SentinelSink implements SessionSink {
  constructor(private readonly uploader: SentinelUploader) {}

  async write(records: NetworkSession[]): Promise<void> {
    await this.uploader.add(records.map(uploadRow));
  }

  async close(): Promise<void> {
    await this.uploader.close();
  }
}

function uploadRow(rec: NetworkSession): Record<string, unknown> {
  const { Type: _type, _ResourceId: _resource, _Lineage, ...row } = rec as unknown as Record<string, unknown>;
  if (_Lineage !== undefined) Object.defineProperty(row, '_Lineage', { value: _Lineage, enumerable: false }); // for the rejects file, not serialized
  return row;
}

/** The rejects-file entry of a row that failed to upload: where it came from (its `_Lineage`, else its place in the upload). */
export function uploadRejection(stream: string, row: Record<string, unknown>, position: number, reason: string): RejectedRecord {
  const lineage = row._Lineage as { path?: string; line?: number } | undefined;
  return {
    path: lineage?.path ?? `sentinel:${stream}`,
    line: lineage?.line ?? position,
    reason: 'upload-failed',
    detail: reason,
    raw: JSON.stringify(row),
  };
}

type Identity = typeof import('@azure/identity');

function makeCredential(identity: Identity, t: SentinelTarget): TokenCredential {
  const authorityHost = t.authorityHost ?? process.env.AZURE_AUTHORITY_HOST;
  // instance discovery asks the public cloud about the host: not for a private or test authority
  const disableInstanceDiscovery = authorityHost !== undefined && !PUBLIC_AUTHORITIES.includes(new URL(authorityHost).hostname);
  const common = { ...(authorityHost ? { authorityHost } : {}), disableInstanceDiscovery };
  switch (t.credential) {
    case 'client-secret':
      if (!t.tenantId || !t.clientId || !t.clientSecret) {
        throw new OutputError('sentinel-auth', 'client-secret needs a tenant (--sentinel-tenant or AZURE_TENANT_ID), a client id (--sentinel-client-id or AZURE_CLIENT_ID) and AZURE_CLIENT_SECRET');
      }
      return new identity.ClientSecretCredential(t.tenantId, t.clientId, t.clientSecret, common);
    case 'managed-identity':
      return t.clientId ? new identity.ManagedIdentityCredential({ clientId: t.clientId }) : new identity.ManagedIdentityCredential();
    case 'azure-cli':
      return new identity.AzureCliCredential(t.tenantId ? { tenantId: t.tenantId } : {});
  }
}

function fatalError(cause: Error, t: SentinelTarget): OutputError | undefined {
  const status = (cause as { statusCode?: number }).statusCode;
  const authFailed = cause.name === 'AuthenticationError' || cause.name === 'CredentialUnavailableError';
  if (!authFailed && !(status !== undefined && FATAL_STATUS.has(status))) return undefined;
  const hint = status === 404 ? ' (check --sentinel-endpoint, --sentinel-dcr and --sentinel-stream)' : status === 403 ? ' (the identity needs the "Monitoring Metrics Publisher" role on the DCR)' : '';
  return new OutputError('sentinel-upload', `upload to ${t.stream} of DCR ${t.ruleId} failed${status ? ` with HTTP ${status}` : ''}: ${firstLine(cause)}${hint}`);
}

/** 429 or a 5xx that says when to come back: wait that long (seconds, or an HTTP date). */
function retryAfterStrategy(): RetryStrategy {
  return {
    name: 'asimkitRetryAfter',
    retry({ response }) {
      const header = response?.headers.get('retry-after');
      if (!response || !header || !(response.status === 429 || response.status >= 500)) return { skipStrategy: true };
      const seconds = Number(header);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
      return Number.isFinite(ms) ? { retryAfterInMs: Math.max(0, ms) } : { skipStrategy: true };
    },
  };
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ESOCKETTIMEDOUT', 'REQUEST_SEND_ERROR']);

/** 408, 429 and 5xx (but 501, 505) without Retry-After, and dropped connections: exponential backoff with jitter. */
function backoffStrategy(firstDelayMs: number): RetryStrategy {
  return {
    name: 'asimkitBackoff',
    retry({ retryCount, response, responseError }) {
      const status = response?.status;
      const retriable =
        status !== undefined
          ? status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)
          : responseError !== undefined && TRANSIENT_CODES.has(String(responseError.code));
      if (!retriable) return { skipStrategy: true };
      const delay = Math.min(firstDelayMs * 2 ** (retryCount - 1), 60_000);
      return { retryAfterInMs: delay * (0.8 + Math.random() * 0.4) };
    },
  };
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}
