/**
 * An in-process registry for unit tests (Docker Registry HTTP API v2, just enough for a push), over
 * HTTP or HTTPS on a loopback address, that records everything it receives. Its upload `Location`
 * can point anywhere (another host, another scheme), so a test can prove where the login goes; a
 * second instance on another loopback address (127.0.0.2) stands in for "another host".
 * Test-only: nothing in the step imports it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobSource } from '../image-types.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface FakeRegistryOptions {
  /** Loopback address to listen on (default 127.0.0.1). */
  readonly address?: string;
  /** Serve HTTPS with this key and certificate. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Require this Basic login on every request (else 401 with a Basic challenge). */
  readonly login?: { readonly user: string; readonly password: string };
  /** The `Location` of a new upload (default `/v2/<name>/blobs/uploads/<id>`). */
  readonly uploadLocation?: (id: string, name: string) => string;
  /** The `Location` after a PATCH (default: the same path). */
  readonly patchLocation?: (path: string) => string;
  /**
   * Token auth: requests without `Bearer <token>` get a challenge naming `realm` (default
   * `<its url>/token`); its own `/token` answers the login with `token`.
   */
  readonly bearer?: { readonly realm?: (base: string) => string; readonly token?: string };
  /** Extra headers on every answer. */
  readonly answerHeaders?: Record<string, string>;
  /** Waits this long before reading an upload's body (PATCH, PUT): the client's bytes wait in its buffers. */
  readonly uploadDelayMs?: number;
}

export interface FakeRegistry {
  readonly url: string;
  readonly host: string;
  readonly requests: RecordedRequest[];
  /** Everything received (request lines, headers, bodies) as one text, to search for a secret. */
  received(): string;
  readonly blobs: Set<string>;
  stop(): Promise<void>;
}

const sha = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

interface FakeState {
  readonly requests: RecordedRequest[];
  readonly blobs: Set<string>;
  readonly uploads: Map<string, Buffer[]>;
  /** Manifests pushed, by `<name>:<tag or digest>`. */
  readonly manifests: Map<string, { type: string; body: Buffer }>;
  next: number;
  readonly expected: string | undefined;
  base: string;
}

/** Answers one request as a registry would (the part of the API a push uses), recording it. */
async function handle(
  state: FakeState,
  options: FakeRegistryOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { requests, blobs, uploads, expected, base } = state;
  if (options.uploadDelayMs && /\/blobs\/uploads\/./.test(req.url ?? '') && req.method !== 'POST')
    await new Promise((resolve) => setTimeout(resolve, options.uploadDelayMs));
  const body = await readBody(req);
  requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
  const url = new URL(req.url ?? '/', base);
  const answer = (status: number, headers: Record<string, string> = {}, text = ''): void => {
    res.writeHead(status, {
      'content-length': String(Buffer.byteLength(text)),
      ...options.answerHeaders,
      ...headers,
    });
    res.end(text);
  };
  const bearer = options.bearer;
  const token = bearer?.token ?? 'fake-token';
  if (bearer && url.pathname === '/token') {
    if (expected && req.headers.authorization !== expected) return answer(401);
    return answer(200, { 'content-type': 'application/json' }, JSON.stringify({ token }));
  }
  if (bearer && req.headers.authorization !== `Bearer ${token}`) {
    const realm = bearer.realm?.(base) ?? `${base}/token`;
    answer(401, { 'www-authenticate': `Bearer realm="${realm}",service="fake"` });
    return;
  }
  if (expected && !bearer && req.headers.authorization !== expected) {
    answer(401, { 'www-authenticate': 'Basic realm="fake"' });
    return;
  }
  if (url.pathname === '/v2/') return answer(200, {}, '{}');
  const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
  if (blob && req.method === 'HEAD') return answer(blobs.has(blob[2] as string) ? 200 : 404);
  const start = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(url.pathname);
  if (start && req.method === 'POST') {
    const id = String(++state.next);
    const name = start[1] as string;
    return answer(202, {
      location: options.uploadLocation?.(id, name) ?? `/v2/${name}/blobs/uploads/${id}`,
      range: '0-0',
    });
  }
  const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
  if (manifest && req.method === 'PUT') {
    const type = String(req.headers['content-type'] ?? '');
    for (const ref of [manifest[2] as string, sha(body)])
      state.manifests.set(`${manifest[1]}:${decodeURIComponent(ref)}`, { type, body });
    return answer(201, { 'docker-content-digest': sha(body) });
  }
  const stored =
    manifest && state.manifests.get(`${manifest[1]}:${decodeURIComponent(manifest[2] as string)}`);
  if (stored) {
    const headers = { 'content-type': stored.type, 'docker-content-digest': sha(stored.body) };
    if (req.method === 'HEAD') return answer(200, headers);
    return answer(200, headers, stored.body.toString('utf8'));
  }
  if (manifest) return answer(404);
  // Any other PATCH or PUT is an upload session at that path (another host accepts them anywhere).
  if (req.method === 'PATCH' || req.method === 'PUT') {
    const parts = uploads.get(url.pathname) ?? [];
    parts.push(body);
    uploads.set(url.pathname, parts);
    const size = parts.reduce((n, p) => n + p.length, 0);
    if (req.method === 'PATCH') {
      const location = options.patchLocation?.(url.pathname) ?? url.pathname;
      return answer(202, { location, range: `0-${Math.max(0, size - 1)}` });
    }
    const digest = sha(Buffer.concat(parts));
    if (digest !== url.searchParams.get('digest'))
      return answer(400, {}, '{"errors":[{"code":"DIGEST_INVALID"}]}');
    blobs.add(digest);
    return answer(201, { 'docker-content-digest': digest });
  }
  return answer(404);
}

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const state: FakeState = {
    requests: [],
    blobs: new Set<string>(),
    uploads: new Map<string, Buffer[]>(),
    manifests: new Map<string, { type: string; body: Buffer }>(),
    next: 0,
    expected: options.login
      ? `Basic ${Buffer.from(`${options.login.user}:${options.login.password}`).toString('base64')}`
      : undefined,
    base: '',
  };
  const { requests, blobs } = state;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(state, options, req, res);
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  const address = options.address ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, address, () => resolve()));
  const { port } = server.address() as AddressInfo;
  state.base = `${options.tls ? 'https' : 'http'}://${address}:${port}`;
  return {
    url: state.base,
    host: `${address}:${port}`,
    requests,
    received: () =>
      requests
        .map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body.toString('latin1')}`)
        .join('\n'),
    blobs,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A throwaway self-signed certificate for 127.0.0.1 and 127.0.0.2 (openssl), as PEM texts. */
export function loopbackCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-registry-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,IP:127.0.0.2',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A blob for `uploadBlob`: bytes in memory, opened as a stream per try. */
export function memoryBlob(data: Buffer): BlobSource {
  return {
    digest: sha(data),
    size: data.length,
    mediaType: 'application/vnd.oci.image.layer.v1.tar',
    open: (start = 0, end = data.length) => Readable.from([data.subarray(start, end)]),
  };
}
