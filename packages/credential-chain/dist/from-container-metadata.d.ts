import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/** Source 7a: ECS/EKS container credentials, when AWS_CONTAINER_CREDENTIALS_*_URI is set. */
export declare function fromContainerMetadata(context: ChainContext): SourcedCredentialsProvider;
