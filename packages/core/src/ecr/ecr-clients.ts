import { ECRClient } from '@aws-sdk/client-ecr';
import { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { resolveAwsSession } from '../credentials/index.ts';
import type { CiRuntime } from '../runtime.ts';

export type { ECRClient } from '@aws-sdk/client-ecr';
export type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

/** An ECR client with the credentials and region of the step's credential chain. */
export async function createEcrClient(runtime: CiRuntime): Promise<ECRClient> {
  return new ECRClient((await resolveAwsSession(runtime)).clientConfig());
}

/** An ECR Public client (its API is served from us-east-1 only). */
export async function createEcrPublicClient(runtime: CiRuntime): Promise<ECRPUBLICClient> {
  return new ECRPUBLICClient({ ...(await resolveAwsSession(runtime)).clientConfig(), region: 'us-east-1' });
}
