import { ANY_CI_LOG_COMMANDS, type CiRules, envNameProblem } from '@aws-ci-kit/core';
import type { CiProfile } from './ci-profiles.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * What differs for the CLI on any CI: GitHub input names (configure-aws-credentials'), environment
 * variable names (a shell, a dotenv file, $BASH_ENV and `buildkite-agent env set` all need them),
 * multi-line secrets allowed (the shell export single-quotes them), and a job id token wherever the
 * CI gives one (GitLab id_tokens, CircleCI, Bitbucket, Buildkite, or `--web-identity-token-env`).
 */
export function genericRules(profile: CiProfile, env: Env, tokenVariable?: string): CiRules {
  const variable =
    tokenVariable ?? (profile.idToken?.kind === 'variable' ? profile.idToken.variable : undefined);
  return {
    displayName: profile.name,
    sessionPrefix: 'aws-ci-kit',
    inputNaming: 'kebab',
    variableNameProblem: envNameProblem,
    variableNameHint:
      'Use the `env` name transform (--name-transform env), or map the parameter to a valid name (`/path/name=VAR`).',
    caseInsensitiveVariables: false,
    multilineSecretHint: () => undefined,
    noCredentialsHint:
      "Set --role-to-assume with the job's OIDC token (GitLab: id_tokens GITLAB_OIDC_TOKEN; or --web-identity-token-env / --web-identity-token-file), or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the CI's secret variables.",
    credentialSources:
      "flags and AWS_CI_KIT_* variables, the CI's OIDC token (--role-to-assume), environment, shared config files, container and instance metadata",
    regionHint:
      'Pass --aws-region (or set AWS_CI_KIT_AWS_REGION or AWS_REGION in the job, or `region` in the profile).',
    // stderr may be read by a GitHub or an Azure script step: both CIs' commands are broken.
    logCommands: ANY_CI_LOG_COMMANDS,
    inputLabel: (name) => `\`--${name}\``,
    jobIdToken: variable ? !!env[variable] : profile.idToken?.kind === 'buildkite-agent',
    // No CI the CLI runs on runs our post step: nothing may be left for one.
    postStep: false,
  };
}
