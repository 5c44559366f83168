import type { InputSpec } from '@aws-ci-kit/core';

/** The AWS Toolkit's AWSShellScript@1 inputs, with their names (Azure) and meanings. */
export const INPUTS = {
  scriptType: { github: 'script-type', azure: 'scriptType' },
  filePath: { github: 'file-path', azure: 'filePath' },
  inlineScript: { github: 'inline-script', azure: 'inlineScript' },
  arguments: { github: 'arguments', azure: 'arguments' },
  disableAutoCwd: { github: 'disable-auto-cwd', azure: 'disableAutoCwd' },
  workingDirectory: { github: 'working-directory', azure: 'workingDirectory' },
  failOnStandardError: { github: 'fail-on-standard-error', azure: 'failOnStandardError' },
} as const satisfies Record<string, InputSpec>;

export const SCRIPT_TYPES = ['filePath', 'inline'] as const;

/** The agent's default working directory (the Toolkit's cwd unless `disableAutoCwd`). */
export const DEFAULT_WORKING_DIRECTORY = 'System.DefaultWorkingDirectory';
