import { type ChainContext } from './chain-context.ts';
import type { SourcedCredentialsProvider } from './types.ts';
/** Source 1: access key id, secret access key and session token given as step inputs. */
export declare function fromStepInputs(context: ChainContext): SourcedCredentialsProvider;
