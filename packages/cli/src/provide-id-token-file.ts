import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GenericRuntime, idTokenSourceName, requestCiIdToken } from '@aws-ci-kit/generic-adapter';

const TRUE = /^(true|yes|1|on)$/i;

/**
 * OIDC without configuration: when a role is to be assumed without keys and this CI gives the job
 * an id token (GitLab id_tokens, CircleCI, Bitbucket, Buildkite), the token goes to a private file
 * (0600 in a 0700 directory) named as the `web-identity-token-file` input, which the credential
 * chain reads. Returns a clean-up function.
 */
export async function provideIdTokenFile(
  runtime: GenericRuntime,
  inputs: Record<string, string>,
  tokenVariable: string | undefined,
): Promise<() => void> {
  const none = () => {};
  if (runtime.input('web-identity-token-file') || runtime.variable('AWS_WEB_IDENTITY_TOKEN_FILE'))
    return none;
  const role = runtime.input('role-to-assume') ?? runtime.variable('AWS_ROLE_ARN');
  if (!role || runtime.input('aws-access-key-id') || TRUE.test(runtime.input('role-chaining') ?? ''))
    return none;
  const token = await requestCiIdToken(runtime, runtime.profile, {
    ...(tokenVariable ? { tokenVariable } : {}),
    audience: runtime.input('audience') ?? 'sts.amazonaws.com',
  });
  const source = idTokenSourceName(runtime.profile, tokenVariable ? { tokenVariable } : {});
  if (!token) {
    runtime.log.debug(
      `No OIDC token from ${source ?? runtime.profile.name}: other credential sources are tried.`,
    );
    return none;
  }
  runtime.mask(token);
  const dir = mkdtempSync(join(runtime.tempDir, 'aws-ci-kit-oidc-'));
  const file = join(dir, 'token');
  writeFileSync(file, token, { mode: 0o600 });
  inputs['web-identity-token-file'] = file;
  runtime.log.info(`OIDC token from ${source}.`);
  return () => rmSync(dir, { recursive: true, force: true });
}
