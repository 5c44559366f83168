import {
  type CiRuntime,
  getBooleanInput,
  getInput,
  getRequiredInput,
  splitArguments,
} from '@aws-ci-kit/core';
import { INPUTS } from './names.ts';

/** Every AwsCiKitCli input, read and checked once before any work. */
export interface AwsCliPlan {
  /** `aws <command> [<subCommand>]`, for messages. */
  readonly title: string;
  readonly args: readonly string[];
  readonly failOnStandardError: boolean;
}

export function readAwsCliPlan(runtime: CiRuntime): AwsCliPlan {
  const command = getRequiredInput(runtime, INPUTS.awsCommand);
  const subCommand = getInput(runtime, INPUTS.awsSubCommand);
  const head = subCommand ? [command, subCommand] : [command];
  return {
    title: `aws ${head.join(' ')}`,
    args: [...head, ...splitArguments(getInput(runtime, INPUTS.awsArguments))],
    failOnStandardError: getBooleanInput(runtime, INPUTS.failOnStandardError),
  };
}
