import { type CiRules, envNameProblem } from '@aws-ci-kit/core';

/** GitHub refuses to let a step overwrite these through GITHUB_ENV. */
const GITHUB_RESERVED = /^(GITHUB_|RUNNER_)|^NODE_OPTIONS$/i;

/** What differs on GitHub Actions (configure-aws-credentials' input names and meaning). */
export function githubRules(env: Readonly<Record<string, string | undefined>>): CiRules {
  return {
    displayName: 'GitHub',
    sessionPrefix: 'GitHubActions',
    inputNaming: 'github',
    variableNameProblem: (name) =>
      envNameProblem(name) ??
      (GITHUB_RESERVED.test(name) ? 'GitHub does not let a step set this variable' : undefined),
    variableNameHint:
      'Use the `env` name transform (or `leaf,env`), or map the parameter to a valid name (`/path/name=VAR`).',
    caseInsensitiveVariables: false,
    multilineSecretHint: () => undefined,
    noCredentialsHint:
      'Set `role-to-assume` (with `permissions: id-token: write` for OIDC), or `aws-access-key-id`/`aws-secret-access-key` from secrets.',
    jobIdToken: !!env.ACTIONS_ID_TOKEN_REQUEST_URL && !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  };
}
