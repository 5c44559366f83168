import { describe, expect, it } from 'vitest';
import { assumedRoleFrom } from './assumed-role-from.ts';

describe('assumedRoleFrom', () => {
  it("reads the role's credentials and the assumed role's ARN", () => {
    expect(
      assumedRoleFrom(
        {
          Credentials: {
            AccessKeyId: 'ASIA',
            SecretAccessKey: 'S',
            SessionToken: 'T',
            Expiration: '2030-01-01T00:00:00Z',
          },
          AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
        },
        'AssumeRole',
        'arn:aws:iam::123456789012:role/r',
      ),
    ).toEqual({
      accessKeyId: 'ASIA',
      secretAccessKey: 'S',
      sessionToken: 'T',
      expiration: new Date('2030-01-01T00:00:00Z'),
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
    });
    expect(
      assumedRoleFrom({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S' } }, 'AssumeRole', 'arn:r'),
    ).toEqual({ accessKeyId: 'A', secretAccessKey: 'S', assumedRoleArn: 'arn:r' });
  });

  it('an answer without keys is not an AWS response', () => {
    expect(() => assumedRoleFrom({}, 'AssumeRole on arn:r', 'arn:r')).toThrow(
      'AssumeRole on arn:r returned no credentials: the answer is not an AWS response.',
    );
  });
});
