import { CiKitError, type CiRuntime } from '@aws-ci-kit/core';
import type { CiProfile } from './ci-profiles.ts';

export interface IdTokenSettings {
  /** `--web-identity-token-env`: the variable holding the JWT, overriding the CI's default. */
  readonly tokenVariable?: string;
  readonly audience: string;
}

/** Where a token would come from on this CI, for logs; undefined when the CI has no OIDC. */
export function idTokenSourceName(
  profile: CiProfile,
  settings: Omit<IdTokenSettings, 'audience'>,
): string | undefined {
  if (settings.tokenVariable) return `variable ${settings.tokenVariable}`;
  const source = profile.idToken;
  if (!source) return undefined;
  return source.kind === 'variable'
    ? `${profile.name} id token (variable ${source.variable})`
    : `${profile.name} OIDC (buildkite-agent oidc request-token)`;
}

/**
 * The job's OIDC id token, had the way its CI gives it: a variable (GitLab `id_tokens`, CircleCI
 * `CIRCLE_OIDC_TOKEN_V2`, Bitbucket `BITBUCKET_STEP_OIDC_TOKEN`, any variable named by
 * `--web-identity-token-env`) or `buildkite-agent oidc request-token`. Undefined when this CI has none.
 */
export async function requestCiIdToken(
  runtime: Pick<CiRuntime, 'variable' | 'exec'>,
  profile: CiProfile,
  settings: IdTokenSettings,
): Promise<string | undefined> {
  const variable =
    settings.tokenVariable ?? (profile.idToken?.kind === 'variable' ? profile.idToken.variable : undefined);
  if (variable) {
    const token = runtime.variable(variable)?.trim();
    if (token) return token;
    if (settings.tokenVariable) {
      throw new CiKitError('configuration', `The id token variable ${variable} is empty or unset.`, {
        code: 'OidcUnavailable',
        hint: `Declare it in the job (GitLab: \`id_tokens: ${variable}: aud: ${settings.audience}\`) or fix --web-identity-token-env.`,
      });
    }
    return undefined;
  }
  if (profile.idToken?.kind !== 'buildkite-agent') return undefined;
  const result = await runtime.exec(
    'buildkite-agent',
    ['oidc', 'request-token', '--audience', settings.audience],
    { silent: true, ignoreReturnCode: true },
  );
  const token = result.stdout.trim();
  if (result.code !== 0 || token === '') {
    throw new CiKitError(
      'configuration',
      `buildkite-agent oidc request-token failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0] ?? ''}`,
      {
        code: 'OidcUnavailable',
        hint: 'Run on a Buildkite agent (v3.48+) whose job may request OIDC tokens, or pass keys instead.',
      },
    );
  }
  return token;
}
