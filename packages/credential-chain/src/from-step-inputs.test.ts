import { describe, expect, it } from 'vitest';
import { fromStepInputs } from './from-step-inputs.ts';
import { chainContext, failure, TOOLKIT_NAMES } from './test/chain-context.ts';

describe('fromStepInputs', () => {
  it('falls through when no key is set', async () => {
    expect(await failure(fromStepInputs(chainContext({}).ctx)())).toEqual({
      message: 'No credentials from step inputs.',
      hint: undefined,
      tryNextLink: true,
      code: 'SourceNotConfigured',
    });
  });

  it('names the half that is missing, and stops the chain', async () => {
    const half = chainContext({ inputs: { 'aws-access-key-id': 'AKIA' } });
    expect(await failure(fromStepInputs(half.ctx)())).toEqual({
      message: 'Input `aws-access-key-id` is set but `aws-secret-access-key` is not.',
      hint: 'Set both `aws-access-key-id` and `aws-secret-access-key`, or neither.',
      tryNextLink: false,
      code: 'InputMissing',
    });
    const other = chainContext({ rules: TOOLKIT_NAMES, inputs: { awsSecretAccessKey: 'S' } });
    expect(await failure(fromStepInputs(other.ctx)())).toMatchObject({
      message: 'Input `awsSecretAccessKey` is set but `awsAccessKeyId` is not.',
      hint: 'Set both `awsAccessKeyId` and `awsSecretAccessKey`, or neither.',
    });
  });

  it('a session token without keys is an error, not a fall-through', async () => {
    const token = chainContext({ inputs: { 'aws-session-token': 'T' } });
    expect(await failure(fromStepInputs(token.ctx)())).toEqual({
      message: 'Input `aws-session-token` is set without an access key.',
      hint: 'Set `aws-access-key-id` and `aws-secret-access-key` too, or remove the session token.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
  });

  it('returns the keys, masked when the settings were read', async () => {
    const ok = chainContext({
      inputs: { 'aws-access-key-id': 'AKIA', 'aws-secret-access-key': 'S3CRET', 'aws-session-token': 'TOK' },
    });
    expect(await fromStepInputs(ok.ctx)()).toEqual({
      accessKeyId: 'AKIA',
      secretAccessKey: 'S3CRET',
      sessionToken: 'TOK',
      source: 'step inputs',
    });
    expect(ok.record.masks).toEqual(['AKIA', 'S3CRET', 'TOK']);
  });
});
