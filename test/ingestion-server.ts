import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generate } from 'selfsigned';

/**
 * A local stand-in for Entra ID and the Azure Monitor Logs Ingestion API, over HTTPS with a
 * self-signed certificate made per server: the OpenID metadata and token endpoint of a tenant,
 * an App Service managed-identity endpoint, and `POST /dataCollectionRules/{dcr}/streams/{stream}`
 * checking what the real service checks (bearer token, gzip, ≤ 1 MB, a JSON array).
 */
export const TENANT = '72f988bf-0000-0000-0000-000000000000';
export const CLIENT_ID = 'asimkit-test-app';
export const CLIENT_SECRET = 'not-a-real-secret';
export const IDENTITY_HEADER = 'identity-header-value';
export const MAX_BODY = 1 << 20;

export interface IngestionRequest {
  readonly at: number;
  readonly dcr: string;
  readonly stream: string;
  readonly status: number;
  readonly gzip: boolean;
  readonly compressedBytes: number;
  readonly bytes: number;
  readonly rows: Record<string, unknown>[];
}

/** Decides a response before the normal checks: e.g. 429 with Retry-After for the first request. */
export type Fault = (index: number, rows: Record<string, unknown>[]) => { status: number; headers?: Record<string, string> } | undefined;

export interface IngestionServer {
  readonly url: string;
  /** A PEM file with the server's certificate, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** Every ingestion request, in arrival order, with the status it got. */
  readonly requests: IngestionRequest[];
  /** Rows of the requests answered 204 (what the service stored). */
  readonly stored: Record<string, unknown>[];
  readonly tokensIssued: number;
  fault: Fault | undefined;
  /** Each ingestion response waits this long (to see requests overlap). */
  delayMs: number;
  /** Most ingestion requests open at once. */
  readonly maxInFlight: number;
  /** The environment a spawned `asim` needs to reach this server with client-secret credentials. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startIngestionServer(dir: string, options: { dcr: string; streams: string[] }): Promise<IngestionServer> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const caFile = join(dir, 'ingestion-ca.pem');
  writeFileSync(caFile, pems.cert);
  const tokens = new Set<string>();
  const requests: IngestionRequest[] = [];
  const stored: Record<string, unknown>[] = [];
  let base = '';
  let inFlight = 0;
  let maxInFlight = 0;

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    void handle(req, res).catch((err: Error) => send(res, 500, { error: { code: 'TestServerError', message: err.message } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (req.method === 'GET' && path === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      return send(res, 200, {
        issuer: `${base}/${TENANT}/v2.0`,
        token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${TENANT}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.method === 'POST' && path === `/${TENANT}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
        return send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      if (form.get('scope') !== 'https://monitor.azure.com/.default') return send(res, 400, { error: 'invalid_scope', error_description: `AADSTS70011: bad scope ${form.get('scope')}` });
      return send(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: issue() });
    }
    if (req.method === 'GET' && path === '/msi/token') {
      if (req.headers['x-identity-header'] !== IDENTITY_HEADER) return send(res, 401, { error: 'unauthorized' });
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      return send(res, 200, { access_token: issue(), expires_on: String(expiresOn), resource: url.searchParams.get('resource'), token_type: 'Bearer' });
    }
    const m = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && m) {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, api.delayMs));
      inFlight--;
      return ingest(req, res, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), body);
    }
    send(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  }

  function ingest(req: IncomingMessage, res: ServerResponse, dcr: string, stream: string, body: Buffer): void {
    const gzip = req.headers['content-encoding'] === 'gzip';
    let text = '';
    let rows: Record<string, unknown>[] = [];
    let status = 204;
    let headers: Record<string, string> = {};
    let error: { code: string; message: string } | undefined;
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) [status, error] = [401, { code: 'InvalidToken', message: 'no valid bearer token' }];
    else if (dcr !== options.dcr || !options.streams.includes(stream)) [status, error] = [404, { code: 'NotFound', message: `no stream ${stream} in DCR ${dcr}` }];
    else if (url(req).searchParams.get('api-version') !== '2023-01-01') [status, error] = [400, { code: 'InvalidApiVersion', message: 'api-version' }];
    else if (!gzip) [status, error] = [400, { code: 'InvalidContentEncoding', message: 'expected gzip' }];
    else {
      text = gunzipSync(body).toString('utf8');
      if (body.length > MAX_BODY || Buffer.byteLength(text) > MAX_BODY) [status, error] = [413, { code: 'ContentLengthLimitExceeded', message: 'more than 1 MB' }];
      else {
        const parsed = JSON.parse(text) as unknown;
        if (!Array.isArray(parsed)) [status, error] = [400, { code: 'InvalidPayload', message: 'not a JSON array' }];
        else rows = parsed as Record<string, unknown>[];
      }
    }
    if (status === 204) {
      const fault = api.fault?.(requests.length, rows);
      if (fault) [status, headers, error] = [fault.status, fault.headers ?? {}, { code: 'Injected', message: `injected ${fault.status}` }];
    }
    requests.push({ at: Date.now(), dcr, stream, status, gzip, compressedBytes: body.length, bytes: Buffer.byteLength(text), rows });
    if (status === 204) stored.push(...rows);
    if (error) send(res, status, { error }, headers);
    else res.writeHead(204, headers).end();
  }

  function url(req: IncomingMessage): URL {
    return new URL(req.url ?? '/', base);
  }

  function issue(): string {
    const token = `tok-${tokens.size + 1}`;
    tokens.add(token);
    return token;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: IngestionServer = {
    url: base,
    caFile,
    requests,
    stored,
    get tokensIssued() {
      return tokens.size;
    },
    fault: undefined,
    delayMs: 0,
    get maxInFlight() {
      return maxInFlight;
    },
    env: () => ({
      NODE_EXTRA_CA_CERTS: caFile,
      AZURE_AUTHORITY_HOST: base,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT_ID,
      AZURE_CLIENT_SECRET: CLIENT_SECRET,
      NO_PROXY: '127.0.0.1,localhost',
      HTTPS_PROXY: '',
      HTTP_PROXY: '',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
