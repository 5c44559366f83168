import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, cliEnv, clientConfig, credentialEnv } from './support/aws/clients.js';
import { type FaultProxy, startFaultProxy, THROTTLE } from './support/aws/fault-proxy.js';
import { type MotoServer, startMoto } from './support/aws/moto.js';
import { type AwsBed, seedAwsBed } from './support/aws/seed.js';

const run = promisify(execFile);

let moto: MotoServer;
let proxy: FaultProxy;
let bed: AwsBed;
/** The bed as seen through the proxy. */
let viaProxy: AwsBed;

beforeAll(async () => {
  moto = await startMoto();
  bed = await seedAwsBed(moto.endpoint);
  await moto.enforceAuth();
  proxy = await startFaultProxy(moto.endpoint, () => 'pass', {
    webIdentity: {
      signAs: bed.admin,
      verify: (p) =>
        p.get('WebIdentityToken') === 'good-token'
          ? undefined
          : { status: 400, code: 'InvalidIdentityToken' },
    },
  });
  viaProxy = { ...bed, endpoint: proxy.endpoint };
}, 30_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const sts = (creds: Credentials, target: AwsBed = bed): STSClient =>
  new STSClient(clientConfig(target, creds));

async function assume(roleArn: string, externalId = bed.externalId): Promise<Credentials> {
  const { Credentials: c } = await sts(bed.toolkitUser).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bed-test', ExternalId: externalId }),
  );
  return {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  };
}

describe('moto with IAM enforcement', () => {
  it('accepts the service connection keys', async () => {
    const id = await sts(bed.toolkitUser).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(bed.toolkitUser.arn);
    expect(id.Account).toBe('123456789012');
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const wrong = { ...bed.toolkitUser, secretAccessKey: 'not-the-secret' };
    await expect(sts(wrong).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('assumes the pipeline role only with the right external id', async () => {
    const creds = await assume(bed.roles.pipeline.arn);
    const id = await sts(creds).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe('arn:aws:sts::123456789012:assumed-role/pipeline-role/bed-test');
    await expect(assume(bed.roles.pipeline.arn, 'ext-wrong')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('denies GetParametersByPath to no-bypath-role but allows GetParameter', async () => {
    const creds = await assume(bed.roles.noBypath.arn);
    const param = await new SSMClient(clientConfig(bed, creds)).send(
      new GetParameterCommand({ Name: '/serenity/production/VSS_NUGET_ACCESSTOKEN', WithDecryption: true }),
    );
    expect(param.Parameter?.Value).toBe(bed.parameters['/serenity/production/VSS_NUGET_ACCESSTOKEN']);

    const byPath = new GetParametersByPathCommand({ Path: '/app/prod' });
    // moto itself answers 403 with an XML body that SDK v3 cannot parse ...
    await expect(new SSMClient(clientConfig(bed, creds)).send(byPath)).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    // ... the proxy turns it into the JSON error SSM really sends.
    await expect(new SSMClient(clientConfig(viaProxy, creds)).send(byPath)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: ssm:GetParametersByPath'),
    });
  });

  it('lets the AWS CLI v1 see toolkit-user', async () => {
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: cliEnv(bed, credentialEnv(bed.toolkitUser)),
    });
    expect(JSON.parse(stdout)).toMatchObject({ Arn: bed.toolkitUser.arn });
  });
});

describe('fault proxy', () => {
  it('throttles STS (query) and SSM (json); the SDK retries through and the proxy counts', async () => {
    proxy.setPlan(({ action, n }) =>
      n === 1 && ['GetCallerIdentity', 'GetParameter'].includes(action) ? THROTTLE : 'pass',
    );
    const before = proxy.calls().length;

    const id = await sts(bed.toolkitUser, viaProxy).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(bed.toolkitUser.arn);
    expect(id.$metadata.attempts).toBe(2);

    const creds = await assume(bed.roles.pipeline.arn);
    const param = await new SSMClient(clientConfig(viaProxy, creds)).send(
      new GetParameterCommand({ Name: '/app/prod/DB_PORT' }),
    );
    expect(param.Parameter?.Value).toBe('5432');

    expect(
      proxy
        .calls()
        .slice(before)
        .map(({ action, status }) => ({ action, status })),
    ).toEqual([
      { action: 'GetCallerIdentity', status: 400 },
      { action: 'GetCallerIdentity', status: 200 },
      { action: 'GetParameter', status: 400 },
      { action: 'GetParameter', status: 200 },
    ]);
    proxy.setPlan(() => 'pass');
  });

  it('answers 503, drops, delays; the SDK retries through', async () => {
    proxy.setPlan(({ n }) => (n === 1 ? { status: 503 } : n === 2 ? 'drop' : { delayMs: 50 }));
    const creds = await assume(bed.roles.pipeline.arn);
    const res = await new ECRClient(clientConfig(viaProxy, creds)).send(new GetAuthorizationTokenCommand({}));
    expect(res.$metadata.attempts).toBe(3);
    expect(
      proxy
        .calls()
        .slice(-3)
        .map((c) => c.status),
    ).toEqual([503, 0, 200]);
    proxy.setPlan(() => 'pass');
  });
});

describe('web identity through the proxy', () => {
  const assumeWeb = (token: string, roleArn = bed.roles.pipeline.arn) =>
    new STSClient({ endpoint: proxy.endpoint, region: bed.region }).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'oidc',
        WebIdentityToken: token,
      }),
    );

  it('refuses a token the verifier rejects', async () => {
    await expect(assumeWeb('bad-token')).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  });

  it('issues role credentials that moto then enforces', async () => {
    const toCreds = (r: Awaited<ReturnType<typeof assumeWeb>>): Credentials => ({
      accessKeyId: r.Credentials!.AccessKeyId!,
      secretAccessKey: r.Credentials!.SecretAccessKey!,
      sessionToken: r.Credentials!.SessionToken!,
    });
    const pipeline = toCreds(await assumeWeb('good-token'));
    const token = await new ECRClient(clientConfig(bed, pipeline)).send(new GetAuthorizationTokenCommand({}));
    const auth = token.authorizationData?.[0];
    expect(Buffer.from(auth?.authorizationToken ?? '', 'base64').toString()).toBe(
      'AWS:123456789012-auth-token',
    );
    expect(auth?.proxyEndpoint).toBe('https://123456789012.dkr.ecr.eu-central-1.amazonaws.com');

    const noEcr = toCreds(await assumeWeb('good-token', bed.roles.noEcr.arn));
    await expect(
      new ECRClient(clientConfig(viaProxy, noEcr)).send(new GetAuthorizationTokenCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('ecr:GetAuthorizationToken'),
    });
  });
});
