// Public surface of the credential chain. The ECR and SSM steps code against `resolveAwsSession`,
// `AwsSession` and `AwsClientConfig`; the providers are exported for composition and tests.
export type { AwsCredentialIdentity } from '@aws-sdk/types';
export { type AssumedRole, type AssumeRoleParams, assumeRole } from './assume-role.ts';
export { assumeRoleWithWebIdentity, type WebIdentityParams } from './assume-role-with-web-identity.ts';
export { bypassesProxy } from './bypasses-proxy.ts';
export type { ChainContext } from './chain-context.ts';
export { checkProfile, type ProfileKind, type ProfileSections } from './check-profile.ts';
export { createProxyAgent } from './create-proxy-agent.ts';
export { createRequestHandler, type ProxySettings } from './create-request-handler.ts';
export {
  AWS_ENV,
  AWS_PIPELINE_VARIABLES,
  CREDENTIAL_INPUTS,
  SERVICE_CONNECTION_FIELDS,
} from './credential-inputs.ts';
export { defaultSessionName } from './default-session-name.ts';
export { fromContainerMetadata } from './from-container-metadata.ts';
export { fromEnvironment } from './from-environment.ts';
export { fromInstanceMetadata } from './from-instance-metadata.ts';
export { fromPipelineVariables } from './from-pipeline-variables.ts';
export { fromServiceConnection } from './from-service-connection.ts';
export { fromSharedProfile } from './from-shared-profile.ts';
export { fromStepInputs } from './from-step-inputs.ts';
export { fromWebIdentity } from './from-web-identity.ts';
export { type ProfileFiles, profileFiles } from './profile-files.ts';
export { type CredentialSettings, readCredentialSettings } from './read-credential-settings.ts';
export { readProxySettings } from './read-proxy-settings.ts';
export { readSecretVariable } from './read-secret-variable.ts';
export {
  type AwsClientConfig,
  type AwsCredentialIdentityProvider,
  type AwsSession,
  type ResolveSessionOptions,
  resolveAwsSession,
} from './resolve-aws-session.ts';
export { type ResolvedRegion, resolveRegion } from './resolve-region.ts';
export { sanitizeSessionName } from './sanitize-session-name.ts';
export { type SessionTag, sessionTags } from './session-tags.ts';
export { stsError } from './sts-error.ts';
export type {
  CallerIdentity,
  RoleRequest,
  SourcedCredentials,
  SourcedCredentialsProvider,
} from './types.ts';
