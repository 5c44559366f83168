import { describe, expect, it } from 'vitest';
import { assumeRoleHops } from './assume-role-hops.ts';
import { chainContext } from './test/chain-context.ts';

const base = {
  accessKeyId: 'AKIA',
  secretAccessKey: 'S',
  source: 'profile `web` (web-identity)',
  assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/s',
  role: { roleArn: 'arn:aws:iam::123456789012:role/next', from: 'AWS_ROLE_ARN' },
};

describe('assumeRoleHops', () => {
  it('no role to assume: the source credentials, and the role they already belong to', async () => {
    const { ctx } = chainContext({ inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:role/input' } });
    expect(await assumeRoleHops(ctx, base, { sourceRole: false, inputRole: false })).toEqual({
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'S' },
      source: 'profile `web` (web-identity)',
      roleArn: 'arn:aws:sts::123456789012:assumed-role/web/s',
    });
  });

  it('the input role is not assumed again when the source already used it', async () => {
    const { ctx } = chainContext({ inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:role/input' } });
    const used = { accessKeyId: 'AKIA', secretAccessKey: 'S', source: 'OIDC', usedInputRole: true };
    expect(await assumeRoleHops(ctx, used, { sourceRole: true, inputRole: true })).toEqual({
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'S' },
      source: 'OIDC',
    });
  });
});
