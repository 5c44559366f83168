import type { InputSpec } from '@aws-ci-kit/core';

/**
 * The credential inputs every AWS step accepts. GitHub names are configure-aws-credentials'
 * (so a workflow switches by changing its `uses:` line); Azure names are camelCase, with the
 * AWS Toolkit's `awsCredentials` and `regionName`.
 */
export const CREDENTIAL_INPUTS = {
  region: { name: 'aws-region', styles: { toolkit: 'regionName' } },
  /**
   * Azure: the AWS Toolkit's `AWS` connections in `awsCredentials`; aws-ci-kit's own endpoint type
   * (`AwsCiKit`, the same fields) in `awsConnection`. See docs/migration.md, "Endpoint type".
   */
  serviceConnection: {
    name: 'aws-credentials',
    styles: { toolkit: 'awsCredentials' },
    aliases: ['awsConnection'],
  },
  accessKeyId: { name: 'aws-access-key-id', styles: { toolkit: 'awsAccessKeyId' } },
  secretAccessKey: { name: 'aws-secret-access-key', styles: { toolkit: 'awsSecretAccessKey' } },
  sessionToken: { name: 'aws-session-token', styles: { toolkit: 'awsSessionToken' } },
  /** Profile to READ credentials from. (`aws-profile` is configure-aws-credentials' profile to WRITE.) */
  profile: { name: 'source-profile', styles: { toolkit: 'sourceProfile' } },
  roleToAssume: { name: 'role-to-assume', styles: { toolkit: 'roleToAssume' } },
  roleExternalId: { name: 'role-external-id', styles: { toolkit: 'roleExternalId' } },
  roleSessionName: { name: 'role-session-name', styles: { toolkit: 'roleSessionName' } },
  roleDurationSeconds: { name: 'role-duration-seconds', styles: { toolkit: 'roleDurationSeconds' } },
  roleChaining: { name: 'role-chaining', styles: { toolkit: 'roleChaining' } },
  roleSkipSessionTagging: {
    name: 'role-skip-session-tagging',
    styles: { toolkit: 'roleSkipSessionTagging' },
  },
  customTags: { name: 'custom-tags', styles: { toolkit: 'customTags' } },
  inlineSessionPolicy: { name: 'inline-session-policy', styles: { toolkit: 'inlineSessionPolicy' } },
  managedSessionPolicies: { name: 'managed-session-policies', styles: { toolkit: 'managedSessionPolicies' } },
  audience: { name: 'audience', styles: { toolkit: 'audience' } },
  webIdentityTokenFile: { name: 'web-identity-token-file', styles: { toolkit: 'webIdentityTokenFile' } },
  unsetCurrentCredentials: {
    name: 'unset-current-credentials',
    styles: { toolkit: 'unsetCurrentCredentials' },
  },
  verifyIdentity: { name: 'verify-identity', styles: { toolkit: 'verifyIdentity' } },
  allowedAccountIds: { name: 'allowed-account-ids', styles: { toolkit: 'allowedAccountIds' } },
  maskAwsAccountId: { name: 'mask-aws-account-id', styles: { toolkit: 'maskAwsAccountId' } },
  retryMaxAttempts: { name: 'retry-max-attempts', styles: { toolkit: 'retryMaxAttempts' } },
  httpProxy: { name: 'http-proxy', styles: { toolkit: 'httpProxy' } },
  noProxy: { name: 'no-proxy', styles: { toolkit: 'noProxy' } },
  transitiveTagKeys: { name: 'transitive-tag-keys', styles: { toolkit: 'transitiveTagKeys' } },
  stsEndpoint: { name: 'sts-endpoint', styles: { toolkit: 'stsEndpoint' } },
  disableRetry: { name: 'disable-retry', styles: { toolkit: 'disableRetry' } },
  specialCharactersWorkaround: {
    name: 'special-characters-workaround',
    styles: { toolkit: 'specialCharactersWorkaround' },
  },
  forceSkipOidc: { name: 'force-skip-oidc', styles: { toolkit: 'forceSkipOidc' } },
  /** The AWS Toolkit's: log each AWS call's request / response of the step (secrets redacted). */
  logRequest: { name: 'log-request', styles: { toolkit: 'logRequest' } },
  logResponse: { name: 'log-response', styles: { toolkit: 'logResponse' } },
} as const satisfies Record<string, InputSpec>;

/** Azure pipeline variables the AWS Toolkit for Azure DevOps reads (source 3). */
export const AWS_PIPELINE_VARIABLES = {
  accessKeyId: 'AWS.AccessKeyID',
  secretAccessKey: 'AWS.SecretAccessKey',
  sessionToken: 'AWS.SessionToken',
  region: 'AWS.Region',
  assumeRoleArn: 'AWS.AssumeRoleArn',
  externalId: 'AWS.ExternalId',
  roleSessionName: 'AWS.RoleSessionName',
  /** The Toolkit's duration (seconds) for roles named by a connection or these variables. */
  roleMaxDuration: 'aws.rolecredential.maxduration',
} as const;

/** Standard AWS environment variables the chain reads through the runtime. */
export const AWS_ENV = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  sessionToken: 'AWS_SESSION_TOKEN',
  credentialExpiration: 'AWS_CREDENTIAL_EXPIRATION',
  region: 'AWS_REGION',
  defaultRegion: 'AWS_DEFAULT_REGION',
  profile: 'AWS_PROFILE',
  defaultProfile: 'AWS_DEFAULT_PROFILE',
  roleArn: 'AWS_ROLE_ARN',
  roleSessionName: 'AWS_ROLE_SESSION_NAME',
  webIdentityTokenFile: 'AWS_WEB_IDENTITY_TOKEN_FILE',
  configFile: 'AWS_CONFIG_FILE',
  credentialsFile: 'AWS_SHARED_CREDENTIALS_FILE',
  containerFullUri: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  containerRelativeUri: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  metadataDisabled: 'AWS_EC2_METADATA_DISABLED',
  metadataEndpoint: 'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  httpsProxy: 'HTTPS_PROXY',
  httpProxy: 'HTTP_PROXY',
  noProxy: 'NO_PROXY',
} as const;

/** The AWS Toolkit's session name for roles named by a service connection or AWS.* variables. */
export const TOOLKIT_SESSION_NAME = 'aws-vsts-tools';

/** The AWS Toolkit's service connection fields (authorization parameters). */
export const SERVICE_CONNECTION_FIELDS = {
  accessKeyId: 'username',
  secretAccessKey: 'password',
  sessionToken: 'sessionToken',
  assumeRoleArn: 'assumeRoleArn',
  externalId: 'externalId',
  roleSessionName: 'roleSessionName',
  useOidc: 'useOIDC',
  /** The Toolkit's OIDC scheme (`None`) names the role `role` (a field the log does not mask). */
  oidcRole: 'role',
} as const;
