import type { ServiceConnection } from '@aws-ci-kit/core';
import { CiKitError } from '@aws-ci-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fromServiceConnection } from './from-service-connection.ts';
import { chainContext, failure, TOOLKIT_NAMES } from './test/chain-context.ts';
import { assumedXml, type FakeSts, startFakeSts } from './test/fake-sts.ts';

let sts: FakeSts | undefined;
afterEach(async () => sts?.close());

const ambient = async () => ({ accessKeyId: 'AMB', secretAccessKey: 'AMBS', source: 'instance metadata' });

function connection(
  auth: Record<string, string>,
  scheme = 'UsernamePassword',
  idToken?: (request?: { serviceConnectionId?: string }) => Promise<string>,
) {
  const conn: ServiceConnection = { id: 'conn', scheme, auth, data: {} };
  return chainContext({
    rules: TOOLKIT_NAMES,
    inputs: { awsCredentials: 'conn' },
    endpoints: { conn },
    ...(idToken ? { idToken } : {}),
  });
}

describe('fromServiceConnection', () => {
  it('falls through on a CI without service connections', async () => {
    const github = chainContext({ inputs: { awsCredentials: 'x' } });
    expect(await failure(fromServiceConnection(github.ctx, ambient)())).toMatchObject({ tryNextLink: true });
  });

  it('a connection that is not there stops the chain', async () => {
    const missing = chainContext({ rules: TOOLKIT_NAMES, inputs: { awsCredentials: 'gone' }, endpoints: {} });
    expect(await failure(fromServiceConnection(missing.ctx, ambient)())).toEqual({
      message: 'The service connection `gone` was not found.',
      hint: 'Check `awsCredentials` and that this pipeline is allowed to use the connection.',
      tryNextLink: false,
      code: 'ServiceConnectionNotFound',
    });
  });

  it('half keys, and neither keys nor role, are errors', async () => {
    expect(
      await failure(fromServiceConnection(connection({ username: 'AKIA' }).ctx, ambient)()),
    ).toMatchObject({
      message: 'The service connection `conn` has an access key id but no secret access key.',
      code: 'ServiceConnectionInvalid',
      tryNextLink: false,
    });
    expect(await failure(fromServiceConnection(connection({ password: 'S' }).ctx, ambient)())).toMatchObject({
      message: 'The service connection `conn` has a secret access key but no access key id.',
    });
    expect(await failure(fromServiceConnection(connection({}).ctx, ambient)())).toMatchObject({
      message: 'The service connection `conn` has neither keys nor a role.',
      hint: 'Set the access key id and secret access key, a role to assume, or enable OIDC on the connection.',
    });
  });

  it('keys (masked), with the role to assume and the Toolkit session name', async () => {
    const { ctx, record } = connection({
      username: ' AKIACONN ',
      password: 'conn-secret',
      sessionToken: 'conn-token',
      assumeRoleArn: 'arn:aws:iam::123456789012:role/r',
    });
    expect(await fromServiceConnection(ctx, ambient)()).toEqual({
      accessKeyId: 'AKIACONN',
      secretAccessKey: 'conn-secret',
      sessionToken: 'conn-token',
      source: 'service connection `conn`',
      role: {
        roleArn: 'arn:aws:iam::123456789012:role/r',
        sessionName: 'aws-vsts-tools',
        from: 'service connection `conn`',
      },
    });
    expect(record.masks).toEqual(['AKIACONN', 'conn-secret', 'conn-token']);
  });

  it('a role only is assumed with the ambient credentials', async () => {
    const roleOnly = connection({
      assumeRoleArn: 'arn:aws:iam::123456789012:role/r',
      externalId: 'e',
      roleSessionName: 'mine',
    });
    expect(await fromServiceConnection(roleOnly.ctx, ambient)()).toEqual({
      accessKeyId: 'AMB',
      secretAccessKey: 'AMBS',
      source: 'instance metadata for service connection `conn`',
      role: {
        roleArn: 'arn:aws:iam::123456789012:role/r',
        externalId: 'e',
        sessionName: 'mine',
        from: 'service connection `conn`',
      },
    });
  });

  it('OIDC needs a role and a CI that issues tokens; keys win over useOIDC', async () => {
    expect(await failure(fromServiceConnection(connection({ useOIDC: 'true' }).ctx, ambient)())).toEqual({
      message: 'The service connection `conn` uses OIDC but names no role to assume.',
      hint: 'Set "Role to assume" (assumeRoleArn) on the service connection.',
      tryNextLink: false,
      code: 'ServiceConnectionInvalid',
    });
    const noToken = connection({ role: 'arn:aws:iam::123456789012:role/r' }, 'None');
    expect(await failure(fromServiceConnection(noToken.ctx, ambient)())).toMatchObject({
      message: 'The service connection `conn` uses OIDC, which this CI cannot provide.',
      code: 'OidcUnavailable',
    });
    const keys = connection({ useOIDC: 'true', username: 'AKIA', password: 'S' });
    expect(await fromServiceConnection(keys.ctx, ambient)()).toMatchObject({
      source: 'service connection `conn`',
    });
  });

  it("OIDC: the job's token for this connection, exchanged for the connection's role", async () => {
    sts = await startFakeSts(() => ({
      xml: assumedXml('AssumeRoleWithWebIdentity', 'ASIAOIDC', 'arn:aws:sts::123456789012:assumed-role/r/s'),
    }));
    const asked: Array<string | undefined> = [];
    const { ctx } = connection({ role: 'arn:aws:iam::123456789012:role/r' }, 'None', async (request) => {
      asked.push(request?.serviceConnectionId);
      return 'azure-jwt';
    });
    expect(await fromServiceConnection({ ...ctx, sts: sts.context }, ambient)()).toMatchObject({
      accessKeyId: 'ASIAOIDC',
      source: 'service connection `conn` (OIDC)',
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
    });
    expect(asked).toEqual(['conn']);
    expect(sts.requests[0]).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 'aws-vsts-tools',
      WebIdentityToken: 'azure-jwt',
    });
  });

  it('OIDC: a token the CI cannot issue stops the chain, naming the connection', async () => {
    const { ctx } = connection(
      { useOIDC: 'true', assumeRoleArn: 'arn:aws:iam::123456789012:role/r' },
      'x',
      async () => {
        throw new CiKitError('network', 'The OIDC token request failed.', {
          code: 'OidcTokenFailed',
          hint: 'Retry.',
        });
      },
    );
    expect(await failure(fromServiceConnection(ctx, ambient)())).toEqual({
      message: 'service connection `conn` (OIDC): The OIDC token request failed.',
      hint: 'Retry.',
      tryNextLink: false,
      code: 'OidcTokenFailed',
    });
  });
});
