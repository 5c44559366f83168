import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 3: the AWS Toolkit's pipeline variables `AWS.AccessKeyID`, `AWS.SecretAccessKey`,
 * `AWS.SessionToken`, with an optional role (`AWS.AssumeRoleArn`, `AWS.ExternalId`, `AWS.RoleSessionName`).
 */
export declare function fromPipelineVariables(context: ChainContext): SourcedCredentialsProvider;
