import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAwsSession } from './resolve-aws-session.ts';
import { failure } from './test/chain-context.ts';
import { type FakeSts, identityXml, startFakeSts } from './test/fake-sts.ts';

describe('resolveAwsSession', () => {
  it('rejects a region that is not a region code before any AWS call', async () => {
    const runtime = recordingRuntime({ inputs: { 'aws-region': 'Frankfurt' } });
    expect(await failure(resolveAwsSession(runtime))).toMatchObject({
      message: '"frankfurt" from input `aws-region` is not an AWS region.',
    });
  });

  it('force-skip-oidc with a role and nothing to assume it with is an error', async () => {
    const runtime = recordingRuntime({
      inputs: { 'force-skip-oidc': 'true', 'role-to-assume': 'arn:aws:iam::123456789012:role/r' },
    });
    expect(await failure(resolveAwsSession(runtime))).toEqual({
      message:
        '`force-skip-oidc` is true and `role-to-assume` is set, but there are no keys and no token file to assume it with.',
      hint: 'Set `aws-access-key-id` or `web-identity-token-file`, or drop `force-skip-oidc`.',
      tryNextLink: false,
      code: 'InputMissing',
    });
  });

  it('no source at all: the CI says what it tried and how to fix it', async () => {
    const runtime = recordingRuntime({
      rules: { credentialSources: 'inputs and the environment', noCredentialsHint: 'Set the keys.' },
      inputs: { 'aws-region': 'eu-central-1' },
      env: { HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(await failure(resolveAwsSession(runtime))).toEqual({
      message: 'No AWS credentials found: tried inputs and the environment.',
      hint: 'Set the keys.',
      tryNextLink: false,
      code: 'CredentialsNotFound',
    });
  });

  it('re-runs the chain when the credentials are within five minutes of expiry', async () => {
    const environment: Record<string, string> = {
      AWS_ACCESS_KEY_ID: 'AKIAFIRST',
      AWS_SECRET_ACCESS_KEY: 'first-secret',
      AWS_SESSION_TOKEN: 'first-token',
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 60_000).toISOString(),
    };
    const runtime = recordingRuntime({
      env: environment,
      inputs: { 'aws-region': 'eu-central-1', 'verify-identity': 'false' },
    });
    const session = await resolveAwsSession(runtime);
    expect(session.source).toBe('environment');
    expect(session.regionSource).toBe('input `aws-region`');
    expect(session.identity).toBeUndefined();
    expect(session.verified).toBeUndefined();
    expect((await session.credentials()).accessKeyId).toBe('AKIAFIRST');
    environment.AWS_ACCESS_KEY_ID = 'AKIASECOND';
    environment.AWS_SECRET_ACCESS_KEY = 'second-secret';
    environment.AWS_CREDENTIAL_EXPIRATION = new Date(Date.now() + 3600_000).toISOString();
    expect((await session.credentials()).accessKeyId).toBe('AKIASECOND');
    expect((await session.credentials()).accessKeyId).toBe('AKIASECOND');
    expect(runtime.masks).toEqual(expect.arrayContaining(['first-secret', 'second-secret']));
    expect(runtime.logText()).toContain('Refreshing AWS credentials before they expire.');
  });

  it('clientConfig: region, credentials, at most 5 attempts, the call logger only when asked', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'S' };
    const inputs = { 'aws-region': 'eu-west-1', 'verify-identity': 'false', 'retry-max-attempts': '9' };
    const plain = await resolveAwsSession(recordingRuntime({ env, inputs }));
    expect(plain.retryMaxAttempts).toBe(9);
    expect(plain.clientConfig()).toMatchObject({ region: 'eu-west-1', maxAttempts: 5 });
    expect(plain.clientConfig()).not.toHaveProperty('logger');
    expect(plain.clientConfig().credentials).toBe(plain.credentials);
    const logged = await resolveAwsSession(
      recordingRuntime({ env, inputs: { ...inputs, 'log-request': 'true' } }),
    );
    expect(logged.clientConfig()).toHaveProperty('logger');
  });
});

describe('the identity check alongside the first call', () => {
  let sts: FakeSts | undefined;
  afterEach(async () => sts?.close());
  const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAKEYS', AWS_SECRET_ACCESS_KEY: 'keys-secret', HOME: '/nonexistent' };

  async function session(inputs: Record<string, string>) {
    sts = await startFakeSts(() => ({
      xml: identityXml('arn:aws:iam::123456789012:user/ci', '123456789012'),
    }));
    const runtime = recordingRuntime({
      env: { ...KEYS, AWS_EC2_METADATA_DISABLED: 'true' },
      inputs: { 'aws-region': 'eu-central-1', 'sts-endpoint': sts.context.endpoint ?? '', ...inputs },
    });
    return { runtime, session: await resolveAwsSession(runtime, { verifyAlongside: true }) };
  }

  it('comes back at once, the check under way, when nothing it guards is asked for', async () => {
    const { session: s } = await session({});
    expect(s.identity).toBeUndefined();
    await expect(s.verified).resolves.toMatchObject({ account: '123456789012' });
  });

  it.each([
    ['mask-aws-account-id', 'true'],
    ['allowed-account-ids', '123456789012'],
  ])(
    'runs first when %s is set: the account is checked and masked before the session is used',
    async (name, value) => {
      const { runtime, session: s } = await session({ [name]: value });
      expect(s.identity).toMatchObject({ account: '123456789012' });
      if (name === 'mask-aws-account-id') expect(runtime.masks).toContain('123456789012');
    },
  );
});
