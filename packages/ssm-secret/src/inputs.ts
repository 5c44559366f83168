import type { InputSpec } from '@aws-ci-kit/core';

/** The step's own inputs: GitHub names (action.yml) and Azure names (task.json). */
export const INPUTS = {
  names: { github: 'names', azure: 'names' },
  paths: { github: 'paths', azure: 'paths' },
  recursive: { github: 'recursive', azure: 'recursive' },
  withDecryption: { github: 'with-decryption', azure: 'withDecryption' },
  nameTransform: { github: 'name-transform', azure: 'nameTransform' },
  customVariableName: { github: 'custom-variable-name', azure: 'customVariableName' },
  replacementPattern: { github: 'replacement-pattern', azure: 'replacementPattern' },
  replacementText: { github: 'replacement-text', azure: 'replacementText' },
  globalMatch: { github: 'global-match', azure: 'globalMatch' },
  caseInsensitiveMatch: { github: 'case-insensitive-match', azure: 'caseInsensitiveMatch' },
  prefix: { github: 'prefix', azure: 'prefix' },
  parseJson: { github: 'parse-json', azure: 'parseJson' },
  maskAll: { github: 'mask-all', azure: 'maskAll' },
  allowMissing: { github: 'allow-missing', azure: 'allowMissing' },
  dotenvFile: { github: 'dotenv-file', azure: 'dotenvFile' },
  /** Variable names that steer processes (PATH, LD_PRELOAD, GIT_*, ...) the user allows, exactly as listed. */
  allowControlVariables: { github: 'allow-control-variables', azure: 'allowControlVariables' },
  maxConcurrency: { github: 'max-concurrency', azure: 'maxConcurrency' },
  timeoutSeconds: { github: 'timeout-seconds', azure: 'timeoutSeconds' },
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

/** Defaults that differ by CI: Azure keeps the AWS Toolkit task's behaviour. */
export const DEFAULTS = {
  github: { nameTransform: 'env', recursive: true },
  azure: { nameTransform: 'none', recursive: false },
  withDecryption: true,
  globalMatch: true,
  caseInsensitiveMatch: true,
  maxConcurrency: 5,
} as const;
