import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/**
 * Source 6: a named profile in the shared config and credentials files: static keys,
 * `source_profile` chains, `credential_process`, SSO (`sso-session` and a cached token).
 * The profile is checked first, so a malformed one names its file, profile and bad key;
 * the SDK's providers (`fromSSO`, `fromProcess`, `fromIni`) then resolve it.
 */
export declare function fromSharedProfile(context: ChainContext): SourcedCredentialsProvider;
