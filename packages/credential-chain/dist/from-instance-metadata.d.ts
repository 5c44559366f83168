import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 7b: EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED=true. Not being on
 * EC2 is "not configured": the chain then reports that no source had credentials.
 */
export declare function fromInstanceMetadata(context: ChainContext): SourcedCredentialsProvider;
