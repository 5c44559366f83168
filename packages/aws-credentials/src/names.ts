import type { InputSpec } from '@aws-ci-kit/core';

/** Inputs of the credentials step itself (the chain's inputs are CREDENTIAL_INPUTS in core). */
export const STEP_INPUTS = {
  outputCredentials: { github: 'output-credentials', azure: 'outputCredentials' },
  exportVariables: { github: 'export-variables', azure: 'exportVariables' },
  outputProfile: { github: 'output-profile', azure: 'outputProfile' },
  actionTimeoutS: { github: 'action-timeout-s', azure: 'actionTimeoutS' },
} as const satisfies Record<string, InputSpec>;

/** Outputs, named like configure-aws-credentials' on GitHub (camelCase output variables on Azure). */
export const OUTPUTS = {
  accountId: { github: 'aws-account-id', azure: 'awsAccountId' },
  authenticatedArn: { github: 'authenticated-arn', azure: 'authenticatedArn' },
  expiration: { github: 'aws-expiration', azure: 'awsExpiration' },
  region: { github: 'aws-region', azure: 'awsRegion' },
  accessKeyId: { github: 'aws-access-key-id', azure: 'awsAccessKeyId' },
  secretAccessKey: { github: 'aws-secret-access-key', azure: 'awsSecretAccessKey' },
  sessionToken: { github: 'aws-session-token', azure: 'awsSessionToken' },
} as const satisfies Record<string, InputSpec>;

/** Main-to-post state keys. Values are never secrets (see previous-values.ts). */
export const STATE = {
  previous: 'awsCiKitCredentialsPrevious',
} as const;

/** What a variable the step exports holds, and whether it is secret. */
export interface ExportedVariable {
  readonly name: string;
  readonly secret: boolean;
  readonly pick: 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'region';
}

/**
 * Variables exported for later steps (secret ones masked first; on Azure, secret variables).
 * The AWS Toolkit's `AWS.*` variables are deliberately not overwritten: a pipeline that sets
 * `AWS.AssumeRoleArn` next to its keys would otherwise make later tasks assume the role again
 * from the role's own credentials.
 */
export const EXPORTED_VARIABLES: readonly ExportedVariable[] = [
  { name: 'AWS_ACCESS_KEY_ID', secret: true, pick: 'accessKeyId' },
  { name: 'AWS_SECRET_ACCESS_KEY', secret: true, pick: 'secretAccessKey' },
  { name: 'AWS_SESSION_TOKEN', secret: true, pick: 'sessionToken' },
  { name: 'AWS_REGION', secret: false, pick: 'region' },
  { name: 'AWS_DEFAULT_REGION', secret: false, pick: 'region' },
];
