/**
 * What AssumeRole sends (session tags from the run context, session policies, duration), the
 * packed-policy fallback, role chaining, allowed accounts, and a full debug run on both CIs in
 * which no secret (new or previous) is ever visible unmasked, nor stored in the step state.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, type Ci, runStep } from '../support/ci/index.ts';
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

const assumeRoleBodies = (start: number) =>
  t.proxy
    .calls()
    .slice(start)
    .filter((c) => c.action === 'AssumeRole')
    .map((c) => Object.fromEntries(new URLSearchParams(c.body)));

describe.each(['github', 'azure'] as const)('AssumeRole on %s', (ci: Ci) => {
  const n = NAMES[ci];
  const keys = () => ({
    [n.region]: t.bed.region,
    [n.keyId]: t.bed.toolkitUser.accessKeyId,
    [n.secret]: t.bed.toolkitUser.secretAccessKey,
    [n.role]: t.bed.roles.pipeline.arn,
    [n.externalId]: t.bed.externalId,
  });

  it('tags the session with the run, applies session policies and duration', async () => {
    const start = t.proxy.calls().length;
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
    };
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: {
        ...keys(),
        [ci === 'github' ? 'role-duration-seconds' : 'roleDurationSeconds']: '1800',
        [ci === 'github' ? 'custom-tags' : 'customTags']: '{"Team":"web"}',
        [ci === 'github' ? 'inline-session-policy' : 'inlineSessionPolicy']: JSON.stringify(policy),
        [ci === 'github' ? 'managed-session-policies' : 'managedSessionPolicies']:
          'arn:aws:iam::aws:policy/ReadOnlyAccess',
      },
    });
    expect(main.errors).toEqual([]);
    const [body] = assumeRoleBodies(start);
    const tags: Record<string, string> = {};
    for (let i = 1; body?.[`Tags.member.${i}.Key`]; i++) {
      tags[body[`Tags.member.${i}.Key`]!] = body[`Tags.member.${i}.Value`]!;
    }
    expect(tags).toEqual(
      ci === 'github'
        ? {
            // configure-aws-credentials' keys (trust and permission policies may test them).
            GitHub: 'Actions',
            Repository: 'octo/webapp',
            Workflow: 'build and push',
            Action: 'aws',
            Actor: 'octocat',
            Commit: 'a'.repeat(40),
            Branch: 'refs/heads/main',
            EventName: 'push',
            RunId: '4242',
            Job: 'build',
            Team: 'web',
          }
        : {
            CI: 'AzurePipelines',
            Repository: 'contoso/webapp',
            Pipeline: 'webapp-ci',
            RunId: '777',
            Commit: 'b'.repeat(40),
            Branch: 'master',
            Actor: 'Contoso Dev',
            Team: 'web',
          },
    );
    expect(body).toMatchObject({
      DurationSeconds: '1800',
      ExternalId: t.bed.externalId,
      Policy: JSON.stringify(policy),
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      RoleSessionName: ci === 'github' ? 'GitHubActions' : 'AzurePipelines-webapp-777-1',
    });
  }, 60_000);

  it('drops the tags and retries once when the packed policy is too large', async () => {
    t.proxy.setPlan(({ action, n: count }) =>
      action === 'AssumeRole' && count === 1
        ? {
            status: 400,
            code: 'PackedPolicyTooLarge',
            message: 'Packed policy consumes 130% of allotted space',
          }
        : 'pass',
    );
    const start = t.proxy.calls().length;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: keys(),
    });
    expect(main.errors).toEqual([]);
    const bodies = assumeRoleBodies(start);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.['Tags.member.1.Key']).toBe(ci === 'github' ? 'GitHub' : 'CI');
    expect(bodies[1]?.['Tags.member.1.Key']).toBeUndefined();
  }, 60_000);

  it('enforces allowed-account-ids and masks the account id when asked', async () => {
    const refused = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: { ...keys(), [n.allowedAccounts]: '111111111111, 222222222222' },
    });
    expect(refused.main.exitCode).toBe(1);
    expect(refused.main.errors).toEqual([
      `The credentials belong to account 123456789012, which \`${n.allowedAccounts}\` does not list. Fix: Use credentials for one of 111111111111, 222222222222, or add the account to \`${n.allowedAccounts}\`.`,
    ]);
    const masked = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: { ...keys(), [n.allowedAccounts]: '123456789012', [n.maskAccount]: 'true' },
    });
    expect(masked.main.errors).toEqual([]);
    expect(masked.main.masks).toContain('123456789012');
    // From the moment the step masks it (on Azure the task library's debug lines list raw inputs first).
    const events = masked.main.events;
    const from = events.findIndex((e) => e.kind === 'mask' && e.value === '123456789012');
    assertMaskedBeforeUse(ci === 'github' ? events : events.slice(from), '123456789012');
    expect(masked.main.outputs[n.accountOutput]).toBe('123456789012');
  }, 60_000);
});

describe('roles named by the AWS Toolkit settings', () => {
  it('are assumed without session tags, for aws.rolecredential.maxduration seconds', async () => {
    const start = t.proxy.calls().length;
    const { main } = await runStep('azure', BUNDLES.azure, {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      variables: {
        'AWS.AccessKeyID': { value: t.bed.toolkitUser.accessKeyId },
        'AWS.SecretAccessKey': { value: t.bed.toolkitUser.secretAccessKey, secret: true },
        'AWS.Region': { value: t.bed.region },
        'AWS.AssumeRoleArn': { value: t.bed.roles.pipeline.arn },
        'AWS.ExternalId': { value: t.bed.externalId },
        'aws.rolecredential.maxduration': { value: '1200' },
      },
    });
    expect(main.errors).toEqual([]);
    const [body, ...rest] = assumeRoleBodies(start);
    expect(rest).toEqual([]);
    expect(body).toMatchObject({ DurationSeconds: '1200', ExternalId: t.bed.externalId });
    expect(body?.['Tags.member.1.Key']).toBeUndefined();
  }, 60_000);
});

describe('role chaining', () => {
  it("assumes the connection's role first, then the task's role with those credentials", async () => {
    const id = 'chain-conn';
    const start = t.proxy.calls().length;
    const { main } = await runStep('azure', BUNDLES.azure, {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: { awsCredentials: id, regionName: t.bed.region, roleToAssume: 'no-ecr-role' },
      endpoints: {
        [id]: {
          scheme: 'UsernamePassword',
          parameters: {
            username: t.bed.toolkitUser.accessKeyId,
            password: t.bed.toolkitUser.secretAccessKey,
            assumeRoleArn: t.bed.roles.pipeline.arn,
            externalId: t.bed.externalId,
          },
        },
      },
    });
    const roles = assumeRoleBodies(start).map((b) => b.RoleArn);
    // Hop 1 with the connection's keys; hop 2 (the role name completed with the account) with hop 1's session.
    expect(roles).toEqual([t.bed.roles.pipeline.arn, t.bed.roles.noEcr.arn]);
    expect(assumeRoleBodies(start)[0]?.ExternalId).toBe(t.bed.externalId);
    // The seed gives pipeline-role no sts:AssumeRole, so moto refuses hop 2, naming hop 1's session as the caller.
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      expect.stringMatching(
        /^AssumeRole on arn:aws:iam::123456789012:role\/no-ecr-role with credentials from service connection `chain-conn` -> role arn:aws:iam::123456789012:role\/pipeline-role failed: AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/pipeline-role\/aws-vsts-tools is not authorized to perform: sts:AssumeRole/,
      ),
    ]);
  }, 60_000);
});

describe.each(['github', 'azure'] as const)('debug logging on %s', (ci: Ci) => {
  const n = NAMES[ci];

  it('never shows a secret unmasked, and keeps no secret in the step state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'creds-debug-'));
    const previous = {
      id: 'AKIAPREVIOUS00000000',
      secret: 'previous/secret+value',
      token: 'previous-session-token',
    };
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      debug: true,
      secretInputs: [n.keyId, n.secret],
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config'),
      },
      // Credentials an earlier step exported (secret variables on Azure).
      variables: {
        AWS_ACCESS_KEY_ID: { value: previous.id, secret: true },
        AWS_SECRET_ACCESS_KEY: { value: previous.secret, secret: true },
        AWS_SESSION_TOKEN: { value: previous.token, secret: true },
      },
      inputs: {
        [n.region]: t.bed.region,
        [n.keyId]: t.bed.toolkitUser.accessKeyId,
        [n.secret]: t.bed.toolkitUser.secretAccessKey,
        [n.role]: t.bed.roles.pipeline.arn,
        [n.externalId]: t.bed.externalId,
        [n.outputCredentials]: 'true',
        [n.outputProfile]: 'ci',
        [n.outputEnv]: 'true',
      },
    });
    const { main, post } = result;
    expect(main.errors).toEqual([]);
    expect(post?.errors).toEqual([]);
    const v = main.variables;
    expect(main.outputs[ci === 'github' ? 'aws-secret-access-key' : 'awsSecretAccessKey']).toBe(
      v.AWS_SECRET_ACCESS_KEY,
    );
    const secrets = [
      v.AWS_ACCESS_KEY_ID!,
      v.AWS_SECRET_ACCESS_KEY!,
      v.AWS_SESSION_TOKEN!,
      t.bed.toolkitUser.accessKeyId,
      t.bed.toolkitUser.secretAccessKey,
      previous.id,
      previous.secret,
      previous.token,
    ];
    const state = JSON.stringify([main.state, post?.state]);
    for (const secret of secrets) {
      assertMaskedBeforeUse(main.events, secret);
      assertMaskedBeforeUse(post!.events, secret);
      expect(state).not.toContain(secret);
    }
    // The profile file holds the new credentials while the job runs; post restores the previous values.
    expect(await readFile(join(dir, 'credentials'), 'utf8').catch(() => 'gone')).toBe('gone');
    expect(post?.variables.AWS_ACCESS_KEY_ID).toBe(previous.id);
    expect(post?.variables.AWS_SECRET_ACCESS_KEY).toBe(previous.secret);
    expect(post?.variables.AWS_SESSION_TOKEN).toBe(previous.token);
  }, 60_000);
});
