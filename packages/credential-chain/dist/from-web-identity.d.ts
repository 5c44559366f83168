import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 4: OIDC web identity. A token file (`web-identity-token-file` or AWS_WEB_IDENTITY_TOKEN_FILE,
 * for GitLab and other CIs), or the CI's own OIDC token for the job when `role-to-assume` is set without
 * keys and the runtime says the job may request one (`rules.jobIdToken`; GitHub: `id-token: write`). Configured but refused fails the chain.
 */
export declare function fromWebIdentity(context: ChainContext): SourcedCredentialsProvider;
