import type { Agent } from 'node:http';
import { CiKitError } from '@aws-ci-kit/core';

type Env = Readonly<Record<string, string | undefined>>;

/** The OIDC token request's own deadline: GitHub answers in well under a second. */
export const ID_TOKEN_TIMEOUT_MS = 30_000;

/**
 * The proxy for the token request, as @actions/http-client (and so configure-aws-credentials)
 * picks it: https_proxy / HTTPS_PROXY for an https URL, http_proxy / HTTP_PROXY for http; none
 * for a host no_proxy / NO_PROXY lists, or a loopback host.
 */
export function idTokenProxy(env: Env, url: URL): { proxy: string; noProxy?: string } | undefined {
  const proxy =
    url.protocol === 'https:' ? (env.https_proxy ?? env.HTTPS_PROXY) : (env.http_proxy ?? env.HTTP_PROXY);
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY;
  return { proxy, ...(noProxy ? { noProxy } : {}) };
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One GET with a deadline, through `agent` when given; network failures keep their code (ECONNRESET, ETIMEDOUT). */
async function get(url: URL, headers: Record<string, string>, agent: Agent | undefined): Promise<Answer> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { headers, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    const timer = setTimeout(() => {
      // A network timeout, as the chain's retry policy reads it (name and errno code).
      const error: Error & { code?: string } = new Error(
        `GitHub did not answer the OIDC token request within ${ID_TOKEN_TIMEOUT_MS / 1000} s.`,
      );
      error.name = 'TimeoutError';
      error.code = 'ETIMEDOUT';
      req.destroy(error);
    }, ID_TOKEN_TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end();
  });
}

const SERVICE = "GitHub's OIDC token service";

/**
 * GitHub's OIDC token request (what `core.getIDToken` does): GET the runner's
 * `ACTIONS_ID_TOKEN_REQUEST_URL` (plus `&audience=`) with `ACTIONS_ID_TOKEN_REQUEST_TOKEN` as a bearer
 * token; the answer is `{ "value": "<jwt>" }`. It goes through the job's proxy (HTTPS_PROXY, NO_PROXY)
 * and gives up after ID_TOKEN_TIMEOUT_MS; retries belong to the caller (the credential chain fetches a
 * new token per attempt).
 */
export async function requestIdToken(env: Env, audience: string | undefined): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !token) {
    throw new CiKitError('configuration', 'This GitHub job cannot request an OIDC token.', {
      code: 'OidcUnavailable',
      tryNextLink: true,
      hint: 'Add `permissions: id-token: write` to the workflow or job.',
    });
  }
  const target = new URL(audience ? `${url}&audience=${encodeURIComponent(audience)}` : url);
  const proxy = idTokenProxy(env, target);
  let agent: Agent | undefined;
  if (proxy) {
    const { createProxyAgent } = await import('@aws-ci-kit/credential-chain');
    agent = await createProxyAgent(proxy.proxy, proxy.noProxy, { maxSockets: 1 });
  }
  // Failures are plain errors carrying what a retry policy reads (a network code or an HTTP
  // status), so the credential chain retries a 5xx or a reset and names the role it was assuming.
  let response: Answer;
  try {
    response = await get(target, { authorization: `Bearer ${token}`, accept: 'application/json' }, agent);
  } catch (error) {
    throw Object.assign(error as Error, { $service: SERVICE });
  } finally {
    agent?.destroy();
  }
  let body: { value?: unknown } = {};
  try {
    body = JSON.parse(response.body) as { value?: unknown };
  } catch {
    body = {};
  }
  const ok = response.status >= 200 && response.status < 300;
  if (!ok || typeof body?.value !== 'string' || body.value === '') {
    const error = new Error(
      `GitHub answered the OIDC token request with HTTP ${response.status}${ok ? ' but no token' : ''}.`,
    );
    error.name = 'OidcTokenRequestFailed';
    // `$service`: the hint names GitHub's token service, not AWS, for a 5xx or a refused connection.
    throw Object.assign(error, { $metadata: { httpStatusCode: response.status }, $service: SERVICE });
  }
  return body.value;
}
