import type { InputSpec } from '@aws-ci-kit/core';

/**
 * The credential inputs every AWS step accepts. GitHub names are configure-aws-credentials'
 * (so a workflow switches by changing its `uses:` line); Azure names are camelCase, with the
 * AWS Toolkit's `awsCredentials` and `regionName`.
 */
export const CREDENTIAL_INPUTS = {
  region: { github: 'aws-region', azure: 'regionName' },
  /**
   * Azure: the AWS Toolkit's `AWS` connections in `awsCredentials`; aws-ci-kit's own endpoint type
   * (`AwsCiKit`, the same fields) in `awsConnection`. See docs/migration.md, "Endpoint type".
   */
  serviceConnection: { github: 'aws-credentials', azure: 'awsCredentials', aliases: ['awsConnection'] },
  accessKeyId: { github: 'aws-access-key-id', azure: 'awsAccessKeyId' },
  secretAccessKey: { github: 'aws-secret-access-key', azure: 'awsSecretAccessKey' },
  sessionToken: { github: 'aws-session-token', azure: 'awsSessionToken' },
  /** Profile to READ credentials from. (`aws-profile` is configure-aws-credentials' profile to WRITE.) */
  profile: { github: 'source-profile', azure: 'sourceProfile' },
  roleToAssume: { github: 'role-to-assume', azure: 'roleToAssume' },
  roleExternalId: { github: 'role-external-id', azure: 'roleExternalId' },
  roleSessionName: { github: 'role-session-name', azure: 'roleSessionName' },
  roleDurationSeconds: { github: 'role-duration-seconds', azure: 'roleDurationSeconds' },
  roleChaining: { github: 'role-chaining', azure: 'roleChaining' },
  roleSkipSessionTagging: { github: 'role-skip-session-tagging', azure: 'roleSkipSessionTagging' },
  customTags: { github: 'custom-tags', azure: 'customTags' },
  inlineSessionPolicy: { github: 'inline-session-policy', azure: 'inlineSessionPolicy' },
  managedSessionPolicies: { github: 'managed-session-policies', azure: 'managedSessionPolicies' },
  audience: { github: 'audience', azure: 'audience' },
  webIdentityTokenFile: { github: 'web-identity-token-file', azure: 'webIdentityTokenFile' },
  unsetCurrentCredentials: { github: 'unset-current-credentials', azure: 'unsetCurrentCredentials' },
  verifyIdentity: { github: 'verify-identity', azure: 'verifyIdentity' },
  allowedAccountIds: { github: 'allowed-account-ids', azure: 'allowedAccountIds' },
  maskAwsAccountId: { github: 'mask-aws-account-id', azure: 'maskAwsAccountId' },
  retryMaxAttempts: { github: 'retry-max-attempts', azure: 'retryMaxAttempts' },
  httpProxy: { github: 'http-proxy', azure: 'httpProxy' },
  noProxy: { github: 'no-proxy', azure: 'noProxy' },
  transitiveTagKeys: { github: 'transitive-tag-keys', azure: 'transitiveTagKeys' },
  stsEndpoint: { github: 'sts-endpoint', azure: 'stsEndpoint' },
  disableRetry: { github: 'disable-retry', azure: 'disableRetry' },
  specialCharactersWorkaround: {
    github: 'special-characters-workaround',
    azure: 'specialCharactersWorkaround',
  },
  forceSkipOidc: { github: 'force-skip-oidc', azure: 'forceSkipOidc' },
  /** The AWS Toolkit's: log each AWS call's request / response of the step (secrets redacted). */
  logRequest: { github: 'log-request', azure: 'logRequest' },
  logResponse: { github: 'log-response', azure: 'logResponse' },
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
