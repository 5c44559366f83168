import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.ts';
import { failure } from './test/chain-context.ts';
import { assumedXml, errorXml, type FakeSts, startFakeSts } from './test/fake-sts.ts';

const ROLE = 'arn:aws:iam::123456789012:role/oidc';
const params = { roleArn: ROLE, sessionName: 'ci', durationSeconds: 900, tokenSource: 'GitHub OIDC' };
let sts: FakeSts | undefined;
afterEach(async () => sts?.close());

describe('assumeRoleWithWebIdentity', () => {
  it('fetches a fresh token for every attempt', async () => {
    let calls = 0;
    sts = await startFakeSts(() =>
      ++calls === 1
        ? errorXml('Throttling', 'Rate exceeded', 400)
        : { xml: assumedXml('AssumeRoleWithWebIdentity', 'ASIAOIDC', `${ROLE}/ci`) },
    );
    let token = 0;
    const role = await assumeRoleWithWebIdentity(sts.context, async () => `jwt-${++token}`, params, {
      maxAttempts: 3,
      totalMs: 10_000,
    });
    expect(role).toMatchObject({ accessKeyId: 'ASIAOIDC', assumedRoleArn: `${ROLE}/ci` });
    expect(sts.requests.map((r) => r.WebIdentityToken)).toEqual(['jwt-1', 'jwt-2']);
    expect(sts.requests[1]).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'ci', DurationSeconds: '900' });
  });

  it('a refused token fails at once, naming the role and where the token came from', async () => {
    sts = await startFakeSts(() =>
      errorXml('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
    );
    const error = await failure(
      assumeRoleWithWebIdentity(sts.context, async () => 'jwt', params, { maxAttempts: 3, totalMs: 10_000 }),
    );
    expect(error.message).toMatch(
      /^AssumeRoleWithWebIdentity on arn:aws:iam::123456789012:role\/oidc with a token from GitHub OIDC failed: AccessDenied/,
    );
    expect(sts.requests).toHaveLength(1);
  });
});
