import type { CiRuntime } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { CallerIdentity } from './types.ts';
/** What a capability step needs to build AWS SDK v3 clients. */
export interface AwsSession {
    readonly region: string;
    /** Where the region came from ("input `aws-region`", "AWS_REGION", ...). */
    readonly regionSource: string;
    /** Memoized provider; refreshes (re-running the chain) five minutes before expiry. */
    readonly credentials: AwsCredentialIdentityProvider;
    /** `{ region, credentials, requestHandler, maxAttempts, streamCollector }` for any SDK v3 client constructor. */
    clientConfig(): AwsClientConfig;
    /** Where the credentials came from, for logs ("service connection `aws-prod` -> role arn:…"). */
    readonly source: string;
    /** The role the credentials belong to, when one was assumed. */
    readonly roleArn?: string;
    /** The caller identity, when verified with GetCallerIdentity. */
    readonly identity?: CallerIdentity;
    /**
     * The identity check (GetCallerIdentity, masking the account, `allowed-account-ids`) when one was
     * asked for; with `verifyAlongside` still under way: await it before anything it guards is used.
     */
    readonly verified?: Promise<CallerIdentity>;
    /** The HTTP handler (timeouts, proxy) shared by every client of the step. */
    readonly requestHandler: NodeHttpHandler;
    /** The `retry-max-attempts` input as configured (clientConfig caps it for generic clients). */
    readonly retryMaxAttempts: number;
}
export interface AwsClientConfig {
    readonly region: string;
    readonly credentials: AwsCredentialIdentityProvider;
    readonly [key: string]: unknown;
}
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;
export interface ResolveSessionOptions {
    /** Assume the role from the inputs when one is configured (default true). */
    readonly assumeRole?: boolean;
    /** Check the identity with GetCallerIdentity (default: the `verify-identity` input, true). */
    readonly verify?: boolean;
    /**
     * Run the identity check alongside the caller's first call instead of before returning: the
     * session comes back at once and `verified` settles with the check (a capability step awaits it
     * together with its own first call, so the check costs no round trip of its own).
     */
    readonly verifyAlongside?: boolean;
    /** Total time budget for retrying one AWS call, in ms (default 30 s). */
    readonly retryTotalMs?: number;
    /**
     * Only what is already on the machine (environment, shared files, container and instance
     * metadata), no role: configure-aws-credentials' `use-existing-credentials` check.
     */
    readonly ambientOnly?: boolean;
}
/**
 * Resolves region and credentials from every source a pipeline can have, in the documented order
 * (step inputs, service connection, pipeline variables AWS.*, OIDC web identity, environment,
 * shared config files, container and instance metadata), assumes the configured role(s), verifies
 * the identity, and masks every secret the moment it exists. Uses the credential inputs
 * (CREDENTIAL_INPUTS), which every capability step also accepts.
 */
export declare function resolveAwsSession(runtime: CiRuntime, options?: ResolveSessionOptions): Promise<AwsSession>;
