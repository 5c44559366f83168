import { credentialsStep } from '@aws-ci-kit/aws-credentials';
import type { CiRuntime, Step } from '@aws-ci-kit/core';
import { ecrPushPostStep, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { ssmSecretStep } from '@aws-ci-kit/ssm-secret';
import ACTION_FLAGS from './action-flags.generated.json' with { type: 'json' };
import { CLI_FLAGS } from './cli-flags.ts';

export interface FlagSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  /** `--name` alone means true; `--name=true|false` and `--name true|false` also work. */
  readonly boolean?: boolean;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly step: Step;
  /** The capability's inputs (from its action.yml), as flags. */
  readonly inputs: readonly FlagSpec[];
  /** The CLI's own flags this command takes. */
  readonly cliFlags: readonly FlagSpec[];
  /** Export formats that make sense for what the step sets. */
  readonly exports: readonly string[];
  /**
   * What a post step would undo, run when the command ends (success, failure, SIGTERM, SIGINT):
   * no CI the CLI runs on runs a post step.
   */
  readonly cleanup?: (runtime: CiRuntime) => Promise<void>;
}

const VARIABLE_EXPORTS = ['shell', 'dotenv', 'json', 'bash-env', 'buildkite', 'gitlab-dotenv', 'none'];
const { export: exportFlag, exportFile, webIdentityTokenEnv, debug, help } = CLI_FLAGS;
const COMMON = [exportFlag, exportFile, webIdentityTokenEnv, debug, help];

/** The subcommands: one per capability, each running that capability's own step. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  credentials: {
    name: 'credentials',
    summary: ACTION_FLAGS.credentials.summary,
    step: credentialsStep,
    inputs: ACTION_FLAGS.credentials.flags,
    cliFlags: COMMON,
    exports: [...VARIABLE_EXPORTS, 'profile', 'credential-process'],
  },
  'credential-process': {
    name: 'credential-process',
    summary:
      'Prints credentials in the AWS CLI/SDK `credential_process` format (Version 1 JSON with Expiration) for a profile line `credential_process = aws-ci-kit credential-process ...`: every AWS tool then fetches fresh credentials itself when they expire. Takes the flags of `credentials`.',
    step: credentialsStep,
    inputs: ACTION_FLAGS.credentials.flags,
    cliFlags: [webIdentityTokenEnv, CLI_FLAGS.servesProfile, debug, help],
    exports: [],
  },
  'ecr-push': {
    name: 'ecr-push',
    summary: ACTION_FLAGS['ecr-push'].summary,
    step: (runtime) => ecrPushStep(runtime),
    inputs: ACTION_FLAGS['ecr-push'].flags,
    cliFlags: [exportFlag, exportFile, webIdentityTokenEnv, CLI_FLAGS.dockerConfig, debug, help],
    exports: VARIABLE_EXPORTS,
    cleanup: ecrPushPostStep,
  },
  'ssm-secret': {
    name: 'ssm-secret',
    summary: ACTION_FLAGS['ssm-secret'].summary,
    step: (runtime) => ssmSecretStep(runtime),
    inputs: ACTION_FLAGS['ssm-secret'].flags,
    cliFlags: COMMON,
    exports: VARIABLE_EXPORTS,
  },
};
