import type { CiRules } from '@aws-ci-kit/core';

const AZURE_NAME = /^[A-Za-z0-9_.\-/]+$/;
/** Azure Pipelines hides variables with these prefixes from tasks and scripts. */
const AZURE_RESERVED = /^(endpoint|input|secret|path|securefile)\./i;
/** Azure Pipelines' own opt-in for multi-line secret variables (the agent refuses them otherwise). */
const MULTILINE_SECRET_OPT_IN = 'System.UnsafeAllowMultilineSecret';

/**
 * What differs on Azure Pipelines (the AWS Toolkit's input names and defaults). `variable` reads a
 * pipeline variable (the runtime's own reader), for the multi-line secret opt-in.
 */
export function azurePipelinesRules(variable: (name: string) => string | undefined): CiRules {
  return {
    displayName: 'Azure Pipelines',
    sessionPrefix: 'AzurePipelines',
    inputNaming: 'toolkit',
    // Letters, digits, `_ . - /` (the AWS Toolkit's `none` transform yields `/app/prod/name`), no reserved prefix.
    variableNameProblem: (name) => {
      if (name === '') return 'empty name';
      if (name.length > 256) return 'longer than 256 characters';
      if (!AZURE_NAME.test(name))
        return 'Azure Pipelines variable names may only contain letters, digits, _ . - /';
      if (AZURE_RESERVED.test(name)) return 'the prefix is reserved by Azure Pipelines';
      return undefined;
    },
    variableNameHint: 'Map the parameter to another name (`name=VAR`), or choose another name transform.',
    caseInsensitiveVariables: true,
    multilineSecretHint: () =>
      (variable(MULTILINE_SECRET_OPT_IN) ?? '').toLowerCase() === 'true'
        ? undefined
        : `Set the pipeline variable ${MULTILINE_SECRET_OPT_IN} to true (each line is masked), or store the values on one line (e.g. base64).`,
    noCredentialsHint:
      'Set `awsCredentials` to an AWS service connection, or the AWS.AccessKeyID/AWS.SecretAccessKey variables.',
    credentialSources:
      'task inputs, service connection, pipeline variables AWS.*, environment, shared config files, container and instance metadata',
    regionHint:
      'Set `regionName` on the task (or the AWS.Region pipeline variable, AWS_REGION, or `region` in the profile).',
    // The agent reads `##vso[…]` anywhere in a line and `##[…]` formatting commands.
    logCommands: { atLineStart: [], anywhere: ['##vso[', '##['] },
    inputLabel: (name) => `\`${name}\``,
    // Azure issues OIDC tokens for a service connection only (the service connection source asks for them).
    jobIdToken: false,
    // The task's post-job execution (restore and clean).
    postStep: true,
  };
}
