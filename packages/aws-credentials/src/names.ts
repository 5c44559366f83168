import type { InputSpec } from '@aws-ci-kit/core';

/**
 * Inputs of the credentials step itself (the chain's inputs are CREDENTIAL_INPUTS in core), with
 * configure-aws-credentials' names and meanings (6.x).
 */
export const STEP_INPUTS = {
  outputCredentials: { name: 'output-credentials', styles: { toolkit: 'outputCredentials' } },
  /** Export AWS_* for later steps; default true, false when `aws-profile` is set. */
  outputEnvCredentials: { name: 'output-env-credentials', styles: { toolkit: 'outputEnvCredentials' } },
  /** The profile to WRITE (credentials and config files, 0600). */
  profile: { name: 'aws-profile', styles: { toolkit: 'awsProfile' } },
  overwriteProfile: { name: 'overwrite-aws-profile', styles: { toolkit: 'overwriteAwsProfile' } },
  /** Do nothing when the machine's own credentials already pass GetCallerIdentity. */
  useExistingCredentials: { name: 'use-existing-credentials', styles: { toolkit: 'useExistingCredentials' } },
  /** Bounds the whole step, in seconds (0 or unset: no bound beyond each call's own deadline). */
  actionTimeoutS: { name: 'action-timeout-s', styles: { toolkit: 'actionTimeoutS' } },
} as const satisfies Record<string, InputSpec>;

/** configure-aws-credentials' switch that skips its post step (`post-if` there; checked by our post step). */
export const SKIP_CLEANUP_VARIABLE = 'AWS_SKIP_CLEANUP_STEP';

/** Outputs, named like configure-aws-credentials' on GitHub (camelCase output variables on Azure). */
export const OUTPUTS = {
  accountId: { name: 'aws-account-id', styles: { toolkit: 'awsAccountId' } },
  authenticatedArn: { name: 'authenticated-arn', styles: { toolkit: 'authenticatedArn' } },
  expiration: { name: 'aws-expiration', styles: { toolkit: 'awsExpiration' } },
  region: { name: 'aws-region', styles: { toolkit: 'awsRegion' } },
  accessKeyId: { name: 'aws-access-key-id', styles: { toolkit: 'awsAccessKeyId' } },
  secretAccessKey: { name: 'aws-secret-access-key', styles: { toolkit: 'awsSecretAccessKey' } },
  sessionToken: { name: 'aws-session-token', styles: { toolkit: 'awsSessionToken' } },
} as const satisfies Record<string, InputSpec>;

/** Main-to-post state keys. Values are never secrets (see previous-values.ts). */
export const STATE = {
  previous: 'awsCiKitCredentialsPrevious',
} as const;

/** What a variable the step exports holds, and whether it is secret. */
export interface ExportedVariable {
  readonly name: string;
  readonly secret: boolean;
  readonly pick: 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'region' | 'profile';
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

/** With `aws-profile` and `output-env-credentials: true`, AWS_PROFILE names the written profile too. */
export const PROFILE_VARIABLE: ExportedVariable = { name: 'AWS_PROFILE', secret: false, pick: 'profile' };
