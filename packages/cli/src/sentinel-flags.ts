import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { RejectsFile, SENTINEL_CREDENTIAL_KINDS, SentinelUploader, uploadRejection, type SentinelCredentialKind, type UploadCounts } from '@asimkit/core';
import { EXIT } from './exit.js';

/** The flags of `--sink sentinel` (normalize and summarize). */
export interface SentinelFlags {
  sink?: string;
  sentinelEndpoint?: string;
  sentinelDcr?: string;
  sentinelStream?: string;
  sentinelCredential: string;
  sentinelTenant?: string;
  sentinelClientId?: string;
  sentinelAuthorityHost?: string;
  sentinelAudience?: string;
  sentinelConcurrency: string;
  sentinelRetries: string;
  sentinelRetryDelay: string;
  out?: string;
  rejects?: string;
}

export function addSentinelFlags(cmd: Command, defaultStream: string): Command {
  return cmd
    .option('--sink <sink>', 'sentinel: upload with the Logs Ingestion API instead of writing to stdout or --out')
    .option('--sentinel-endpoint <url>', 'logs ingestion endpoint of the data collection endpoint (or of the DCR)')
    .option('--sentinel-dcr <id>', 'immutable id of the data collection rule (dcr-…)')
    .option('--sentinel-stream <name>', 'DCR stream the rows are declared in', defaultStream)
    .option('--sentinel-credential <kind>', `${SENTINEL_CREDENTIAL_KINDS.join(', ')} (client-secret reads AZURE_CLIENT_SECRET)`, 'client-secret')
    .option('--sentinel-tenant <id>', 'Entra tenant id (default: AZURE_TENANT_ID)')
    .option('--sentinel-client-id <id>', 'app (client-secret) or user-assigned identity (managed-identity) client id (default: AZURE_CLIENT_ID)')
    .option('--sentinel-authority-host <url>', 'Entra authority host for sovereign clouds (default: AZURE_AUTHORITY_HOST, else the public cloud)')
    .option('--sentinel-audience <url>', 'token audience, e.g. https://monitor.azure.us (default https://monitor.azure.com)')
    .option('--sentinel-concurrency <n>', 'requests in flight at once', '4')
    .option('--sentinel-retries <n>', 'retries of a throttled (429) or failing (5xx) request', '3')
    .option('--sentinel-retry-delay <ms>', 'first backoff when the service gives no Retry-After (doubles each retry)', '1000');
}

/** Whether `--sink sentinel` was given; any other `--sink` value and `--out` beside it are usage errors. */
export function wantsSentinel(flags: SentinelFlags): boolean {
  if (flags.sink === undefined) return false;
  if (flags.sink !== 'sentinel') throw new ConfigError('bad-flag', `--sink must be sentinel, not "${flags.sink}" (without --sink, records go to stdout or --out)`);
  if (flags.out !== undefined) throw new ConfigError('bad-flag', '--out and --sink sentinel exclude each other');
  return true;
}

/**
 * Opens the uploader (getting a first token, so bad credentials fail before any input is read).
 * Rows that still fail after the retries go to `rejects`.
 */
export async function openSentinel(flags: SentinelFlags, rejects: RejectsFile | undefined): Promise<SentinelUploader> {
  if (!flags.sentinelEndpoint || !flags.sentinelDcr) throw new ConfigError('bad-flag', '--sink sentinel needs --sentinel-endpoint URL and --sentinel-dcr ID');
  if (!URL.canParse(flags.sentinelEndpoint)) throw new ConfigError('bad-flag', `--sentinel-endpoint must be a URL, not "${flags.sentinelEndpoint}"`);
  if (!SENTINEL_CREDENTIAL_KINDS.includes(flags.sentinelCredential as SentinelCredentialKind)) {
    throw new ConfigError('bad-flag', `--sentinel-credential must be ${SENTINEL_CREDENTIAL_KINDS.join(', ')}, not "${flags.sentinelCredential}"`);
  }
  const stream = flags.sentinelStream!;
  const env = process.env;
  return SentinelUploader.open(
    {
      endpoint: flags.sentinelEndpoint,
      ruleId: flags.sentinelDcr,
      stream,
      credential: flags.sentinelCredential as SentinelCredentialKind,
      tenantId: flags.sentinelTenant ?? env.AZURE_TENANT_ID,
      clientId: flags.sentinelClientId ?? env.AZURE_CLIENT_ID,
      clientSecret: env.AZURE_CLIENT_SECRET,
      authorityHost: flags.sentinelAuthorityHost,
      audience: flags.sentinelAudience,
      concurrency: count(flags.sentinelConcurrency, '--sentinel-concurrency', 1),
      maxRetries: count(flags.sentinelRetries, '--sentinel-retries', 0),
      retryDelayMs: count(flags.sentinelRetryDelay, '--sentinel-retry-delay', 0),
    },
    (row, position, reason) => rejects?.add(uploadRejection(stream, row, position, reason)),
  );
}

/**
 * The second accounting line, `asim: sentinel: uploaded N / failed M …`. Rows that failed make
 * the exit code 3, whether the rejects file kept them or not: they are not in Sentinel.
 */
export function reportUpload(counts: UploadCounts, flags: SentinelFlags, what: string): void {
  process.stderr.write(`asim: sentinel: uploaded ${counts.uploaded} / failed ${counts.failed} ${what} to ${flags.sentinelStream} (${counts.requests} request(s))\n`);
  if (counts.failed === 0) return;
  const where = flags.rejects ? `kept in ${flags.rejects}` : 'lost: give --rejects FILE to keep them';
  process.stderr.write(`asim: sentinel: ${counts.failed} ${what} could not be uploaded after the retries; ${where}\n`);
  process.exitCode = EXIT.output;
}

function count(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError('bad-flag', `${flag} must be an integer ≥ ${min}, not "${value}"`);
  return n;
}
