import type { InputSpec } from '@aws-ci-kit/core';

/**
 * The step's own inputs: the main (kebab-case) names of action.yml and the CLI, and the `toolkit`
 * naming style's names and defaults (task.json, as the AWS Toolkit task's users know them).
 */
export const INPUTS = {
  names: { name: 'names', styles: { toolkit: 'names' } },
  paths: { name: 'paths', styles: { toolkit: 'paths' } },
  recursive: {
    name: 'recursive',
    default: 'true',
    styles: { toolkit: { name: 'recursive', default: 'false' } },
  },
  withDecryption: { name: 'with-decryption', styles: { toolkit: 'withDecryption' } },
  nameTransform: {
    name: 'name-transform',
    default: 'env',
    styles: { toolkit: { name: 'nameTransform', default: 'none' } },
  },
  customVariableName: { name: 'custom-variable-name', styles: { toolkit: 'customVariableName' } },
  replacementPattern: { name: 'replacement-pattern', styles: { toolkit: 'replacementPattern' } },
  replacementText: { name: 'replacement-text', styles: { toolkit: 'replacementText' } },
  globalMatch: { name: 'global-match', styles: { toolkit: 'globalMatch' } },
  caseInsensitiveMatch: { name: 'case-insensitive-match', styles: { toolkit: 'caseInsensitiveMatch' } },
  prefix: { name: 'prefix', styles: { toolkit: 'prefix' } },
  parseJson: { name: 'parse-json', styles: { toolkit: 'parseJson' } },
  maskAll: { name: 'mask-all', styles: { toolkit: 'maskAll' } },
  allowMissing: { name: 'allow-missing', styles: { toolkit: 'allowMissing' } },
  dotenvFile: { name: 'dotenv-file', styles: { toolkit: 'dotenvFile' } },
  /** Variable names that steer processes (PATH, LD_PRELOAD, GIT_*, ...) the user allows, exactly as listed. */
  allowControlVariables: { name: 'allow-control-variables', styles: { toolkit: 'allowControlVariables' } },
  maxConcurrency: { name: 'max-concurrency', styles: { toolkit: 'maxConcurrency' } },
  timeoutSeconds: { name: 'timeout-seconds', styles: { toolkit: 'timeoutSeconds' } },
} as const satisfies Record<string, InputSpec>;

/** The AWS Toolkit SystemsManagerGetParameter task's inputs (Azure only), read as that task reads them. */
export const TOOLKIT_INPUTS = {
  readMode: 'readMode',
  parameterName: 'parameterName',
  parameterVersion: 'parameterVersion',
  parameterPath: 'parameterPath',
  singleNameTransform: 'singleNameTransform',
  hierarchyNameTransform: 'hierarchyNameTransform',
} as const;

/** Defaults the same in every naming style (those that differ are in the specs above). */
export const DEFAULTS = {
  withDecryption: true,
  globalMatch: true,
  caseInsensitiveMatch: true,
  maxConcurrency: 5,
} as const;
