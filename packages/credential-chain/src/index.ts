// Public surface of the credential chain. The ECR and SSM steps code against `resolveAwsSession` and
// `AwsClientConfig`; the credentials step and its tests use the rest. The Azure-only sources are
// not exported: resolveAwsSession loads them on demand, and a barrel that named them would put
// them in the code every entry loads at start.
export { bypassesProxy } from './bypasses-proxy.ts';
export type { ChainContext } from './chain-context.ts';
export { checkProfile } from './check-profile.ts';
export { createProxyAgent } from './create-proxy-agent.ts';
export { AWS_ENV, CREDENTIAL_INPUTS } from './credential-inputs.ts';
export { defaultSessionName } from './default-session-name.ts';
export { fromEnvironment } from './from-environment.ts';
export { fromStepInputs } from './from-step-inputs.ts';
export { fromWebIdentity } from './from-web-identity.ts';
export { profileFiles } from './profile-files.ts';
export { readCredentialSettings } from './read-credential-settings.ts';
export { readProxySettings } from './read-proxy-settings.ts';
export { readSecretVariable } from './read-secret-variable.ts';
export { type AwsClientConfig, type AwsSession, resolveAwsSession } from './resolve-aws-session.ts';
export { runWithSession, type ToolFailureWords, type ToolRun } from './run-with-session.ts';
export { sanitizeSessionName } from './sanitize-session-name.ts';
export { sessionEnvironment } from './session-environment.ts';
export { sessionTags } from './session-tags.ts';
export { stsError } from './sts-error.ts';
