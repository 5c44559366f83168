import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { checkIdentity } from './check-identity.ts';
import { failure, TOOLKIT_NAMES } from './test/chain-context.ts';

const identity = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ci', userId: 'AIDA' };
const call = async () => identity;

describe('checkIdentity', () => {
  it('returns the identity, masking the account only when asked', async () => {
    const plain = recordingRuntime({});
    expect(await checkIdentity(plain, { maskAccountId: false, allowedAccountIds: [] }, call)).toBe(identity);
    expect(plain.masks).toEqual([]);
    const masked = recordingRuntime({});
    await checkIdentity(masked, { maskAccountId: true, allowedAccountIds: ['123456789012'] }, call);
    expect(masked.masks).toEqual(['123456789012']);
  });

  it('an account allowed-account-ids does not list is refused, in the words of the CI', async () => {
    const runtime = recordingRuntime({ rules: TOOLKIT_NAMES });
    const settings = { maskAccountId: false, allowedAccountIds: ['210987654321', '111111111111'] };
    expect(await failure(checkIdentity(runtime, settings, call))).toEqual({
      message: 'The credentials belong to account 123456789012, which `allowedAccountIds` does not list.',
      hint: 'Use credentials for one of 210987654321, 111111111111, or add the account to `allowedAccountIds`.',
      tryNextLink: false,
      code: 'AccountNotAllowed',
    });
  });
});
