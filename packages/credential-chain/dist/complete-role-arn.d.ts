import type { RetryPolicy } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { StsContext } from './sts-session.ts';
/**
 * A role ARN, or a role name (optionally with a path, `team/deployer`) completed with the
 * caller's account and partition: `arn:<partition>:iam::<account>:role/<name>`.
 */
export declare function completeRoleArn(role: string, context: StsContext, source: AwsCredentialIdentity, retry: RetryPolicy, sourceName: string, 
/** Where the role came from (`input \`role-to-assume\``), named in errors. */
from?: string): Promise<string>;
