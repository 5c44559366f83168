import { describe, expect, it } from 'vitest';
import { sourceCredentials } from './source-credentials.ts';
import { chainContext, failure } from './test/chain-context.ts';

const MACHINE = { HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
const ENV_KEYS = { ...MACHINE, AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };
const INPUT_KEYS = { 'aws-access-key-id': 'AKIAIN', 'aws-secret-access-key': 'in-secret' };

describe('sourceCredentials', () => {
  it('step inputs come before the environment', async () => {
    const { ctx } = chainContext({ inputs: INPUT_KEYS, env: ENV_KEYS });
    expect(await sourceCredentials(ctx)).toMatchObject({ accessKeyId: 'AKIAIN', source: 'step inputs' });
  });

  it('ambientOnly: only what is on the machine', async () => {
    const { ctx } = chainContext({ inputs: INPUT_KEYS, env: ENV_KEYS });
    expect(await sourceCredentials(ctx, true)).toMatchObject({
      accessKeyId: 'AKIAENV',
      source: 'environment',
    });
  });

  it('pipeline variables come before the environment', async () => {
    const { ctx } = chainContext({
      env: ENV_KEYS,
      variables: { 'AWS.AccessKeyID': 'AKIAVAR', 'AWS.SecretAccessKey': 'var-secret' },
    });
    expect(await sourceCredentials(ctx)).toMatchObject({ accessKeyId: 'AKIAVAR' });
  });

  it("nothing anywhere: the CI's list of sources and its hint", async () => {
    const { ctx } = chainContext({
      rules: { credentialSources: 'inputs and the environment', noCredentialsHint: 'Set the keys.' },
      env: MACHINE,
    });
    expect(await failure(sourceCredentials(ctx))).toEqual({
      message: 'No AWS credentials found: tried inputs and the environment.',
      hint: 'Set the keys.',
      tryNextLink: false,
      code: 'CredentialsNotFound',
    });
  });
});
