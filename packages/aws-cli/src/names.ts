import type { InputSpec } from '@aws-ci-kit/core';

/** The AWS Toolkit's AWSCLI@1 inputs, with their names (Azure) and meanings. */
export const INPUTS = {
  awsCommand: { name: 'aws-command', styles: { toolkit: 'awsCommand' } },
  awsSubCommand: { name: 'aws-sub-command', styles: { toolkit: 'awsSubCommand' } },
  awsArguments: { name: 'aws-arguments', styles: { toolkit: 'awsArguments' } },
  failOnStandardError: { name: 'fail-on-standard-error', styles: { toolkit: 'failOnStandardError' } },
} as const satisfies Record<string, InputSpec>;
