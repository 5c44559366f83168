import { GITLAB_ID_TOKEN_VARIABLE } from '@aws-ci-kit/generic-adapter';
import type { FlagSpec } from './commands.ts';

/** Flags of the CLI itself (not step inputs); each command lists the ones it takes. */
export const CLI_FLAGS = {
  export: {
    name: 'export',
    description:
      'How later commands get the result: shell (eval "$(aws-ci-kit ...)"), dotenv (0600 file), json, bash-env (CircleCI $BASH_ENV), buildkite (buildkite-agent env set), gitlab-dotenv (artifacts:reports:dotenv file, visible to later jobs), profile (credentials: keys in a named profile), credential-process (credentials: a profile whose credential_process runs aws-ci-kit), none. Where one command does the work, `aws-ci-kit exec` needs no export at all.',
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
  servesProfile: {
    name: 'serves-profile',
    description:
      'Written by --export credential-process: the profile whose credential_process runs this command. That profile is never read for its own credentials (AWS_PROFILE naming it is ignored), so the command cannot start itself again.',
  },
  dockerConfig: {
    name: 'docker-config',
    description:
      'Without --repository (log in only): the Docker config directory that keeps the registry login for later commands, created 0700 if missing (default: DOCKER_CONFIG when set). It holds the registry password until you remove it. With --repository, the login lives in a private directory removed when the command ends.',
  },
  debug: { name: 'debug', description: 'Debug output on stderr (secrets stay redacted).', boolean: true },
  help: { name: 'help', description: 'This help.', boolean: true },
} as const satisfies Record<string, FlagSpec>;

export const CLI_FLAG_NAMES: ReadonlySet<string> = new Set(Object.values(CLI_FLAGS).map((f) => f.name));
