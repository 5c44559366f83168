import { describe, expect, it } from 'vitest';
import { createSsmClient, ssmError } from '../src/ssm/index.ts';

describe('createSsmClient', () => {
  it("uses adaptive retry with enough attempts, over the session's own handler", async () => {
    const handler = {
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      handle: async () => {
        throw new Error('not used');
      },
    };
    const client = createSsmClient({
      region: 'eu-central-1',
      credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      requestHandler: handler,
      maxAttempts: 3,
      retryStrategy: 'ignored',
    });
    expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(8);
    expect(client.config.requestHandler).toBe(handler);
    client.destroy();
  });
});

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
