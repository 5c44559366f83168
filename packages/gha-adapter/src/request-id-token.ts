import { CiKitError } from '@aws-ci-kit/core';

const SERVICE = "GitHub's OIDC token service";

/**
 * GitHub's OIDC token request (what `core.getIDToken` does): GET the runner's
 * `ACTIONS_ID_TOKEN_REQUEST_URL` (plus `&audience=`) with `ACTIONS_ID_TOKEN_REQUEST_TOKEN` as a bearer
 * token; the answer is `{ "value": "<jwt>" }`. Done over node's fetch so the bundle carries no second
 * HTTP client; retries belong to the caller (the credential chain fetches a new token per attempt).
 */
export async function requestIdToken(
  env: Readonly<Record<string, string | undefined>>,
  audience: string | undefined,
): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !token) {
    throw new CiKitError('configuration', 'This GitHub job cannot request an OIDC token.', {
      code: 'OidcUnavailable',
      tryNextLink: true,
      hint: 'Add `permissions: id-token: write` to the workflow or job.',
    });
  }
  const target = audience ? `${url}&audience=${encodeURIComponent(audience)}` : url;
  // Failures are plain errors carrying what a retry policy reads (a network code or an HTTP
  // status), so the credential chain retries a 5xx or a reset and names the role it was assuming.
  const response = await fetch(target, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  }).catch((error: unknown) => {
    throw Object.assign(error as Error, { $service: SERVICE });
  });
  const body = (await response.json().catch(() => ({}))) as { value?: unknown };
  if (!response.ok || typeof body.value !== 'string' || body.value === '') {
    const error = new Error(
      `GitHub answered the OIDC token request with HTTP ${response.status}${response.ok ? ' but no token' : ''}.`,
    );
    error.name = 'OidcTokenRequestFailed';
    // `$service`: the hint names GitHub's token service, not AWS, for a 5xx or a refused connection.
    throw Object.assign(error, { $metadata: { httpStatusCode: response.status }, $service: SERVICE });
  }
  return body.value;
}
