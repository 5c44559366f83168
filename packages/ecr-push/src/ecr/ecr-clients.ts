import type { CiRuntime } from '@aws-ci-kit/core';
import { resolveAwsSession } from '@aws-ci-kit/credential-chain';
import { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

export type { ECRClient } from '@aws-sdk/client-ecr';
export type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

const verifications = new WeakMap<object, Promise<unknown>>();

/**
 * The identity check of the session a client was made with, under way alongside the client's
 * first call (GetCallerIdentity beside GetAuthorizationToken: one round trip, not two); await it
 * before anything it guards (the account masked, `allowed-account-ids`) is used or printed.
 */
export function identityCheckOf(client: object): Promise<unknown> {
  return verifications.get(client) ?? Promise.resolve();
}

/** An ECR client with the credentials and region of the step's credential chain. */
export async function createEcrClient(runtime: CiRuntime): Promise<ECRClient> {
  const session = await resolveAwsSession(runtime, { verifyAlongside: true });
  runtime.log.info(`AWS credentials: ${session.source}; region ${session.region}.`);
  const client = new ECRClient(session.clientConfig());
  if (session.verified) verifications.set(client, session.verified);
  return client;
}

/** An ECR Public client (its API is served from us-east-1 only); its SDK loads only on this path. */
export async function createEcrPublicClient(runtime: CiRuntime): Promise<ECRPUBLICClient> {
  const [session, { ECRPUBLICClient }] = await Promise.all([
    resolveAwsSession(runtime),
    import('@aws-sdk/client-ecr-public'),
  ]);
  runtime.log.info(`AWS credentials: ${session.source}; ECR Public API in us-east-1.`);
  return new ECRPUBLICClient({ ...session.clientConfig(), region: 'us-east-1' });
}
