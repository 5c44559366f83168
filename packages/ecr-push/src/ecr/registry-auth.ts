import type { Agent as HttpAgent } from 'node:http';
import type { Readable } from 'node:stream';
import { CiKitError, quoteValue, type RetryPolicy, withRetry } from '@aws-ci-kit/core';
import { createAgents, HttpNetworkError, type HttpResponse, sendHttpRequest } from './http-request.ts';
import {
  isRetryable,
  RetryableRegistryError,
  registryError,
  registryNetworkError,
} from './registry-error.ts';

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

export type Body = () => Buffer | Readable;

export interface RequestSpec {
  readonly method: string;
  readonly url: URL;
  readonly scope?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Body;
  /** Each chunk of a streamed body, once the connection is done with it (see sendHttpRequest). */
  readonly onBodyWritten?: (chunk: Buffer) => void;
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

/** `/v2/<name>/...` paths allow lowercase, digits, separators and slashes only. */
export function repoPath(repository: string): string {
  return repository
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/**
 * The auth and transport part of a registry client: Basic auth, or Bearer tokens from the registry's
 * token service (negotiated on a 401), and requests retried as whole operations by one policy.
 */
export class RegistrySession {
  readonly base: URL;
  readonly host: string;
  private readonly options: RegistryClientOptions;
  private readonly agents: { readonly http: HttpAgent; readonly https: HttpAgent };
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
    // The proxy agent (when set) tunnels both schemes; else one keep-alive agent per scheme.
    this.agents = options.agent ? { http: options.agent, https: options.agent } : agents;
    this.retry = options.retry ?? DEFAULT_RETRY;
    // With credentials, Basic goes out on the first request (ECR and distribution's htpasswd); a
    // Bearer challenge switches to tokens on the fly, so no separate `/v2/` round trip is needed.
    if (options.credentials) this.scheme = 'basic';
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private agentFor(url: URL): HttpAgent {
    return url.protocol === 'https:' ? this.agents.https : this.agents.http;
  }

  /**
   * Whether a URL may carry the login (Basic, or a token had with it): only the registry's own origin,
   * the scheme, host and port the login is for. A `Location` on another host gets no credential, as
   * Docker sends credentials only to the host that challenged it.
   */
  carriesLogin(url: URL): boolean {
    return url.origin === this.base.origin;
  }

  debug(message: string): void {
    this.options.debug?.(message);
  }

  url(path: string): URL {
    return new URL(path, this.base);
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    if (!c) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  private async send(spec: RequestSpec, authorization: string | undefined): Promise<HttpResponse> {
    const own = this.carriesLogin(spec.url);
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent ?? 'aws-ci-kit',
      ...spec.headers,
      ...(authorization && own ? { authorization } : {}),
    };
    checkHeaders(headers, this.host, spec.what);
    const where = own ? this.host : `${spec.url.host} (where ${this.host} sent the upload)`;
    this.options.waitingFor?.(`an answer from the registry ${where} (${spec.what})`);
    const res = await sendHttpRequest(spec.url, {
      method: spec.method,
      headers,
      agent: this.agentFor(spec.url),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(spec.body ? { body: spec.body() } : {}),
      ...(spec.onBodyWritten ? { onBodyWritten: spec.onBodyWritten } : {}),
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
      throw new CiKitError('registry', `The registry ${this.host} asked for a token without a realm.`, {
        code: 'RegistryProtocolError',
        hint: 'Check `registry-endpoint` (it must be a Docker registry v2 API) and any proxy in between.',
      });
    const url = this.realmUrl(realm);
    if (params.service) url.searchParams.set('service', params.service);
    for (const s of wanted.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    const basic = this.basicHeader();
    // One try: the token is fetched inside an operation that retries as a whole.
    this.options.waitingFor?.(`an answer from the registry's token service ${url.host}`);
    const res = await sendHttpRequest(url, {
      method: 'GET',
      agent: this.agentFor(url),
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
    const body = parseTokenAnswer(res.body);
    const token = body.token ?? body.access_token;
    // The token goes into an Authorization header: a line break in it would split the request.
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      throw new CiKitError('registry', `The token service of ${this.host} answered without a token.`, {
        code: 'RegistryProtocolError',
        hint: 'Check `registry-endpoint` (it must be a Docker registry v2 API) and any proxy in between.',
      });
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
  async request(spec: RequestSpec): Promise<HttpResponse> {
    // Another host (an upload Location elsewhere) is asked without any credential, and never challenges one.
    if (!this.carriesLogin(spec.url)) return this.send(spec, undefined);
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
  async retried<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
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
  async requestOnce(spec: RequestSpec): Promise<HttpResponse> {
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
  requestWithRetry(spec: RequestSpec): Promise<HttpResponse> {
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

  scope(repository: string, extra: readonly string[] = []): string {
    return [`repository:${repository}:pull,push`, ...extra.map((r) => `repository:${r}:pull`)].join(' ');
  }

  /** The `Location` of an answer, resolved against the URL that answered (default: the registry). */
  location(res: HttpResponse, from: URL = this.base): URL {
    const header = res.headers.location;
    if (!header)
      throw new CiKitError(
        'registry',
        `The registry ${this.host} did not say where to upload (no Location).`,
        {
          code: 'RegistryProtocolError',
          hint: 'Check `registry-endpoint` (it must be a Docker registry v2 API) and any proxy in between.',
        },
      );
    return this.checkedLocation(String(header), from);
  }

  /**
   * A `Location` the registry gave, as a URL the push may follow: http(s) only, and plain HTTP only
   * when the registry itself was configured as an http:// endpoint (a test registry). Another host
   * is allowed, but gets no credential (`carriesLogin`).
   */
  private checkedLocation(header: string, from: URL): URL {
    let url: URL | undefined;
    try {
      url = new URL(header, from);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new CiKitError(
        'registry',
        `The registry ${this.host} said to upload to ${url ? `a ${quoteValue(url.protocol)} URL` : 'a location that is not a URL'}.`,
        {
          code: 'RegistryProtocolError',
          hint: 'Check `registry-endpoint` (it must be a Docker registry v2 API) and any proxy in between.',
        },
      );
    }
    if (url.protocol === 'http:' && this.base.protocol === 'https:') {
      throw new CiKitError(
        'registry',
        `The registry ${this.host} said to upload to plain HTTP (http://${url.host}); the image and the login go over TLS only.`,
        {
          code: 'RegistryInsecureLocation',
          hint: 'Check `registry-endpoint` and any proxy in between (something rewrote the registry answer to http://).',
        },
      );
    }
    return url;
  }

  /** The token service's URL: only on the registry's own origin, since the login is sent there. */
  private realmUrl(realm: string): URL {
    let url: URL | undefined;
    try {
      url = new URL(realm);
    } catch {
      url = undefined;
    }
    if (!url || !this.carriesLogin(url)) {
      throw new CiKitError(
        'registry',
        `The registry ${this.host} asked for the login to be sent to ${url ? `another place (${url.protocol}//${url.host})` : 'a token service that is not a URL'}; it is sent to ${this.base.protocol}//${this.host} only.`,
        {
          code: 'RegistryRealmElsewhere',
          hint: 'Check `registry-endpoint` and any proxy in between: the ECR login is only ever sent to the registry it is for.',
        },
      );
    }
    return url;
  }
}

/** The token service's JSON answer; anything else reads as an answer without a token. */
function parseTokenAnswer(body: Buffer): { token?: unknown; access_token?: unknown; expires_in?: number } {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') {
      const p = parsed as { token?: unknown; access_token?: unknown; expires_in?: unknown };
      return {
        token: p.token,
        access_token: p.access_token,
        ...(typeof p.expires_in === 'number' ? { expires_in: p.expires_in } : {}),
      };
    }
  } catch {
    /* not JSON */
  }
  return {};
}

/** What node's http refuses in a header value: anything but tab, visible ASCII, space and 0x80-0xff. */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Refuses a header value HTTP cannot carry (a line break would end the header and start another),
 * in one line naming the header, never its value: values come from the image or the registry.
 */
export function checkHeaders(headers: Record<string, string>, host: string, what: string): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!INVALID_HEADER_VALUE.test(value)) continue;
    const line = `${what} on ${host}: the ${name} header would hold a control character or line break, which HTTP cannot carry.`;
    if (name === 'content-type' || name === 'accept')
      throw new CiKitError('input', line, {
        code: 'MediaTypeInvalid',
        hint: "Rebuild or re-pull the image: a media type in its manifest or index is not a media type (it came from the image's files).",
      });
    throw new CiKitError('registry', line, {
      code: 'RegistryProtocolError',
      hint: 'Check `registry-endpoint` and any proxy in between: the value came from the registry.',
    });
  }
}
