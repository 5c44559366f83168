import { describe, expect, it } from 'vitest';
import { completeRoleArn } from './complete-role-arn.ts';
import type { StsContext } from './sts-session.ts';
import { failure } from './test/chain-context.ts';

// No STS call happens for a full ARN or a refused name: the context is never used.
const sts: StsContext = { region: 'eu-central-1', requestHandler: undefined as never, debug: () => {} };
const keys = { accessKeyId: 'A', secretAccessKey: 'S' };
const retry = { maxAttempts: 1, totalMs: 1000 };

describe('completeRoleArn', () => {
  it('keeps a full role ARN as it is', async () => {
    const arn = 'arn:aws-cn:iam::123456789012:role/team/deployer';
    expect(await completeRoleArn(arn, sts, keys, retry, 'environment')).toBe(arn);
  });

  it('refuses what is neither a role ARN nor a role name, saying where it came from', async () => {
    expect(
      await failure(
        completeRoleArn('arn:aws:iam::123:role/x', sts, keys, retry, 'env', 'input `role-to-assume`'),
      ),
    ).toEqual({
      message: '"arn:aws:iam::123:role/x" from input `role-to-assume` is not a role ARN.',
      hint: 'Use arn:aws:iam::<12-digit account>:role/<name>, or just the role name.',
      tryNextLink: false,
      code: 'RoleArnInvalid',
    });
    expect(await failure(completeRoleArn('bad name!', sts, keys, retry, 'env'))).toEqual({
      message: '"bad name!" is neither a role ARN nor a role name.',
      hint: 'Use arn:aws:iam::<account>:role/<name>, or the role name.',
      tryNextLink: false,
      code: 'RoleArnInvalid',
    });
  });
});
