import { describe, expect, it } from 'vitest';
import { fromEnvironment } from './from-environment.ts';
import { chainContext, failure } from './test/chain-context.ts';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };

describe('fromEnvironment', () => {
  it('falls through without keys, and with unset-current-credentials', async () => {
    expect(await failure(fromEnvironment(chainContext({}).ctx)())).toMatchObject({
      message: 'No credentials from the environment.',
      tryNextLink: true,
    });
    const unset = chainContext({ inputs: { 'unset-current-credentials': 'true' }, env: KEYS });
    expect(await failure(fromEnvironment(unset.ctx)())).toMatchObject({
      message: 'No credentials from the environment (unset-current-credentials).',
      tryNextLink: true,
    });
  });

  it('names the half that is missing', async () => {
    const id = chainContext({ env: { AWS_ACCESS_KEY_ID: 'AKIA' } });
    expect(await failure(fromEnvironment(id.ctx)())).toEqual({
      message: 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.',
      hint: 'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or unset both.',
      tryNextLink: false,
      code: 'EnvironmentIncomplete',
    });
    const secret = chainContext({ env: { AWS_SECRET_ACCESS_KEY: 's' } });
    expect(await failure(fromEnvironment(secret.ctx)())).toMatchObject({
      message: 'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not.',
    });
  });

  it('reads keys, token and expiration, masks them, and passes AWS_ROLE_ARN on as a role', async () => {
    const expiration = '2030-01-02T03:04:05.000Z';
    const { ctx, record } = chainContext({
      env: {
        ...KEYS,
        AWS_SESSION_TOKEN: 'env-token',
        AWS_CREDENTIAL_EXPIRATION: expiration,
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/next',
        AWS_ROLE_SESSION_NAME: 'mine',
      },
    });
    expect(await fromEnvironment(ctx)()).toEqual({
      accessKeyId: 'AKIAENV',
      secretAccessKey: 'env-secret',
      sessionToken: 'env-token',
      expiration: new Date(expiration),
      source: 'environment',
      role: { roleArn: 'arn:aws:iam::123456789012:role/next', from: 'AWS_ROLE_ARN', sessionName: 'mine' },
    });
    expect(record.masked).toEqual(new Set(['AKIAENV', 'env-secret', 'env-token']));
  });

  it('ignores an unreadable expiration, and AWS_ROLE_ARN when a token file names the role', async () => {
    const { ctx } = chainContext({
      env: {
        ...KEYS,
        AWS_CREDENTIAL_EXPIRATION: 'soon',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/web',
        AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
      },
    });
    expect(await fromEnvironment(ctx)()).toEqual({
      accessKeyId: 'AKIAENV',
      secretAccessKey: 'env-secret',
      source: 'environment',
    });
  });
});
