import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 2: an Azure Pipelines AWS service connection, with the AWS Toolkit's fields, so existing
 * connections keep working: keys (+ session token), a role to assume with an external id, or OIDC
 * (workload identity federation: the job's token for this connection, exchanged with
 * AssumeRoleWithWebIdentity). A connection with only a role uses the ambient credentials
 * (environment, profile, instance profile) to assume it, as the Toolkit does.
 */
export declare function fromServiceConnection(context: ChainContext, ambient: SourcedCredentialsProvider): SourcedCredentialsProvider;
