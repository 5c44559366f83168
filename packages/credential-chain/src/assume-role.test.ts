import { afterEach, describe, expect, it } from 'vitest';
import { assumeRole } from './assume-role.ts';
import { failure } from './test/chain-context.ts';
import { assumedXml, errorXml, type FakeSts, startFakeSts } from './test/fake-sts.ts';

const keys = { accessKeyId: 'AKIA', secretAccessKey: 'S' };
const retry = { maxAttempts: 2, totalMs: 5000 };
const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/deploy/ci';
let sts: FakeSts | undefined;
afterEach(async () => sts?.close());

describe('assumeRole', () => {
  it('sends the role, session, external id, tags (transitive only when tagged) and policies', async () => {
    sts = await startFakeSts(() => ({ xml: assumedXml('AssumeRole', 'ASIAROLE', ASSUMED) }));
    const role = await assumeRole(
      sts.context,
      keys,
      {
        roleArn: ROLE,
        sessionName: 'ci',
        durationSeconds: 900,
        externalId: 'ext',
        tags: [{ Key: 'Team', Value: 'web' }],
        transitiveTagKeys: ['Team', 'Absent'],
        policy: '{"Version":"2012-10-17"}',
        policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        sourceName: 'environment',
      },
      retry,
    );
    expect(role).toEqual({
      accessKeyId: 'ASIAROLE',
      secretAccessKey: 'secret-of-ASIAROLE',
      sessionToken: 'token-of-ASIAROLE',
      expiration: new Date('2030-01-01T00:00:00Z'),
      assumedRoleArn: ASSUMED,
    });
    expect(sts.requests).toEqual([
      {
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: ROLE,
        RoleSessionName: 'ci',
        DurationSeconds: '900',
        ExternalId: 'ext',
        'Tags.member.1.Key': 'Team',
        'Tags.member.1.Value': 'web',
        'TransitiveTagKeys.member.1': 'Team',
        Policy: '{"Version":"2012-10-17"}',
        'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      },
    ]);
  });

  it('drops the tags and asks once more when AWS says the packed policy is too large', async () => {
    sts = await startFakeSts((form) =>
      form['Tags.member.1.Key']
        ? errorXml('PackedPolicyTooLarge', 'too large', 400)
        : { xml: assumedXml('AssumeRole', 'ASIANOTAGS', ASSUMED) },
    );
    const params = { roleArn: ROLE, sessionName: 'ci', durationSeconds: 900, sourceName: 'environment' };
    const role = await assumeRole(
      sts.context,
      keys,
      { ...params, tags: [{ Key: 'Team', Value: 'web' }] },
      retry,
    );
    expect(role.accessKeyId).toBe('ASIANOTAGS');
    expect(sts.requests.map((r) => r['Tags.member.1.Key'])).toEqual(['Team', undefined]);
  });

  it('AccessDenied fails at once, in one line naming the role and the source', async () => {
    sts = await startFakeSts(() => errorXml('AccessDenied', 'not authorized to perform sts:AssumeRole'));
    const params = { roleArn: ROLE, sessionName: 'ci', durationSeconds: 900, sourceName: 'environment' };
    const error = await failure(assumeRole(sts.context, keys, params, retry));
    expect(error.message).toMatch(
      /^AssumeRole on arn:aws:iam::123456789012:role\/deploy with credentials from environment failed: AccessDenied/,
    );
    expect(error.hint).toBe(
      "Check the role's trust policy (principal, external id, session tags) and the caller's permissions.",
    );
    expect(sts.requests).toHaveLength(1);
  });
});
