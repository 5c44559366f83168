import { credentialsStep } from '@aws-ci-kit/aws-credentials';
import type { Step } from '@aws-ci-kit/core';
import { ecrPushStep } from '@aws-ci-kit/ecr-push';
import { ssmSecretStep } from '@aws-ci-kit/ssm-secret';
import ACTION_FLAGS from './action-flags.generated.json' with { type: 'json' };

export interface FlagSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  /** Takes no value (`--debug`). */
  readonly boolean?: boolean;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly step: Step;
  /** The capability's inputs (from its action.yml), as flags. */
  readonly inputs: readonly FlagSpec[];
  /** Export formats that make sense for what the step sets. */
  readonly exports: readonly string[];
}

const VARIABLE_EXPORTS = ['shell', 'dotenv', 'json', 'bash-env', 'buildkite', 'gitlab-dotenv', 'none'];

/** The subcommands: one per capability, each running that capability's own step. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  credentials: {
    name: 'credentials',
    summary: ACTION_FLAGS.credentials.summary,
    step: credentialsStep,
    inputs: ACTION_FLAGS.credentials.flags,
    exports: [...VARIABLE_EXPORTS, 'profile', 'credential-process'],
  },
  'credential-process': {
    name: 'credential-process',
    summary:
      'Prints credentials in the AWS CLI/SDK `credential_process` format (Version 1 JSON with Expiration) for a profile line `credential_process = aws-ci-kit credential-process ...`: every AWS tool then fetches fresh credentials itself when they expire. Takes the flags of `credentials`.',
    step: credentialsStep,
    inputs: ACTION_FLAGS.credentials.flags,
    exports: [],
  },
  'ecr-push': {
    name: 'ecr-push',
    summary: ACTION_FLAGS['ecr-push'].summary,
    step: (runtime) => ecrPushStep(runtime),
    inputs: ACTION_FLAGS['ecr-push'].flags,
    exports: VARIABLE_EXPORTS,
  },
  'ssm-secret': {
    name: 'ssm-secret',
    summary: ACTION_FLAGS['ssm-secret'].summary,
    step: (runtime) => ssmSecretStep(runtime),
    inputs: ACTION_FLAGS['ssm-secret'].flags,
    exports: VARIABLE_EXPORTS,
  },
};
