import type { CiRuntime } from '@aws-ci-kit/core';
import { runWithSession } from '@aws-ci-kit/credential-chain';
import { INPUTS } from './names.ts';
import { readAwsCliPlan } from './plan.ts';

/**
 * AWSCLI@1's replacement: `aws <awsCommand> <awsSubCommand> <awsArguments>` with the resolved AWS
 * credentials and region in the CLI's own environment only (nothing is exported to later steps),
 * masked before it starts. Unlike the Toolkit, the CLI's output cannot issue pipeline commands: it
 * may print values read from AWS.
 */
export async function awsCliStep(runtime: CiRuntime): Promise<void> {
  const plan = readAwsCliPlan(runtime);
  await runWithSession(runtime, {
    command: 'aws',
    args: plan.args,
    failOnStandardError: plan.failOnStandardError && INPUTS.failOnStandardError,
    words: {
      subject: plan.title,
      exit: { code: 'AwsCliFailed', hint: 'See the AWS CLI output above.' },
      stderr: {
        code: 'AwsCliWroteToStderr',
        message: 'The AWS CLI wrote to standard error.',
        hint: (name) => `Check the CLI's warnings above, or set \`${name}\` to false.`,
      },
    },
  });
}
