import type { InputSpec } from '@aws-ci-kit/core';

/** The AWS Toolkit's AWSCLI@1 inputs, with their names (Azure) and meanings. */
export const INPUTS = {
  awsCommand: { github: 'aws-command', azure: 'awsCommand' },
  awsSubCommand: { github: 'aws-sub-command', azure: 'awsSubCommand' },
  awsArguments: { github: 'aws-arguments', azure: 'awsArguments' },
  failOnStandardError: { github: 'fail-on-standard-error', azure: 'failOnStandardError' },
} as const satisfies Record<string, InputSpec>;
