import type { RetryOptions } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { collectResponseBody } from './collect-response-body.ts';

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
let loaded: Promise<StsModule> | undefined;

/** The STS client module, loaded on first use (steps that never call STS do not pay for it). */
export function loadSts(): Promise<StsModule> {
  loaded ??= import('./sts-client.ts');
  return loaded;
}

/**
 * An STS client with our own retry loop in charge (`maxAttempts: 1`), so an OIDC token can be
 * fetched again per attempt and the total time stays bounded.
 */
export async function stsSession(context: StsContext, credentials?: AwsCredentialIdentity) {
  const sts = await loadSts();
  const client = new sts.STSClient({
    region: context.region,
    requestHandler: context.requestHandler,
    maxAttempts: 1,
    streamCollector: collectResponseBody,
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
    ...(credentials ? { credentials: toStatic(credentials) } : {}),
  });
  return { sts, client };
}

/** Only the key fields: never hand the SDK our provenance fields. */
function toStatic(credentials: AwsCredentialIdentity): AwsCredentialIdentity {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}

/** The retry hooks of an STS call: each retry is a debug line naming the action and the error. */
export function stsRetryOptions(context: StsContext, action: string): RetryOptions {
  return {
    onRetry: (error, attempt, ms) =>
      context.debug(`${action}: attempt ${attempt} failed (${(error as Error).name}); retrying in ${ms} ms`),
  };
}
