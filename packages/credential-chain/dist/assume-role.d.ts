import type { RetryPolicy } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { SessionTag } from './session-tags.ts';
import { type StsContext } from './sts-session.ts';
export interface AssumeRoleParams {
    readonly roleArn: string;
    readonly sessionName: string;
    readonly durationSeconds: number;
    readonly externalId?: string;
    readonly tags?: readonly SessionTag[];
    /** Tag keys passed on to roles assumed from this session; only keys among `tags` are sent. */
    readonly transitiveTagKeys?: readonly string[];
    /** Inline session policy (JSON). */
    readonly policy?: string;
    readonly policyArns?: readonly string[];
    /** Where the source credentials came from, for messages. */
    readonly sourceName: string;
}
export interface AssumedRole extends AwsCredentialIdentity {
    readonly assumedRoleArn: string;
}
/**
 * STS AssumeRole with the source credentials: external id, session tags (dropped and retried
 * once if AWS says the packed policy is too large), session policies, bounded retries for
 * retryable errors only. AccessDenied fails at once with one line.
 */
export declare function assumeRole(context: StsContext, source: AwsCredentialIdentity, params: AssumeRoleParams, retry: RetryPolicy): Promise<AssumedRole>;
