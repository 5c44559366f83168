/**
 * Every credential source, through the bundled entries as child processes, against moto with IAM
 * enforced (behind the fault proxy, which verifies OIDC tokens as STS would).
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecordingProxy } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolkitConnection } from '../support/aws/clients.ts';
import { assertMaskedBeforeUse, type Ci, type CiRun, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { NAMES } from './support/names.ts';

let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const CIS = ['github', 'azure'] as const;
const PIPELINE_SESSION = /^arn:aws:sts::123456789012:assumed-role\/pipeline-role\//;
const CONNECTION_ID = 'c0ffee00-0000-4000-8000-00000000a115';

/** Every exported secret was masked before it was logged or stored anywhere. */
function expectNoLeaks(result: CiRun, extra: readonly string[] = []): void {
  const v = result.main.variables;
  const secrets = [v.AWS_ACCESS_KEY_ID, v.AWS_SECRET_ACCESS_KEY, v.AWS_SESSION_TOKEN, ...extra];
  for (const secret of secrets) {
    if (!secret) continue;
    assertMaskedBeforeUse(result.main.events, secret);
    if (result.post) assertMaskedBeforeUse(result.post.events, secret);
  }
}

function expectOk(result: CiRun): void {
  expect(result.main.errors).toEqual([]);
  expect(result.main.exitCode).toBe(0);
}

describe('Azure service connection (the AWS Toolkit fields)', () => {
  it('keys + role + external id: assumes the pipeline role', async () => {
    const { bed } = t;
    const result = await runStep('azure', BUNDLES.azure, {
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: { awsCredentials: CONNECTION_ID, regionName: bed.region },
      endpoints: {
        [CONNECTION_ID]: toolkitConnection(bed, { roleSessionName: 'validate-identity' }),
      },
    });
    expectOk(result);
    expect(result.main.outputs.authenticatedArn).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/validate-identity',
    );
    expect(result.main.secretVariables.has('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expectNoLeaks(result, [bed.toolkitUser.secretAccessKey, bed.toolkitUser.accessKeyId]);
  }, 60_000);

  it('a wrong external id on the connection fails at once', async () => {
    const { bed } = t;
    const { main } = await runStep('azure', BUNDLES.azure, {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: { awsCredentials: CONNECTION_ID, regionName: bed.region },
      endpoints: {
        [CONNECTION_ID]: {
          scheme: 'UsernamePassword',
          parameters: {
            username: bed.toolkitUser.accessKeyId,
            password: bed.toolkitUser.secretAccessKey,
            assumeRoleArn: bed.roles.pipeline.arn,
            externalId: 'not-the-id',
          },
        },
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain(
      `with credentials from service connection \`${CONNECTION_ID}\` failed: AccessDenied`,
    );
  }, 60_000);

  it('OIDC: requests the token for the connection with the job token, exchanges it for the role', async () => {
    const { bed, oidc } = t;
    const before = oidc.requests().length;
    const result = await runStep('azure', BUNDLES.azure, {
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint, SYSTEM_OIDCREQUESTURI: oidc.azureRequestUri },
      // The agent hands the job token to the task as a secret variable.
      variables: { 'System.AccessToken': { value: oidc.azureAccessToken, secret: true } },
      inputs: { awsCredentials: CONNECTION_ID, regionName: bed.region },
      endpoints: {
        [CONNECTION_ID]: {
          scheme: 'UsernamePassword',
          parameters: { useOIDC: 'true', assumeRoleArn: bed.roles.pipeline.arn },
        },
      },
    });
    expectOk(result);
    expect(result.main.outputs.authenticatedArn).toMatch(PIPELINE_SESSION);
    expect(oidc.requests().slice(before)).toEqual([
      { ci: 'azure', serviceConnectionId: CONNECTION_ID, status: 200 },
    ]);
    expect(t.webIdentityCalls.at(-1)).toEqual({
      roleArn: bed.roles.pipeline.arn,
      sub: `sc://contoso/webapp/${CONNECTION_ID}`,
    });
    expectNoLeaks(result, [...oidc.issued(), oidc.azureAccessToken]);
  }, 60_000);

  it("OIDC with the Toolkit's `None` scheme and its `role` field", async () => {
    const { bed, oidc } = t;
    const result = await runStep('azure', BUNDLES.azure, {
      env: { AWS_ENDPOINT_URL: t.endpoint, SYSTEM_OIDCREQUESTURI: oidc.azureRequestUri },
      variables: { 'System.AccessToken': { value: oidc.azureAccessToken, secret: true } },
      inputs: { awsCredentials: CONNECTION_ID, regionName: bed.region },
      endpoints: { [CONNECTION_ID]: { scheme: 'None', parameters: { role: bed.roles.pipeline.arn } } },
    });
    expectOk(result);
    expect(result.main.outputs.authenticatedArn).toMatch(PIPELINE_SESSION);
  }, 60_000);

  it('OIDC without the job access token fails, never falling back to another source', async () => {
    const { bed, oidc } = t;
    const { main } = await runStep('azure', BUNDLES.azure, {
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        SYSTEM_OIDCREQUESTURI: oidc.azureRequestUri,
        // Keys in the environment must not be used instead.
        AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
        AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
      },
      inputs: { awsCredentials: CONNECTION_ID, regionName: bed.region },
      endpoints: {
        [CONNECTION_ID]: {
          scheme: 'UsernamePassword',
          parameters: { useOIDC: 'true', assumeRoleArn: bed.roles.pipeline.arn },
        },
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      expect.stringMatching(/^service connection `.*` \(OIDC\): .*cannot request an OIDC token\. Fix: /),
    ]);
  }, 60_000);
});

describe('Azure pipeline variables AWS.*', () => {
  it('keys, region and a role name (completed with the caller account) with external id', async () => {
    const { bed } = t;
    const result = await runStep('azure', BUNDLES.azure, {
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint },
      variables: {
        'AWS.AccessKeyID': { value: bed.toolkitUser.accessKeyId },
        'AWS.SecretAccessKey': { value: bed.toolkitUser.secretAccessKey, secret: true },
        'AWS.Region': { value: bed.region },
        'AWS.AssumeRoleArn': { value: 'pipeline-role' },
        'AWS.ExternalId': { value: bed.externalId },
        'AWS.RoleSessionName': { value: 'from-variables' },
      },
    });
    expectOk(result);
    expect(result.main.outputs.authenticatedArn).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/from-variables',
    );
    expect(result.main.variables.AWS_REGION).toBe(bed.region);
    expectNoLeaks(result, [bed.toolkitUser.secretAccessKey]);
  }, 60_000);
});

describe('GitHub OIDC', () => {
  const oidcEnv = () => ({
    AWS_ENDPOINT_URL: t.endpoint,
    ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
  });

  it('exchanges the job token (audience sts.amazonaws.com) for role-to-assume', async () => {
    const { bed, oidc } = t;
    const before = oidc.requests().length;
    const result = await runStep('github', BUNDLES.github, {
      debug: true,
      env: oidcEnv(),
      inputs: { 'aws-region': bed.region, 'role-to-assume': bed.roles.pipeline.arn },
    });
    expectOk(result);
    expect(result.main.outputs['authenticated-arn']).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/GitHubActions',
    );
    expect(oidc.requests().slice(before)).toEqual([
      { ci: 'github', audience: 'sts.amazonaws.com', status: 200 },
    ]);
    expect(t.webIdentityCalls.at(-1)?.sub).toBe('repo:octo/webapp:ref:refs/heads/main');
    expectNoLeaks(result, [...oidc.issued(), oidc.githubRequestToken]);
  }, 60_000);

  it('goes through the job proxy (HTTP_PROXY / HTTPS_PROXY): a recording CONNECT proxy sees the token request', async () => {
    const { bed, oidc } = t;
    const proxy = await startRecordingProxy({ hosts: { 'token.actions.test': '127.0.0.1' } });
    try {
      const before = oidc.requests().length;
      const url = oidc.githubRequestUrl.replace('//127.0.0.1:', '//token.actions.test:');
      const result = await runStep('github', BUNDLES.github, {
        env: { ...oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_URL: url, HTTP_PROXY: proxy.url },
        inputs: { 'aws-region': bed.region, 'role-to-assume': bed.roles.pipeline.arn },
      });
      expectOk(result);
      expect(oidc.requests().slice(before)).toEqual([
        { ci: 'github', audience: 'sts.amazonaws.com', status: 200 },
      ]);
      const port = new URL(url).port;
      expect(proxy.connects).toContainEqual({ target: `token.actions.test:${port}`, status: 200 });
      expectNoLeaks(result, [...oidc.issued(), oidc.githubRequestToken]);
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it('role-chaining: assumes the role with the credentials in the environment, not OIDC', async () => {
    const { bed, oidc } = t;
    const before = oidc.requests().length;
    const result = await runStep('github', BUNDLES.github, {
      env: {
        ...oidcEnv(),
        AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
        AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
      },
      inputs: {
        'aws-region': bed.region,
        'role-to-assume': bed.roles.pipeline.arn,
        'role-external-id': bed.externalId,
        'role-chaining': 'true',
      },
    });
    expectOk(result);
    expect(result.main.outputs['authenticated-arn']).toMatch(PIPELINE_SESSION);
    expect(oidc.requests().length).toBe(before);
  }, 60_000);

  it('a token with the wrong audience is refused at once, in one line', async () => {
    const { bed, oidc } = t;
    const before = oidc.requests().length;
    const { main } = await runStep('github', BUNDLES.github, {
      env: oidcEnv(),
      inputs: { 'aws-region': bed.region, 'role-to-assume': bed.roles.pipeline.arn, audience: 'not-aws' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(
      /AssumeRoleWithWebIdentity .* failed: InvalidIdentityToken.*audience not-aws is not allowed.* Fix: /,
    );
    expect(oidc.requests().length - before).toBe(1);
  }, 60_000);
});

describe.each(CIS)('other sources on %s', (ci: Ci) => {
  const n = NAMES[ci];

  it('a web identity token file (any other CI)', async () => {
    const { bed, oidc } = t;
    const dir = await mkdtemp(join(tmpdir(), 'creds-token-'));
    const token = await oidc.mint('project_path:group/webapp:ref_type:branch:ref:main', 'sts.amazonaws.com');
    await writeFile(join(dir, 'token.jwt'), `${token}\n`);
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: {
        [n.region]: bed.region,
        [n.role]: bed.roles.pipeline.arn,
        [n.tokenFile]: join(dir, 'token.jwt'),
      },
    });
    expectOk(result);
    expect(result.main.outputs[n.arnOutput]).toMatch(PIPELINE_SESSION);
    expect(t.webIdentityCalls.at(-1)?.sub).toBe('project_path:group/webapp:ref_type:branch:ref:main');
    expectNoLeaks(result, [token]);
  }, 60_000);

  it('standard environment variables, with AWS_ROLE_ARN assumed', async () => {
    const { bed } = t;
    const result = await runStep(ci, BUNDLES[ci], {
      debug: true,
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_DEFAULT_REGION: bed.region,
        AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
        AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
      },
      inputs: { [n.role]: bed.roles.pipeline.arn, [n.externalId]: bed.externalId },
    });
    expectOk(result);
    expect(result.main.variables.AWS_REGION).toBe(bed.region);
    expect(result.main.outputs[n.arnOutput]).toMatch(PIPELINE_SESSION);
    // Post restores the keys that were in the environment before.
    expect(result.post?.variables.AWS_ACCESS_KEY_ID).toBe(bed.toolkitUser.accessKeyId);
    expect(result.post?.variables.AWS_SECRET_ACCESS_KEY).toBe(bed.toolkitUser.secretAccessKey);
    expect(result.post?.variables.AWS_SESSION_TOKEN).toBe('');
    expectNoLeaks(result, [bed.toolkitUser.secretAccessKey]);
  }, 60_000);

  it('a named profile with source_profile, external id and region from the config file', async () => {
    const { bed } = t;
    const dir = await mkdtemp(join(tmpdir(), 'creds-profile-'));
    await writeFile(
      join(dir, 'credentials'),
      `[toolkit]\naws_access_key_id = ${bed.toolkitUser.accessKeyId}\naws_secret_access_key = ${bed.toolkitUser.secretAccessKey}\n`,
    );
    await writeFile(
      join(dir, 'config'),
      `[profile deploy]\nrole_arn = ${bed.roles.pipeline.arn}\nsource_profile = toolkit\nexternal_id = ${bed.externalId}\nrole_session_name = from-profile\nregion = ${bed.region}\n`,
    );
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      debug: true,
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_PROFILE: 'deploy',
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      },
    });
    expectOk(result);
    expect(result.main.variables.AWS_REGION).toBe(bed.region);
    expect(result.main.outputs[n.arnOutput]).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/from-profile',
    );
    expectNoLeaks(result, [bed.toolkitUser.secretAccessKey]);
  }, 60_000);

  it('credential_process', async () => {
    const { bed } = t;
    const dir = await mkdtemp(join(tmpdir(), 'creds-process-'));
    const script = join(dir, 'get-creds.sh');
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s' '${JSON.stringify({ Version: 1, AccessKeyId: bed.toolkitUser.accessKeyId, SecretAccessKey: bed.toolkitUser.secretAccessKey })}'\n`,
    );
    await chmod(script, 0o700);
    await writeFile(
      join(dir, 'config'),
      `[profile vault]\ncredential_process = ${script}\nregion = ${bed.region}\n`,
    );
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint, AWS_CONFIG_FILE: join(dir, 'config') },
      inputs: { [n.profile]: 'vault' },
    });
    expectOk(result);
    expect(result.main.outputs[n.arnOutput]).toBe(bed.toolkitUser.arn);
    expectNoLeaks(result, [bed.toolkitUser.secretAccessKey]);
  }, 60_000);

  it('a malformed profile names the file, the profile and the bad key, in one line', async () => {
    const { bed } = t;
    const dir = await mkdtemp(join(tmpdir(), 'creds-bad-'));
    // The AWS Toolkit's example of a profile with syntax errors.
    await writeFile(
      join(dir, 'credentials'),
      '[Profile_Name]\nxaws_access_key_id= AKIAI44QH8DHBEXAMPLE\nxaws_secret_access_key= wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    const { main } = await runStep(ci, BUNDLES[ci], {
      dir,
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_REGION: bed.region,
        AWS_PROFILE: 'Profile_Name',
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      `Profile \`Profile_Name\` in ${join(dir, 'credentials')} is not a valid credential profile: unknown key \`xaws_access_key_id\`. Fix: Rename \`xaws_access_key_id\` to \`aws_access_key_id\` in ${join(dir, 'credentials')}.`,
    ]);
  }, 60_000);

  it('writes a 0600 profile that the AWS CLI uses to see the assumed role', async () => {
    const { bed } = t;
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stat } = await import('node:fs/promises');
    const { cliEnv } = await import('../support/aws/clients.ts');
    const dir = await mkdtemp(join(tmpdir(), 'creds-out-'));
    const files = {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
    };
    await writeFile(
      files.AWS_SHARED_CREDENTIALS_FILE,
      '[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n',
    );
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      post: false,
      secretInputs: [n.keyId, n.secret],
      env: { AWS_ENDPOINT_URL: t.endpoint, ...files },
      inputs: {
        [n.region]: bed.region,
        [n.keyId]: bed.toolkitUser.accessKeyId,
        [n.secret]: bed.toolkitUser.secretAccessKey,
        [n.role]: bed.roles.pipeline.arn,
        [n.externalId]: bed.externalId,
        [n.outputProfile]: 'pipeline',
      },
    });
    expectOk(result);
    // configure-aws-credentials: with `aws-profile`, nothing goes to the environment by default.
    expect(result.main.variables).toEqual({});
    expect((await stat(files.AWS_SHARED_CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect((await stat(files.AWS_CONFIG_FILE)).mode & 0o777).toBe(0o600);
    const { stdout } = await promisify(execFile)('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: cliEnv(
        { endpoint: t.endpoint, region: bed.region },
        { ...files, AWS_PROFILE: 'pipeline', AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined },
      ),
    });
    expect(JSON.parse(stdout).Arn).toBe(result.main.outputs[n.arnOutput]);
    expect(JSON.parse(stdout).Arn).toMatch(PIPELINE_SESSION);
  }, 60_000);

  it('no credentials anywhere: one line naming the sources and the fix', async () => {
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: { [n.region]: t.bed.region },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      expect.stringMatching(/^No AWS credentials found: tried (step|task) inputs, .* Fix: Set `/),
    ]);
  }, 60_000);

  it('no region anywhere: one line', async () => {
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: { [n.keyId]: t.bed.toolkitUser.accessKeyId, [n.secret]: t.bed.toolkitUser.secretAccessKey },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      // Each CI's own words (CiRules.regionHint): no Azure variable on GitHub, no workflow `env` on Azure.
      ci === 'github'
        ? 'No AWS region is configured. Fix: Set `aws-region` on the step (or AWS_REGION in the `env` of the job or workflow, or `region` in the profile).'
        : 'No AWS region is configured. Fix: Set `regionName` on the task (or the AWS.Region pipeline variable, AWS_REGION, or `region` in the profile).',
    ]);
  }, 60_000);
});
