import type { CiRuntime } from '@aws-ci-kit/core';
/** Every credential input, parsed and validated once. */
export interface CredentialSettings {
    readonly region?: string | undefined;
    readonly serviceConnection?: string | undefined;
    readonly accessKeyId?: string | undefined;
    readonly secretAccessKey?: string | undefined;
    readonly sessionToken?: string | undefined;
    readonly profile?: string | undefined;
    readonly roleToAssume?: string | undefined;
    readonly roleExternalId?: string | undefined;
    readonly roleSessionName?: string | undefined;
    readonly roleDurationSeconds: number;
    readonly roleChaining: boolean;
    readonly sessionTagging: boolean;
    readonly customTags: Readonly<Record<string, string>>;
    readonly inlineSessionPolicy?: string | undefined;
    readonly managedSessionPolicies: readonly string[];
    readonly audience: string;
    readonly webIdentityTokenFile?: string | undefined;
    readonly unsetCurrentCredentials: boolean;
    readonly verifyIdentity: boolean;
    readonly allowedAccountIds: readonly string[];
    readonly maskAccountId: boolean;
    readonly retryMaxAttempts: number;
    readonly httpProxy?: string | undefined;
    readonly noProxy?: string | undefined;
    /** Session tag keys passed on to roles assumed from this session (only keys that are tags). */
    readonly transitiveTagKeys: readonly string[];
    /** STS endpoint URL (an STS-compatible API); else the SDK's endpoint resolution. */
    readonly stsEndpoint?: string;
    /** Retry STS calls until the secret access key holds no special characters (configure-aws-credentials). */
    readonly specialCharactersWorkaround: boolean;
    /** Never use the CI's OIDC token (configure-aws-credentials' `force-skip-oidc`). */
    readonly forceSkipOidc: boolean;
    readonly logRequest: boolean;
    readonly logResponse: boolean;
}
/** Reads the credential inputs of any AWS step (see CREDENTIAL_INPUTS for their names); masks the keys. */
export declare function readCredentialSettings(runtime: CiRuntime): CredentialSettings;
