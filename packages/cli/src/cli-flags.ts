import { GITLAB_ID_TOKEN_VARIABLE } from '@aws-ci-kit/generic-adapter';
import type { FlagSpec } from './commands.ts';

/** Flags of the CLI itself (not step inputs), on every subcommand. */
export const CLI_FLAGS = {
  export: {
    name: 'export',
    description:
      'How later commands get the result: shell (eval "$(aws-ci-kit ...)"), dotenv (0600 file), json, bash-env (CircleCI $BASH_ENV), buildkite (buildkite-agent env set), gitlab-dotenv (artifacts:reports:dotenv file, visible to later jobs), profile (credentials: keys in a named profile), credential-process (credentials: a profile whose credential_process runs aws-ci-kit), none.',
    default: 'per CI: bash-env on CircleCI, buildkite on Buildkite, shell elsewhere',
  },
  exportFile: {
    name: 'export-file',
    description: 'File for --export dotenv and gitlab-dotenv (written 0600).',
    default: 'aws-ci-kit.env',
  },
  webIdentityTokenEnv: {
    name: 'web-identity-token-env',
    description: `Variable holding the job's OIDC token (used with --role-to-assume when no keys are given). CircleCI CIRCLE_OIDC_TOKEN_V2, Bitbucket BITBUCKET_STEP_OIDC_TOKEN and Buildkite (buildkite-agent oidc request-token) are found without it.`,
    default: `${GITLAB_ID_TOKEN_VARIABLE} on GitLab (declare it under id_tokens:)`,
  },
  debug: { name: 'debug', description: 'Debug output on stderr (secrets stay redacted).', boolean: true },
  help: { name: 'help', description: 'This help.', boolean: true },
} as const satisfies Record<string, FlagSpec>;
