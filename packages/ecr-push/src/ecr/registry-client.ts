import { createHash, type Hash } from 'node:crypto';
import type { Agent as HttpAgent } from 'node:http';
import { pipeline, type Readable, Transform } from 'node:stream';
import { CiKitError, type RetryPolicy, withRetry } from '@aws-ci-kit/core';
import { createAgents, HttpNetworkError, type HttpResponse, sendHttpRequest } from './http-request.ts';
import type { BlobSource } from './image-types.ts';
import {
  isRetryable,
  RetryableRegistryError,
  registryError,
  registryNetworkError,
} from './registry-error.ts';

/** Tries per registry operation and the time they may take together (waits included). */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  totalMs: 15 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
};

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface RegistryClientOptions {
  /** Base URL of the registry: `https://<account>.dkr.ecr.<region>.amazonaws.com`, or `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly credentials?: RegistryCredentials;
  /** Extra CA (PEM) to trust for this registry, besides the system's and NODE_EXTRA_CA_CERTS. */
  readonly ca?: string | Buffer;
  /** Parallel connections (default 8). */
  readonly maxSockets?: number;
  readonly retry?: RetryPolicy;
  readonly idleTimeoutMs?: number;
  readonly userAgent?: string;
  /** Debug lines (never contain credentials). */
  readonly debug?: (message: string) => void;
  /** One agent for every request, token requests included (the proxy agent when a proxy is set). */
  readonly agent?: HttpAgent;
  /** The step's deadline: aborts every request, and is told what the push waits for. */
  readonly signal?: AbortSignal;
  readonly waitingFor?: (what: string) => void;
}

export type BlobOutcome = 'uploaded' | 'skipped' | 'mounted';

export interface UploadOptions {
  /** Repositories of the same registry that may already hold the blob (cross-repository mount). */
  readonly mountFrom?: readonly string[];
  /** Blobs up to this size go in one PUT (default 8 MiB); larger ones in PATCH requests that can resume. */
  readonly monolithicMax?: number;
  /** Bytes per PATCH request; 0 (default) sends the rest of the blob in one PATCH. */
  readonly chunkSize?: number;
  /** Called with each chunk of bytes sent (for progress). */
  readonly onBytes?: (bytes: number) => void;
  /** The caller already knows the repository lacks the blob (skips the HEAD). */
  readonly knownMissing?: boolean;
}

export interface UploadResult {
  readonly outcome: BlobOutcome;
  /** Upload sessions resumed after a failure. */
  readonly resumes: number;
}

type Body = () => Buffer | Readable;

interface RequestSpec {
  readonly method: string;
  readonly url: URL;
  readonly scope?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Body;
  readonly what: string;
  readonly repository?: string;
}

interface Challenge {
  readonly scheme: string;
  readonly params: Record<string, string>;
}

function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const match = /^(\w+)\s*(.*)$/s.exec(header.trim());
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const m of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"|(\w+)=([^,\s]*)/g)) {
    params[(m[1] ?? m[3] ?? '').toLowerCase()] = m[2] ?? m[4] ?? '';
  }
  return { scheme: (match[1] ?? '').toLowerCase(), params };
}

/** A stream tap that hashes and counts what passes through. */
function tap(hash: Hash, onBytes?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
}

function piped(source: Readable, through: Transform): Transform {
  pipeline(source, through, () => {});
  return through;
}

/** `/v2/<name>/...` paths allow lowercase, digits, separators and slashes only. */
function repoPath(repository: string): string {
  return repository
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/**
 * A client of the registry HTTP API v2 (Docker Registry / OCI Distribution), as spoken by Amazon ECR
 * and any other registry: Basic auth, or Bearer tokens from the registry's token service.
 */
export class RegistryClient {
  readonly base: URL;
  readonly host: string;
  private readonly options: RegistryClientOptions;
  private readonly agent: HttpAgent;
  private readonly retry: RetryPolicy;
  private scheme: 'unknown' | 'none' | 'basic' | 'bearer' = 'unknown';
  private bearer: Record<string, string> = {};
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private pinging: Promise<void> | undefined;

  constructor(options: RegistryClientOptions) {
    this.options = options;
    this.base = new URL(options.url.replace(/\/+$/, ''));
    this.host = this.base.host;
    const agents = createAgents({
      maxSockets: options.maxSockets ?? 8,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    this.agent = options.agent ?? (this.base.protocol === 'https:' ? agents.https : agents.http);
    this.retry = options.retry ?? DEFAULT_RETRY;
    // With credentials, Basic goes out on the first request (ECR and distribution's htpasswd); a
    // Bearer challenge switches to tokens on the fly, so no separate `/v2/` round trip is needed.
    if (options.credentials) this.scheme = 'basic';
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private debug(message: string): void {
    this.options.debug?.(message);
  }

  private url(path: string): URL {
    return new URL(path, this.base);
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    if (!c) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  private async send(spec: RequestSpec, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent ?? 'aws-ci-kit',
      ...spec.headers,
      ...(authorization ? { authorization } : {}),
    };
    this.options.waitingFor?.(`an answer from the registry ${this.host} (${spec.what})`);
    const res = await sendHttpRequest(spec.url, {
      method: spec.method,
      headers,
      agent: this.agent,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(spec.body ? { body: spec.body() } : {}),
      ...(this.options.idleTimeoutMs ? { idleTimeoutMs: this.options.idleTimeoutMs } : {}),
    });
    // A registry never answers with a web page: that is a portal or a proxy, not a registry.
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) {
      throw new CiKitError(
        'registry',
        `${spec.what} on ${this.host}: the answer is a web page (HTTP ${res.status}), not a registry response.`,
        {
          code: 'RegistryProtocolError',
          hint: 'The endpoint answered something that is not a registry: check the registry URL (`registry-endpoint`) and any proxy in between.',
        },
      );
    }
    return res;
  }

  private async token(scope: string | undefined, challenge?: Record<string, string>): Promise<string> {
    const params = { ...this.bearer, ...challenge };
    const wanted = challenge?.scope ?? scope ?? '';
    const cached = this.tokens.get(wanted);
    if (cached && cached.expires > Date.now()) return cached.token;
    const realm = params.realm;
    if (!realm)
      throw new CiKitError('registry', `The registry ${this.host} asked for a token without a realm.`);
    const url = new URL(realm);
    if (params.service) url.searchParams.set('service', params.service);
    for (const s of wanted.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    const basic = this.basicHeader();
    // One try: the token is fetched inside an operation that retries as a whole.
    this.options.waitingFor?.(`an answer from the registry's token service ${url.host}`);
    const res = await sendHttpRequest(url, {
      method: 'GET',
      ...(this.options.agent ? { agent: this.options.agent } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      headers: {
        'user-agent': this.options.userAgent ?? 'aws-ci-kit',
        ...(basic ? { authorization: basic } : {}),
      },
      ...(this.options.idleTimeoutMs ? { idleTimeoutMs: this.options.idleTimeoutMs } : {}),
    });
    if (res.status >= 500 || res.status === 429)
      throw registryError(res.status, res.body, { host: url.host, what: 'Token request' });
    if (res.status !== 200)
      throw registryError(res.status === 403 ? 403 : 401, res.body, {
        host: this.host,
        what: 'Token request',
      });
    const body = JSON.parse(res.body.toString('utf8')) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
    };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new CiKitError('registry', `The token service of ${this.host} answered without a token.`);
    this.tokens.set(wanted, {
      token,
      expires: Date.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1000,
    });
    return token;
  }

  private async authorization(scope: string | undefined): Promise<string | undefined> {
    if (this.scheme === 'unknown') {
      this.pinging ??= this.pingOnce().finally(() => {
        this.pinging = undefined;
      });
      await this.pinging;
    }
    if (this.scheme === 'basic') return this.basicHeader();
    if (this.scheme === 'bearer') return `Bearer ${await this.token(scope)}`;
    return undefined;
  }

  /** One request with auth; a 401 re-negotiates once (Bearer scope, or Basic after an anonymous try). */
  private async request(spec: RequestSpec): Promise<HttpResponse> {
    let res = await this.send(spec, await this.authorization(spec.scope));
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers['www-authenticate'] as string | undefined);
      if (challenge?.scheme === 'bearer') {
        this.scheme = 'bearer';
        this.bearer = { realm: challenge.params.realm ?? '', service: challenge.params.service ?? '' };
        this.tokens.delete(challenge.params.scope ?? spec.scope ?? '');
        res = await this.send(spec, `Bearer ${await this.token(spec.scope, challenge.params)}`);
      } else if (challenge?.scheme === 'basic' && this.scheme !== 'basic' && this.options.credentials) {
        this.scheme = 'basic';
        res = await this.send(spec, this.basicHeader());
      }
    }
    return res;
  }

  /** Runs one registry operation with the client's retry policy: network errors, 5xx and 429 only. */
  private async retried<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, this.retry, {
        isRetryable: (error) => isRetryable(error) && !this.options.signal?.aborted,
        onRetry: (error, attempt, delay) =>
          this.debug(`${what}: ${(error as Error).message} (try ${attempt}, again in ${delay} ms)`),
      });
    } catch (error) {
      // A network failure that outlived its retries: one line naming the registry and what to check.
      if (error instanceof HttpNetworkError) throw registryNetworkError(error, this.host, what);
      if (error instanceof RetryableRegistryError) {
        throw new CiKitError('registry', error.message, {
          code: 'RegistryUnavailable',
          hint: `The registry kept failing (HTTP ${error.status}) on every try: try again later, and check the registry's status page.`,
          cause: error,
        });
      }
      throw error;
    }
  }

  /** One request; 5xx and 429 become retryable errors, other statuses are returned. */
  private async requestOnce(spec: RequestSpec): Promise<HttpResponse> {
    const res = await this.request(spec);
    if (res.status >= 500 || res.status === 429) {
      throw registryError(res.status, res.body, {
        host: this.host,
        what: spec.what,
        repository: spec.repository,
      });
    }
    return res;
  }

  /** A request retried on network errors, 5xx and 429; other statuses are returned. */
  private requestWithRetry(spec: RequestSpec): Promise<HttpResponse> {
    return this.retried(spec.what, () => this.requestOnce(spec));
  }

  /** `GET /v2/`: learns the auth scheme and checks the credentials (Basic sent at once when we have them). */
  async ping(): Promise<void> {
    await this.retried('Login check', () => this.pingOnce());
  }

  private async pingOnce(): Promise<void> {
    const spec = { method: 'GET', url: this.url('/v2/'), what: 'Login check' };
    const basic = this.basicHeader();
    const res = await this.send(spec, basic);
    if (res.status >= 500 || res.status === 429)
      throw registryError(res.status, res.body, { host: this.host, what: spec.what });
    if (res.status === 200) {
      this.scheme = basic ? 'basic' : 'none';
      return;
    }
    const challenge = parseChallenge(res.headers['www-authenticate'] as string | undefined);
    if (res.status === 401 && challenge?.scheme === 'bearer') {
      this.scheme = 'bearer';
      this.bearer = { realm: challenge.params.realm ?? '', service: challenge.params.service ?? '' };
      await this.token('');
      return;
    }
    if (res.status === 401 && !this.options.credentials) {
      throw new CiKitError('credentials', `The registry ${this.host} needs a login and none was given.`, {
        code: 'RegistryUnauthorized',
        hint: 'Log in to the registry first (the step does it for ECR registries).',
      });
    }
    throw registryError(res.status, res.body, { host: this.host, what: spec.what });
  }

  private scope(repository: string, extra: readonly string[] = []): string {
    return [`repository:${repository}:pull,push`, ...extra.map((r) => `repository:${r}:pull`)].join(' ');
  }

  /** Whether the repository already has the blob (`HEAD /v2/<name>/blobs/<digest>`). */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.requestWithRetry({
      method: 'HEAD',
      url: this.url(`/v2/${repoPath(repository)}/blobs/${digest}`),
      scope: this.scope(repository),
      what: 'Blob check',
      repository,
    });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw registryError(res.status, res.body, { host: this.host, repository, what: 'Blob check' });
  }

  /** Starts an upload session, or mounts the blob from `mount.from` (201: done, no session). */
  startUpload(
    repository: string,
    mount?: { digest: string; from: string },
  ): Promise<{ mounted: true } | { mounted: false; location: URL }> {
    return this.retried('Start of upload', () => this.startUploadOnce(repository, mount));
  }

  private async startUploadOnce(
    repository: string,
    mount?: { digest: string; from: string },
  ): Promise<{ mounted: true } | { mounted: false; location: URL }> {
    const url = this.url(`/v2/${repoPath(repository)}/blobs/uploads/`);
    if (mount) {
      url.searchParams.set('mount', mount.digest);
      url.searchParams.set('from', mount.from);
    }
    const res = await this.requestOnce({
      method: 'POST',
      url,
      scope: this.scope(repository, mount ? [mount.from] : []),
      headers: { 'content-length': '0' },
      what: 'Start of upload',
      repository,
    });
    if (res.status === 201 && mount) return { mounted: true };
    if (res.status !== 202)
      throw registryError(res.status, res.body, { host: this.host, repository, what: 'Start of upload' });
    return { mounted: false, location: this.location(res) };
  }

  private location(res: HttpResponse): URL {
    const header = res.headers.location;
    if (!header)
      throw new CiKitError(
        'registry',
        `The registry ${this.host} did not say where to upload (no Location).`,
      );
    return new URL(header, this.base);
  }

  /** Bytes the registry holds for an upload session (`GET <location>` -> Range), or undefined if the session is gone. */
  async uploadOffset(
    repository: string,
    location: URL,
  ): Promise<{ offset: number; location: URL } | undefined> {
    // One try: this runs inside the upload's own bounded retry loop.
    const res = await this.request({
      method: 'GET',
      url: location,
      scope: this.scope(repository),
      what: 'Upload status',
      repository,
    });
    if (res.status !== 204 && res.status !== 202) return undefined;
    const range = /^(?:bytes=)?(\d+)-(\d+)$/.exec(String(res.headers.range ?? ''));
    const end = range ? Number(range[2]) : -1;
    const offset = end > 0 ? end + 1 : 0;
    return { offset, location: res.headers.location ? this.location(res) : location };
  }

  /**
   * Uploads one blob unless the repository has it: HEAD and skip, cross-repository mount, then a
   * monolithic PUT (small blobs) or PATCH requests that resume from the registry's Range after a
   * failure. The digest is verified while streaming, before the upload is committed.
   */
  async uploadBlob(repository: string, blob: BlobSource, options: UploadOptions = {}): Promise<UploadResult> {
    if (!options.knownMissing && (await this.hasBlob(repository, blob.digest)))
      return { outcome: 'skipped', resumes: 0 };
    let location: URL | undefined;
    for (const from of options.mountFrom ?? []) {
      if (from === repository) continue;
      const started = await this.startUpload(repository, { digest: blob.digest, from });
      if (started.mounted) return { outcome: 'mounted', resumes: 0 };
      location = started.location;
      break;
    }
    const monolithicMax = options.monolithicMax ?? 8 * 1024 * 1024;
    const chunkSize =
      options.chunkSize && options.chunkSize > 0 ? options.chunkSize : Number.POSITIVE_INFINITY;
    let committed = createHash('sha256');
    let offset = 0;
    let resumes = 0;
    // The whole upload is one retried operation: each try after the first resumes from the registry's
    // offset when it can, or starts over; the steps inside (start, PATCH, PUT) are single tries.
    return this.retried<UploadResult>(`Upload of ${blob.digest}`, async (attempt) => {
      if (attempt > 1) {
        const state = location
          ? await this.uploadOffset(repository, location).catch(() => undefined)
          : undefined;
        if (state && blob.size > monolithicMax && state.offset >= offset && state.offset <= blob.size) {
          // Resume: hash the bytes the registry already has, then go on from its offset.
          for await (const chunk of blob.open(offset, state.offset)) committed.update(chunk as Buffer);
          this.debug(`Upload of ${blob.digest} resumes at byte ${state.offset} of ${blob.size}.`);
          offset = state.offset;
          location = state.location;
          resumes++;
        } else {
          location = undefined;
          committed = createHash('sha256');
          offset = 0;
        }
      }
      if (!location) {
        const started = await this.startUploadOnce(repository);
        if (started.mounted) return { outcome: 'mounted', resumes };
        location = started.location;
      }
      if (blob.size <= monolithicMax) {
        await this.putMonolithic(repository, location, blob, options.onBytes);
        return { outcome: 'uploaded', resumes };
      }
      while (offset < blob.size) {
        const end = Math.min(blob.size, offset + chunkSize);
        const sent = await this.patch(repository, location, blob, offset, end, committed, options.onBytes);
        location = sent.location;
        committed = sent.hash;
        offset = end;
      }
      this.verify(blob, committed);
      await this.commit(repository, location, blob.digest);
      return { outcome: 'uploaded', resumes };
    });
  }

  private verify(blob: BlobSource, hash: Hash): void {
    const actual = `sha256:${hash.digest('hex')}`;
    if (blob.digest.startsWith('sha256:') && actual !== blob.digest) {
      throw new CiKitError(
        'input',
        `Blob ${blob.digest} is corrupt on disk (its content hashes to ${actual}).`,
        {
          code: 'BlobCorrupt',
          hint: 'Rebuild or re-export the image; nothing was committed for this blob.',
        },
      );
    }
  }

  private withDigest(location: URL, digest: string): URL {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url;
  }

  private async putMonolithic(
    repository: string,
    location: URL,
    blob: BlobSource,
    onBytes?: (n: number) => void,
  ): Promise<void> {
    let hash = createHash('sha256');
    const res = await this.request({
      method: 'PUT',
      url: this.withDigest(location, blob.digest),
      scope: this.scope(repository),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: () => {
        hash = createHash('sha256');
        return piped(blob.open(), tap(hash, onBytes));
      },
      what: 'Upload',
      repository,
    });
    if (res.status === 201) {
      this.verify(blob, hash);
      return;
    }
    if (res.status === 400 && /DIGEST_INVALID/.test(res.body.toString('utf8'))) this.verify(blob, hash);
    throw registryError(res.status, res.body, { host: this.host, repository, what: 'Upload' });
  }

  private async patch(
    repository: string,
    location: URL,
    blob: BlobSource,
    start: number,
    end: number,
    before: Hash,
    onBytes?: (n: number) => void,
  ): Promise<{ location: URL; hash: Hash }> {
    let hash = before.copy();
    const res = await this.request({
      method: 'PATCH',
      url: location,
      scope: this.scope(repository),
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(end - start),
        'content-range': `${start}-${end - 1}`,
      },
      body: () => {
        hash = before.copy();
        return piped(blob.open(start, end), tap(hash, onBytes));
      },
      what: 'Upload',
      repository,
    });
    if (res.status === 202) return { location: this.location(res), hash };
    throw registryError(res.status, res.body, { host: this.host, repository, what: 'Upload' });
  }

  private async commit(repository: string, location: URL, digest: string): Promise<void> {
    const res = await this.request({
      method: 'PUT',
      url: this.withDigest(location, digest),
      scope: this.scope(repository),
      headers: { 'content-length': '0' },
      what: 'Upload commit',
      repository,
    });
    if (res.status !== 201)
      throw registryError(res.status, res.body, { host: this.host, repository, what: 'Upload commit' });
  }

  /** `PUT /v2/<name>/manifests/<reference>`; returns the digest the registry reports. */
  async putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<string | undefined> {
    const res = await this.requestWithRetry({
      method: 'PUT',
      url: this.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
      scope: this.scope(repository),
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
      body: () => bytes,
      what: 'Manifest upload',
      repository,
    });
    if (res.status !== 201 && res.status !== 200) {
      throw registryError(res.status, res.body, { host: this.host, repository, what: 'Manifest upload' });
    }
    return (res.headers['docker-content-digest'] as string | undefined) ?? undefined;
  }

  /** The digest a tag or digest points to (`HEAD /v2/<name>/manifests/<reference>`), or undefined. */
  async manifestDigest(
    repository: string,
    reference: string,
    accept: readonly string[],
  ): Promise<string | undefined> {
    const res = await this.requestWithRetry({
      method: 'HEAD',
      url: this.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
      scope: this.scope(repository),
      headers: { accept: accept.join(', ') },
      what: 'Manifest check',
      repository,
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200)
      throw registryError(res.status, res.body, { host: this.host, repository, what: 'Manifest check' });
    return res.headers['docker-content-digest'] as string | undefined;
  }
}
