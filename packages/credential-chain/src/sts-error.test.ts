import { CiKitError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { stsError } from './sts-error.ts';

/** An error as the SDK throws it for an AWS answer. */
function awsAnswer(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('stsError', () => {
  it("one line naming the call, with the chain's fix for a refusal", () => {
    const error = stsError(awsAnswer('AccessDenied', 'not authorized', 403), 'AssumeRole on arn:r');
    expect(error.message).toMatch(/^AssumeRole on arn:r failed: AccessDenied/);
    expect(error.hint).toBe(
      "Check the role's trust policy (principal, external id, session tags) and the caller's permissions.",
    );
  });

  it('a CiKitError passes through untouched', () => {
    const own = new CiKitError('input', 'Mine.', { code: 'InputInvalid' });
    expect(stsError(own, 'AssumeRole')).toBe(own);
  });
});
