import { describe, expect, it } from 'vitest';
import { fromPipelineVariables } from './from-pipeline-variables.ts';
import { chainContext, failure, TOOLKIT_NAMES } from './test/chain-context.ts';

describe('fromPipelineVariables', () => {
  it('falls through without AWS.* keys', async () => {
    expect(await failure(fromPipelineVariables(chainContext({}).ctx)())).toMatchObject({
      message: 'No credentials from pipeline variables.',
      tryNextLink: true,
    });
  });

  it('reports the half that is missing', async () => {
    const vars = chainContext({ rules: TOOLKIT_NAMES, variables: { 'AWS.SecretAccessKey': 's' } });
    expect(await failure(fromPipelineVariables(vars.ctx)())).toEqual({
      message: 'Pipeline variable AWS.SecretAccessKey is set but AWS.AccessKeyID is not.',
      hint: 'Define both AWS.AccessKeyID and AWS.SecretAccessKey (as a secret), or neither.',
      tryNextLink: false,
      code: 'VariableMissing',
    });
  });

  it("returns the keys, masked, with the Toolkit's role and its default session name", async () => {
    const { ctx, record } = chainContext({
      variables: {
        'AWS.AccessKeyID': 'AKIAVAR',
        'AWS.SecretAccessKey': 'var-secret',
        'AWS.SessionToken': 'var-token',
        'AWS.AssumeRoleArn': 'arn:aws:iam::123456789012:role/deploy',
        'AWS.ExternalId': 'ext',
      },
    });
    expect(await fromPipelineVariables(ctx)()).toEqual({
      accessKeyId: 'AKIAVAR',
      secretAccessKey: 'var-secret',
      sessionToken: 'var-token',
      source: 'pipeline variables AWS.*',
      role: {
        roleArn: 'arn:aws:iam::123456789012:role/deploy',
        from: 'pipeline variable AWS.AssumeRoleArn',
        externalId: 'ext',
        sessionName: 'aws-vsts-tools',
      },
    });
    expect(record.masks).toEqual(['AKIAVAR', 'var-secret', 'var-token']);
  });
});
