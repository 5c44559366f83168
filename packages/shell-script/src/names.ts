import type { InputSpec } from '@aws-ci-kit/core';

/** The AWS Toolkit's AWSShellScript@1 inputs, with their names (Azure) and meanings. */
export const INPUTS = {
  scriptType: { name: 'script-type', styles: { toolkit: 'scriptType' } },
  filePath: { name: 'file-path', styles: { toolkit: 'filePath' } },
  inlineScript: { name: 'inline-script', styles: { toolkit: 'inlineScript' } },
  arguments: { name: 'arguments', styles: { toolkit: 'arguments' } },
  disableAutoCwd: { name: 'disable-auto-cwd', styles: { toolkit: 'disableAutoCwd' } },
  workingDirectory: { name: 'working-directory', styles: { toolkit: 'workingDirectory' } },
  failOnStandardError: { name: 'fail-on-standard-error', styles: { toolkit: 'failOnStandardError' } },
} as const satisfies Record<string, InputSpec>;

export const SCRIPT_TYPES = ['filePath', 'inline'] as const;

/** The agent's default working directory (the Toolkit's cwd unless `disableAutoCwd`). */
export const DEFAULT_WORKING_DIRECTORY = 'System.DefaultWorkingDirectory';
