import type { RetryPolicy } from '@aws-ci-kit/core';
import { CiKitError, quoteValue } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { getCallerIdentity } from './get-caller-identity.ts';
import type { StsContext } from './sts-session.ts';

/**
 * A role ARN, or a role name (optionally with a path, `team/deployer`) completed with the
 * caller's account and partition: `arn:<partition>:iam::<account>:role/<name>`.
 */
export async function completeRoleArn(
  role: string,
  context: StsContext,
  source: AwsCredentialIdentity,
  retry: RetryPolicy,
  sourceName: string,
  /** Where the role came from (`input \`role-to-assume\``), named in errors. */
  from?: string,
): Promise<string> {
  const where = from ? ` from ${from}` : '';
  if (role.startsWith('arn:')) {
    if (!/^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) {
      throw new CiKitError('input', `${quoteValue(role)}${where} is not a role ARN.`, {
        code: 'RoleArnInvalid',
        hint: 'Use arn:aws:iam::<12-digit account>:role/<name>, or just the role name.',
      });
    }
    return role;
  }
  const name = role.replace(/^role\//, '').replace(/^\/+/, '');
  if (!/^[\w+=,.@/-]{1,512}$/.test(name)) {
    throw new CiKitError('input', `${quoteValue(role)}${where} is neither a role ARN nor a role name.`, {
      code: 'RoleArnInvalid',
      hint: 'Use arn:aws:iam::<account>:role/<name>, or the role name.',
    });
  }
  const identity = await getCallerIdentity(context, source, retry, sourceName);
  const partition = identity.arn.split(':')[1] || 'aws';
  return `arn:${partition}:iam::${identity.account}:role/${name}`;
}
