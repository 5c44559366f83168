import { isCiKitError } from '@aws-ci-kit/core';
import { type RecordingRuntimeOptions, recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { fromPipelineVariables } from './from-pipeline-variables.ts';
import { fromServiceConnection } from './from-service-connection.ts';
import {
  type ChainContext,
  fromEnvironment,
  fromStepInputs,
  fromWebIdentity,
  profileFiles,
  readCredentialSettings,
  resolveAwsSession,
} from './index.ts';

/** The AWS Toolkit's input names (the naming style an Azure Pipelines adapter says). */
const TOOLKIT_NAMES = { inputNaming: 'toolkit' };

function context(options: RecordingRuntimeOptions) {
  const runtime = recordingRuntime(options);
  const settings = readCredentialSettings(runtime);
  const ctx = {
    runtime,
    settings,
    sts: { region: 'eu-central-1', requestHandler: undefined as never, debug: () => {} },
    requestHandler: undefined as never,
    retry: { maxAttempts: 1, totalMs: 1000 },
    defaultSessionName: 'GitHubActions-webapp-99-2',
    profile: profileFiles(runtime, settings.profile),
  } satisfies ChainContext;
  return { ctx, record: runtime };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isCiKitError(error)) throw error;
    return { message: error.message, hint: error.hint, tryNextLink: error.tryNextLink, code: error.code };
  }
  throw new Error('expected a failure');
}

describe('links: not configured falls through, configured but broken stops', () => {
  it('step inputs', async () => {
    expect(await failure(fromStepInputs(context({}).ctx)())).toMatchObject({ tryNextLink: true });
    const half = context({ inputs: { 'aws-access-key-id': 'AKIA' } });
    expect(await failure(fromStepInputs(half.ctx)())).toEqual({
      message: 'Input `aws-access-key-id` is set but `aws-secret-access-key` is not.',
      hint: 'Set both `aws-access-key-id` and `aws-secret-access-key`, or neither.',
      tryNextLink: false,
      code: 'InputMissing',
    });
    const ok = context({ inputs: { 'aws-access-key-id': 'AKIA', 'aws-secret-access-key': 'S3CRET' } });
    expect(await fromStepInputs(ok.ctx)()).toMatchObject({ accessKeyId: 'AKIA', source: 'step inputs' });
    expect(ok.record.masks).toEqual(expect.arrayContaining(['AKIA', 'S3CRET']));
  });

  it('service connection: not on this CI, missing, half keys, role only through the ambient chain', async () => {
    const ambient = async () => ({
      accessKeyId: 'AMB',
      secretAccessKey: 'AMBS',
      source: 'instance metadata',
    });
    expect(
      await failure(fromServiceConnection(context({ inputs: { awsCredentials: 'x' } }).ctx, ambient)()),
    ).toMatchObject({ tryNextLink: true });
    const missing = context({ rules: TOOLKIT_NAMES, inputs: { awsCredentials: 'gone' }, endpoints: {} });
    expect(await failure(fromServiceConnection(missing.ctx, ambient)())).toMatchObject({
      message: 'The service connection `gone` was not found.',
      tryNextLink: false,
    });
    const endpoint = (auth: Record<string, string>) => ({
      rules: TOOLKIT_NAMES,
      inputs: { awsCredentials: 'conn' },
      endpoints: { conn: { id: 'conn', scheme: 'UsernamePassword', auth, data: {} } },
    });
    expect(
      await failure(fromServiceConnection(context(endpoint({ username: 'AKIA' })).ctx, ambient)()),
    ).toMatchObject({
      message: 'The service connection `conn` has an access key id but no secret access key.',
      tryNextLink: false,
    });
    const roleOnly = await fromServiceConnection(
      context(endpoint({ assumeRoleArn: 'arn:aws:iam::123456789012:role/r', externalId: 'e' })).ctx,
      ambient,
    )();
    expect(roleOnly).toMatchObject({
      accessKeyId: 'AMB',
      source: 'instance metadata for service connection `conn`',
      role: {
        roleArn: 'arn:aws:iam::123456789012:role/r',
        externalId: 'e',
        from: 'service connection `conn`',
      },
    });
  });

  it('pipeline variables and environment report the half that is missing', async () => {
    const vars = context({ rules: TOOLKIT_NAMES, variables: { 'AWS.SecretAccessKey': 's' } });
    expect(await failure(fromPipelineVariables(vars.ctx)())).toMatchObject({
      message: 'Pipeline variable AWS.SecretAccessKey is set but AWS.AccessKeyID is not.',
      tryNextLink: false,
    });
    const env = context({ env: { AWS_ACCESS_KEY_ID: 'AKIA' } });
    expect(await failure(fromEnvironment(env.ctx)())).toMatchObject({
      message: 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.',
      tryNextLink: false,
    });
    const unset = context({
      inputs: { 'unset-current-credentials': 'true' },
      env: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'S' },
    });
    expect(await failure(fromEnvironment(unset.ctx)())).toMatchObject({ tryNextLink: true });
  });

  it('web identity: needs a full role ARN; GitHub OIDC only without keys and role chaining', async () => {
    const idToken = async () => 'jwt';
    const oidcEnv = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    };
    expect(await failure(fromWebIdentity(context({ env: oidcEnv, idToken }).ctx)())).toMatchObject({
      tryNextLink: true,
    });
    const chaining = context({
      env: oidcEnv,
      idToken,
      inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:role/r', 'role-chaining': 'true' },
    });
    expect(await failure(fromWebIdentity(chaining.ctx)())).toMatchObject({ tryNextLink: true });
    const name = context({ env: oidcEnv, idToken, inputs: { 'role-to-assume': 'deployer' } });
    expect(await failure(fromWebIdentity(name.ctx)())).toMatchObject({
      message: 'OIDC needs the role\'s full ARN, got "deployer".',
      hint: 'Set `role-to-assume` to arn:aws:iam::<account>:role/deployer.',
    });
    const file = context({ inputs: { 'web-identity-token-file': '/nonexistent/token' } });
    expect(await failure(fromWebIdentity(file.ctx)())).toMatchObject({
      message: 'A web identity token file is set but no role to assume.',
    });
  });
});

describe('settings', () => {
  it('rejects bad inputs with the input name and the fix', async () => {
    const bad = (inputs: Record<string, string>) =>
      failure(Promise.resolve().then(() => readCredentialSettings(recordingRuntime({ inputs }))));
    expect(await bad({ 'custom-tags': '["a"]' })).toMatchObject({
      message: 'Input `custom-tags` must be a JSON object of string values.',
    });
    expect(await bad({ 'inline-session-policy': '{' })).toMatchObject({
      message: 'Input `inline-session-policy` is not valid JSON.',
    });
    expect(await bad({ 'allowed-account-ids': '123, 123456789012' })).toMatchObject({
      message: 'Input `allowed-account-ids` lists "123", which is not a 12-digit account id.',
    });
    expect(await bad({ 'role-duration-seconds': '60' })).toMatchObject({ code: 'InputInvalid' });
    const azure = recordingRuntime({ rules: TOOLKIT_NAMES, inputs: { roleDurationSeconds: '99999' } });
    expect(await failure(Promise.resolve().then(() => readCredentialSettings(azure)))).toMatchObject({
      message: 'Input `roleDurationSeconds` must be a whole number from 900 to 43200, got "99999".',
    });
  });

  it('rejects a region that is not a region code before any AWS call', async () => {
    const runtime = recordingRuntime({ inputs: { 'aws-region': 'Frankfurt' } });
    expect(await failure(resolveAwsSession(runtime))).toMatchObject({
      message: '"frankfurt" from input `aws-region` is not an AWS region.',
    });
  });
});

describe('refresh', () => {
  it('re-runs the chain when the credentials are within five minutes of expiry', async () => {
    const environment: Record<string, string> = {
      AWS_ACCESS_KEY_ID: 'AKIAFIRST',
      AWS_SECRET_ACCESS_KEY: 'first-secret',
      AWS_SESSION_TOKEN: 'first-token',
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 60_000).toISOString(),
    };
    const runtime = recordingRuntime({
      env: environment,
      inputs: { 'aws-region': 'eu-central-1', 'verify-identity': 'false' },
    });
    const session = await resolveAwsSession(runtime);
    expect(session.source).toBe('environment');
    expect(session.identity).toBeUndefined();
    expect((await session.credentials()).accessKeyId).toBe('AKIAFIRST');
    environment.AWS_ACCESS_KEY_ID = 'AKIASECOND';
    environment.AWS_SECRET_ACCESS_KEY = 'second-secret';
    environment.AWS_CREDENTIAL_EXPIRATION = new Date(Date.now() + 3600_000).toISOString();
    expect((await session.credentials()).accessKeyId).toBe('AKIASECOND');
    expect((await session.credentials()).accessKeyId).toBe('AKIASECOND');
    expect(runtime.masks).toEqual(expect.arrayContaining(['first-secret', 'second-secret']));
    expect(session.clientConfig()).toMatchObject({ region: 'eu-central-1', maxAttempts: 5 });
  });
});
