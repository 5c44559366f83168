import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleHops } from './assume-role-hops.ts';
import { chainContext } from './test/chain-context.ts';
import { assumedXml, type FakeSts, identityXml, startFakeSts } from './test/fake-sts.ts';

let sts: FakeSts | undefined;
afterEach(async () => sts?.close());

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

describe('assumeRoleHops through STS', () => {
  it("the source's role (a name, completed with the caller's account), then the input's, chained to one hour", async () => {
    sts = await startFakeSts((form) =>
      form.Action === 'GetCallerIdentity'
        ? { xml: identityXml('arn:aws:iam::123456789012:user/ci', '123456789012') }
        : {
            xml: assumedXml('AssumeRole', `ASIA${form.RoleSessionName?.toUpperCase()}`, `${form.RoleArn}/s`),
          },
    );
    const { ctx, record } = chainContext({
      inputs: {
        'role-to-assume': 'arn:aws:iam::123456789012:role/second',
        'role-session-name': 'second',
        'role-duration-seconds': '7200',
        'custom-tags': '{"Team": "web"}',
        'inline-session-policy': '{"Version":"2012-10-17"}',
      },
    });
    const env = {
      accessKeyId: 'AKIA',
      secretAccessKey: 'S',
      source: 'environment',
      role: { roleArn: 'deploy', from: 'AWS_ROLE_ARN', sessionName: 'first' },
    };
    const resolution = await assumeRoleHops({ ...ctx, sts: sts.context }, env, {
      sourceRole: true,
      inputRole: true,
    });
    expect(resolution).toEqual({
      credentials: {
        accessKeyId: 'ASIASECOND',
        secretAccessKey: 'secret-of-ASIASECOND',
        sessionToken: 'token-of-ASIASECOND',
        expiration: new Date('2030-01-01T00:00:00Z'),
      },
      source:
        'environment -> role arn:aws:iam::123456789012:role/deploy -> role arn:aws:iam::123456789012:role/second',
      roleArn: 'arn:aws:iam::123456789012:role/second/s',
    });
    const [who, first, second] = sts.requests;
    expect(who?.Action).toBe('GetCallerIdentity');
    expect(first).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      DurationSeconds: '7200',
    });
    expect(first).not.toHaveProperty('Tags.member.1.Key');
    expect(first).not.toHaveProperty('Policy');
    expect(second).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/second',
      RoleSessionName: 'second',
      DurationSeconds: '3600',
      Policy: '{"Version":"2012-10-17"}',
    });
    expect(Object.entries(second ?? {})).toContainEqual(['Tags.member.1.Value', expect.any(String)]);
    expect(Object.values(second ?? {})).toContain('Team');
    expect(record.masked).toEqual(
      new Set([
        'ASIAFIRST',
        'secret-of-ASIAFIRST',
        'token-of-ASIAFIRST',
        'ASIASECOND',
        'secret-of-ASIASECOND',
        'token-of-ASIASECOND',
      ]),
    );
  });
});
