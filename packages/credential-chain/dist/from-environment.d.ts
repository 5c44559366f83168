import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 5: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (and AWS_ROLE_ARN as a
 * role to assume with them). Read through the runtime, not process.env, because on Azure Pipelines
 * secret variables set by an earlier task are visible to the task library only; masked before the
 * CI library can print them (see readSecretVariable).
 */
export declare function fromEnvironment(context: ChainContext): SourcedCredentialsProvider;
