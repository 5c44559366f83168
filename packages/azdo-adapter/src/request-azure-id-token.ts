import { CiKitError } from '@aws-ci-kit/core';

/** What the token request needs: the agent's OIDC endpoint and the job's access token. */
export interface AzureIdTokenSettings {
  /** `System.OidcRequestUri`. */
  readonly uri: string | undefined;
  /** `System.AccessToken`. */
  readonly accessToken: string | undefined;
  /** The service connection the token is issued for. */
  readonly serviceConnectionId: string | undefined;
}

/**
 * Azure Pipelines' OIDC token request: POST `System.OidcRequestUri` (api-version 7.1, the service
 * connection's id) with `System.AccessToken` as a bearer token; the answer is `{ "oidcToken": "<jwt>" }`.
 * The caller masks the token.
 */
export async function requestAzureIdToken(settings: AzureIdTokenSettings): Promise<string> {
  const { uri, accessToken, serviceConnectionId: id } = settings;
  if (!uri || !accessToken || !id) {
    throw new CiKitError('configuration', 'This Azure Pipelines job cannot request an OIDC token.', {
      code: 'OidcUnavailable',
      tryNextLink: true,
      hint: 'Use a service connection with OIDC enabled and make System.AccessToken available to the task.',
    });
  }
  const url = new URL(uri);
  url.searchParams.set('api-version', '7.1');
  url.searchParams.set('serviceConnectionId', id);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
  });
  if (!response.ok) {
    throw new CiKitError(
      'credentials',
      `Azure Pipelines refused the OIDC token request (HTTP ${response.status}).`,
      {
        code: 'OidcRequestFailed',
        hint: 'Check that the service connection uses workload identity federation and the pipeline may use it.',
      },
    );
  }
  const body = (await response.json()) as { oidcToken?: string };
  if (!body.oidcToken) {
    throw new CiKitError('credentials', 'Azure Pipelines answered the OIDC token request without a token.', {
      code: 'OidcRequestFailed',
    });
  }
  return body.oidcToken;
}
