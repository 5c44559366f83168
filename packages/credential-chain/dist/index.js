// Public surface of the credential chain. The ECR and SSM steps code against `resolveAwsSession` and
// `AwsClientConfig`; the credentials step and its tests use the rest. The Azure-only sources are
// not exported: resolveAwsSession loads them on demand, and a barrel that named them would put
// them in the code every entry loads at start.
export { bypassesProxy } from "./bypasses-proxy.js";
export { checkProfile } from "./check-profile.js";
export { createProxyAgent } from "./create-proxy-agent.js";
export { AWS_ENV, CREDENTIAL_INPUTS } from "./credential-inputs.js";
export { defaultSessionName } from "./default-session-name.js";
export { fromEnvironment } from "./from-environment.js";
export { fromStepInputs } from "./from-step-inputs.js";
export { fromWebIdentity } from "./from-web-identity.js";
export { profileFiles } from "./profile-files.js";
export { readCredentialSettings } from "./read-credential-settings.js";
export { readProxySettings } from "./read-proxy-settings.js";
export { readSecretVariable } from "./read-secret-variable.js";
export { resolveAwsSession } from "./resolve-aws-session.js";
export { runWithSession } from "./run-with-session.js";
export { sanitizeSessionName } from "./sanitize-session-name.js";
export { sessionEnvironment } from "./session-environment.js";
export { sessionTags } from "./session-tags.js";
export { stsError } from "./sts-error.js";
