import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getRequiredInput,
  inputName,
  splitArguments,
} from '@aws-ci-kit/core';
import { resolveAwsSession, sessionEnvironment } from '@aws-ci-kit/core/credentials';
import { INPUTS } from './names.ts';

/**
 * AWSCLI@1's replacement: `aws <awsCommand> <awsSubCommand> <awsArguments>` with the resolved AWS
 * credentials and region in the CLI's own environment only (nothing is exported to later steps),
 * masked before it starts. Unlike the Toolkit, the CLI's output cannot issue pipeline commands: it
 * may print values read from AWS.
 */
export async function awsCliStep(runtime: CiRuntime): Promise<void> {
  const command = getRequiredInput(runtime, INPUTS.awsCommand);
  const subCommand = getInput(runtime, INPUTS.awsSubCommand);
  const args = [
    command,
    ...(subCommand ? [subCommand] : []),
    ...splitArguments(getInput(runtime, INPUTS.awsArguments)),
  ];
  const session = await resolveAwsSession(runtime);
  runtime.log.info(`AWS credentials from ${session.source}; region ${session.region}.`);
  const env = await sessionEnvironment(session);
  const result = await runtime.exec('aws', args, { env, ignoreReturnCode: true });
  if (result.code !== 0) {
    throw new CiKitError(
      'tool',
      `aws ${command}${subCommand ? ` ${subCommand}` : ''} exited with code ${result.code}.`,
      {
        code: 'AwsCliFailed',
        hint: 'See the AWS CLI output above.',
      },
    );
  }
  if (getBooleanInput(runtime, INPUTS.failOnStandardError) && result.stderr.trim() !== '') {
    const name = inputName(runtime, INPUTS.failOnStandardError);
    throw new CiKitError('tool', 'The AWS CLI wrote to standard error.', {
      code: 'AwsCliWroteToStderr',
      hint: `Check the CLI's warnings above, or set \`${name}\` to false.`,
    });
  }
}
