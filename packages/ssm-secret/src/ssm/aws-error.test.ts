import { describe, expect, it } from 'vitest';
import { ssmError } from './aws-error.ts';

describe('ssmError', () => {
  const sdk = (name: string, message: string, status: number, attempts = 1) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts } });

  it('AccessDenied names the IAM action on one line', () => {
    const e = ssmError(
      sdk(
        'AccessDeniedException',
        'User: arn:aws:sts::1:assumed-role/r/s is not authorized\n to perform: ssm:GetParameters',
        400,
      ),
      'ssm:GetParameters',
      '/a',
    );
    expect(e.kind).toBe('permission');
    expect(e.message).toBe(
      'AWS denied ssm:GetParameters for /a: User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ssm:GetParameters',
    );
    expect(e.hint).toContain('Allow ssm:GetParameters');
  });
  it('a KMS denial points at kms:Decrypt', () => {
    const e = ssmError(
      sdk('AccessDeniedException', 'not authorized to perform: kms:Decrypt', 400),
      'ssm:GetParameters',
      '/a',
    );
    expect(e.message).toMatch(/^AWS denied kms:Decrypt/);
    expect(e.hint).toContain('with-decryption');
  });
  it('classifies credentials, throttling, network and server errors', () => {
    expect(ssmError(sdk('UnrecognizedClientException', 'bad token', 400), 'x', 'y').kind).toBe('credentials');
    expect(ssmError(sdk('ThrottlingException', 'Rate exceeded', 400, 8), 'x', 'y').message).toContain(
      'after 8 attempts',
    );
    expect(ssmError(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }), 'x', 'y').kind).toBe(
      'network',
    );
    expect(ssmError(sdk('InternalFailure', 'boom', 500, 3), 'x', 'y').message).toContain('HTTP 500');
  });
});
