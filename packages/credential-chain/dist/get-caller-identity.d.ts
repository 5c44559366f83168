import type { RetryPolicy } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { type StsContext } from './sts-session.ts';
import type { CallerIdentity } from './types.ts';
/** STS GetCallerIdentity with bounded retries. */
export declare function getCallerIdentity(context: StsContext, credentials: AwsCredentialIdentity, retry: RetryPolicy, sourceName: string): Promise<CallerIdentity>;
