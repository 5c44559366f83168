import type { RetryOptions } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
/** What every STS call of the chain shares: region, HTTP handler (timeouts, proxy). */
export interface StsContext {
    readonly region: string;
    readonly requestHandler: NodeHttpHandler;
    /** An STS-compatible endpoint URL (`sts-endpoint`); else the SDK resolves one (AWS_ENDPOINT_URL_STS, ...). */
    readonly endpoint?: string;
    /** Log lines for retries and decisions (debug level). */
    readonly debug: (message: string) => void;
}
type StsModule = typeof import('./sts-client.ts');
/** The STS client module, loaded on first use (steps that never call STS do not pay for it). */
export declare function loadSts(): Promise<StsModule>;
/**
 * An STS client with our own retry loop in charge (`maxAttempts: 1`), so an OIDC token can be
 * fetched again per attempt and the total time stays bounded.
 */
export declare function stsSession(context: StsContext, credentials?: AwsCredentialIdentity): Promise<{
    sts: typeof import("./sts-client.ts");
    client: import("@aws-sdk/client-sts/dist-types/STSClient.js").STSClient;
}>;
/** The retry hooks of an STS call: each retry is a debug line naming the action and the error. */
export declare function stsRetryOptions(context: StsContext, action: string): RetryOptions;
export {};
