/**
 * Faults from the loopback fault proxy in front of moto: retryable errors recover within the
 * bound, AccessDenied and expired tokens fail at once in one line, an unreachable endpoint fails
 * in bounded time, and an OIDC token is fetched again for every attempt.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../support/aws/fault-proxy.ts';
import { freePort } from '../support/aws/moto.ts';
import { type Ci, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { NAMES } from './support/names.ts';

let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});
afterEach(() => t?.proxy.setPlan(() => 'pass'));

const keysAndRole = (ci: Ci, extra: Record<string, string> = {}) => {
  const n = NAMES[ci];
  return {
    [n.region]: t.bed.region,
    [n.keyId]: t.bed.toolkitUser.accessKeyId,
    [n.secret]: t.bed.toolkitUser.secretAccessKey,
    [n.role]: t.bed.roles.pipeline.arn,
    [n.externalId]: t.bed.externalId,
    ...extra,
  };
};

const callsSince = (start: number, action?: string) =>
  t.proxy
    .calls()
    .slice(start)
    .filter((c) => !action || c.action === action)
    .map((c) => c.status);

describe.each(['github', 'azure'] as const)('faults on %s', (ci: Ci) => {
  const n = NAMES[ci];

  it('throttling and 5xx recover within the bound', async () => {
    t.proxy.setPlan(({ action, n: count }) =>
      action === 'AssumeRole' && count <= 2
        ? THROTTLE
        : action === 'GetCallerIdentity' && count === 1
          ? { status: 503 }
          : 'pass',
    );
    const start = t.proxy.calls().length;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: keysAndRole(ci),
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(callsSince(start, 'AssumeRole')).toEqual([400, 400, 200]);
    expect(callsSince(start, 'GetCallerIdentity')).toEqual([503, 200]);
    expect(main.durationMs).toBeLessThan(15_000);
  }, 60_000);

  it('AccessDenied fails at once (one call, one line)', async () => {
    const start = t.proxy.calls().length;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: keysAndRole(ci, { [n.role]: t.bed.roles.noEcr.arn, [n.externalId]: 'wrong' }),
    });
    expect(main.exitCode).toBe(1);
    expect(callsSince(start, 'AssumeRole')).toEqual([403]);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(
      /^AssumeRole on .*no-ecr-role with credentials from step inputs failed: AccessDenied: .* Fix: Check the role's trust policy/,
    );
  }, 60_000);

  it('an expired token fails at once with the fix', async () => {
    t.proxy.setPlan(({ action }) =>
      action === 'AssumeRole'
        ? {
            status: 400,
            code: 'ExpiredToken',
            message: 'The security token included in the request is expired',
          }
        : 'pass',
    );
    const start = t.proxy.calls().length;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: keysAndRole(ci),
    });
    expect(main.exitCode).toBe(1);
    expect(callsSince(start, 'AssumeRole')).toEqual([400]);
    expect(main.errors).toEqual([
      expect.stringMatching(
        /failed: ExpiredToken: The security token included in the request is expired Fix: The source credentials have expired/,
      ),
    ]);
  }, 60_000);

  it('an unreachable endpoint fails in bounded time, in one line', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: closed },
      secretInputs: [n.keyId, n.secret],
      inputs: keysAndRole(ci, { [n.retries]: '4' }),
    });
    expect(main.exitCode).toBe(1);
    expect(main.durationMs).toBeLessThan(10_000);
    expect(main.errors).toEqual([
      expect.stringMatching(
        /^AssumeRole on .* failed: .*ECONNREFUSED.*\(the connection was refused\) Fix: The connection was refused: check the endpoint URL/,
      ),
    ]);
  }, 60_000);
});

describe('OIDC retries', () => {
  it('fetches a fresh GitHub token for every AssumeRoleWithWebIdentity attempt', async () => {
    t.proxy.setPlan(({ action, n: count }) =>
      action === 'AssumeRoleWithWebIdentity' && count <= 2 ? THROTTLE : 'pass',
    );
    const before = t.oidc.requests().length;
    const { main } = await runStep('github', BUNDLES.github, {
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
      },
      inputs: { 'aws-region': t.bed.region, 'role-to-assume': t.bed.roles.pipeline.arn },
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(t.oidc.requests().length - before).toBe(3);
  }, 60_000);

  it('a token endpoint that keeps failing is not replaced by another source', async () => {
    t.oidc.failNext(50, 500);
    try {
      const { main } = await runStep('github', BUNDLES.github, {
        env: {
          AWS_ENDPOINT_URL: t.endpoint,
          ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
          AWS_ACCESS_KEY_ID: t.bed.toolkitUser.accessKeyId,
          AWS_SECRET_ACCESS_KEY: t.bed.toolkitUser.secretAccessKey,
        },
        inputs: {
          'aws-region': t.bed.region,
          'role-to-assume': t.bed.roles.pipeline.arn,
          'retry-max-attempts': '2',
        },
      });
      expect(main.exitCode).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toMatch(/^AssumeRoleWithWebIdentity on .* with a token from GitHub OIDC/);
    } finally {
      t.oidc.failNext(0, 500);
    }
  }, 60_000);
});
