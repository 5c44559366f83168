// Public surface of the credential chain. OWNED BY THE CREDENTIALS WORK: the signatures below are the
// contract the ECR and SSM steps code against; the implementation replaces the stub.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { CiRuntime } from '../runtime.ts';

/** What a capability step needs to build AWS SDK v3 clients. */
export interface AwsSession {
  readonly region: string;
  /** Memoized provider; refreshes before expiry. */
  readonly credentials: AwsCredentialIdentityProvider;
  /** `{ region, credentials, requestHandler?, maxAttempts?, retryStrategy? }` for any SDK v3 client constructor. */
  clientConfig(): AwsClientConfig;
  /** Where the credentials came from, for logs ("service connection `aws-prod`", "environment", ...). */
  readonly source: string;
}

export interface AwsClientConfig {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly [key: string]: unknown;
}

export interface ResolveSessionOptions {
  /** Assume the role from the inputs when one is configured (default true). */
  readonly assumeRole?: boolean;
}

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider };

/**
 * Resolves region and credentials from every source a pipeline can have, in the documented order,
 * using the credentials step's inputs (which every capability step also accepts).
 */
export async function resolveAwsSession(_runtime: CiRuntime, _options: ResolveSessionOptions = {}): Promise<AwsSession> {
  throw new Error('resolveAwsSession: not implemented yet');
}
