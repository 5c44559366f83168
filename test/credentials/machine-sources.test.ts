/**
 * Sources of the machine the agent runs on: SSO profiles (a loopback portal stand-in and a cached
 * token), ECS container credentials (a loopback endpoint) and EC2 instance metadata (moto's).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, type Ci, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { NAMES } from './support/names.ts';
import { type RoleCredentials, type SsoPortal, startSsoPortal } from './support/sso-portal.ts';

const SSO_TOKEN = 'sso-access-token-0123456789';
let t: CredentialsBed;
let portal: SsoPortal;
let roleCredentials: RoleCredentials;
let container: Server;
let containerUrl: string;

beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
  const sts = new STSClient({
    endpoint: t.bed.endpoint,
    region: t.bed.region,
    credentials: t.bed.toolkitUser,
  });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: t.bed.roles.pipeline.arn,
      RoleSessionName: 'machine',
      ExternalId: t.bed.externalId,
    }),
  );
  roleCredentials = {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
    expiration: c!.Expiration!.getTime(),
  };
  portal = await startSsoPortal(SSO_TOKEN, { '123456789012/PipelineDeploy': roleCredentials });
  container = createServer((req, res) => {
    if (req.headers.authorization !== 'container-auth-token') {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        AccessKeyId: roleCredentials.accessKeyId,
        SecretAccessKey: roleCredentials.secretAccessKey,
        Token: roleCredentials.sessionToken,
        Expiration: new Date(roleCredentials.expiration).toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => container.listen(0, '127.0.0.1', () => resolve()));
  containerUrl = `http://127.0.0.1:${(container.address() as AddressInfo).port}/v2/credentials/task`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (container ? container.close(() => resolve()) : resolve()));
  await portal?.stop();
  await t?.stop();
});

async function ssoHome(expiresAt: Date): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'creds-sso-'));
  await mkdir(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
  await writeFile(
    join(dir, '.aws', 'config'),
    [
      '[profile sso-dev]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = PipelineDeploy',
      'region = eu-central-1',
      '',
      '[sso-session corp]',
      'sso_region = eu-central-1',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'),
  );
  const cacheFile = `${createHash('sha1').update('corp').digest('hex')}.json`;
  await writeFile(
    join(dir, '.aws', 'sso', 'cache', cacheFile),
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-central-1',
      accessToken: SSO_TOKEN,
      expiresAt: expiresAt.toISOString(),
    }),
  );
  return dir;
}

describe.each(['github', 'azure'] as const)('machine sources on %s', (ci: Ci) => {
  const n = NAMES[ci];

  it('an SSO profile (sso-session, cached token) through the portal', async () => {
    const dir = await ssoHome(new Date(Date.now() + 3600_000));
    const before = portal.requests().length;
    const result = await runStep(ci, BUNDLES[ci], {
      dir,
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint, AWS_ENDPOINT_URL_SSO: portal.endpoint, AWS_PROFILE: 'sso-dev' },
    });
    expect(result.main.errors).toEqual([]);
    expect(result.main.exitCode).toBe(0);
    expect(result.main.variables.AWS_REGION).toBe('eu-central-1');
    expect(result.main.outputs[n.arnOutput]).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/machine',
    );
    expect(portal.requests().slice(before)).toEqual([
      { accountId: '123456789012', roleName: 'PipelineDeploy', token: SSO_TOKEN, status: 200 },
    ]);
    for (const secret of [roleCredentials.secretAccessKey, roleCredentials.sessionToken, SSO_TOKEN]) {
      assertMaskedBeforeUse(result.main.events, secret);
    }
  }, 60_000);

  it('an expired SSO token stops the chain with the sign-in fix', async () => {
    const dir = await ssoHome(new Date(Date.now() - 60_000));
    const { main } = await runStep(ci, BUNDLES[ci], {
      dir,
      env: { AWS_ENDPOINT_URL: t.endpoint, AWS_ENDPOINT_URL_SSO: portal.endpoint, AWS_PROFILE: 'sso-dev' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      expect.stringMatching(
        /^profile `sso-dev` \(sso\) did not resolve: .* Fix: Sign in again \(`aws sso login --profile sso-dev`\)/,
      ),
    ]);
  }, 60_000);

  it('ECS container credentials', async () => {
    const result = await runStep(ci, BUNDLES[ci], {
      debug: true,
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: containerUrl,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-auth-token',
      },
      inputs: { [n.region]: t.bed.region },
    });
    expect(result.main.errors).toEqual([]);
    expect(result.main.outputs[n.arnOutput]).toBe(
      'arn:aws:sts::123456789012:assumed-role/pipeline-role/machine',
    );
    assertMaskedBeforeUse(result.main.events, roleCredentials.secretAccessKey);
  }, 60_000);

  it("EC2 instance metadata (IMDSv2, moto's endpoint): credentials and region", async () => {
    const result = await runStep(ci, BUNDLES[ci], {
      debug: true,
      env: {
        AWS_ENDPOINT_URL: t.endpoint,
        AWS_EC2_METADATA_DISABLED: 'false',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: t.moto.endpoint,
      },
      // moto's metadata credentials are not IAM keys moto itself accepts: skip the identity check.
      inputs: { [n.verify]: 'false' },
    });
    expect(result.main.errors).toEqual([]);
    expect(result.main.exitCode).toBe(0);
    expect(result.main.variables.AWS_ACCESS_KEY_ID).toBe('test-key');
    expect(result.main.variables.AWS_REGION).toBe('us-east-1');
    assertMaskedBeforeUse(result.main.events, 'test-secret-key');
    assertMaskedBeforeUse(result.main.events, 'test-session-token');
  }, 60_000);
});
