import type { CiName } from '@aws-ci-kit/core';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const AZURE_NAME = /^[A-Za-z0-9_.\-/]+$/;
/** Azure Pipelines hides variables with these prefixes from tasks and scripts. */
const AZURE_RESERVED = /^(endpoint|input|secret|path|securefile)\./i;
/** GitHub refuses to let a step overwrite these through GITHUB_ENV. */
const GITHUB_RESERVED = /^(GITHUB_|RUNNER_)|^NODE_OPTIONS$/i;

/**
 * Why a CI would reject or mishandle this variable name, or undefined when it is fine.
 * GitHub (and other CIs): an environment variable name. Azure Pipelines: letters, digits, `_ . - /`
 * (the AWS Toolkit's `none` transform yields `/app/prod/name`), not a reserved prefix.
 */
export function variableNameProblem(ci: CiName, name: string): string | undefined {
  if (name === '') return 'empty name';
  if (name.length > 256) return 'longer than 256 characters';
  if (ci === 'azure-pipelines') {
    if (!AZURE_NAME.test(name))
      return 'Azure Pipelines variable names may only contain letters, digits, _ . - /';
    if (AZURE_RESERVED.test(name)) return 'the prefix is reserved by Azure Pipelines';
    return undefined;
  }
  if (!ENV_NAME.test(name))
    return 'environment variable names may only contain A-Z, a-z, 0-9, _ and not start with a digit';
  if (ci === 'github' && GITHUB_RESERVED.test(name)) return 'GitHub does not let a step set this variable';
  return undefined;
}

/** A name a dotenv file and a shell accept. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}
