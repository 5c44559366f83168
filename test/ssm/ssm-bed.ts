/**
 * The SSM tests' bed: moto with IAM enforced (the shared seed), a fault proxy in front of it
 * (every SSM call counted there), the pipeline role assumed with its external id, and extra
 * parameters: SecureStrings, versions and labels, a Secrets Manager secret, hostile values.
 */

import { mapLimit } from '@aws-ci-kit/core';
import { createSsmClient, type SsmClientOptions } from '@aws-ci-kit/ssm-secret/ssm';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  LabelParameterVersionCommand,
  type ParameterType,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type Credentials, clientConfig } from '../support/aws/clients.js';
import { type FaultProxy, startFaultProxy } from '../support/aws/fault-proxy.js';
import { type MotoServer, startMoto } from '../support/aws/moto.js';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.js';

export const BULK = 1000;

/** Values that try every way out of a variable (GitHub file commands, Azure logging commands, masking). */
export const HOSTILE: Record<string, string> = {
  newline: 'line1\nline2\nINJECTED=1',
  crlf: 'a\r\nINJECTED_CR=1\r\nb',
  vso: '##vso[task.setvariable variable=INJECTED_VSO]pwned',
  vsoMidLine: 'x ##vso[task.setvariable variable=INJECTED_VSO2;issecret=false]pwned',
  vsoAfterNewline: 'ok\n##vso[task.setvariable variable=INJECTED_VSO3]pwned',
  addMask: '::add-mask::everything',
  ghCommandAfterNewline: 'ok\n::set-output name=INJECTED_OUT::pwned\n::warning::pwned',
  percent: 'a%0AINJECTED_PCT=1%0D%0A%25',
  delimiter: 'x\nghadelimiter_00000000-0000-0000-0000-000000000000\nINJECTED_DELIM=1\n',
  heredoc: 'EOF\nINJECTED_EOF=1\nEOF',
  equalsAndQuotes: `A=B "C" 'D' \\ $HOME`,
  nonAscii: 'ünïcødé ✓ 🚀 中文 \u200b',
  long: `${'x'.repeat(50_000)}\n${'y'.repeat(50_000)}`,
};

export interface SsmBed {
  moto: MotoServer;
  proxy: FaultProxy;
  bed: AwsBed;
  /** The pipeline role's session (assumed by toolkit-user with external id ext-123). */
  pipeline: Credentials;
  noBypath: Credentials;
  /** An SSM client through the proxy with the step's own client settings. */
  ssm(credentials: Credentials, options?: SsmClientOptions): SSMClient;
  /** SSM calls the proxy saw for an action since the last `resetCalls`. */
  count(action: string): number;
  resetCalls(): void;
  stop(): Promise<void>;
}

export async function startSsmBed(opts: { bulk?: number } = {}): Promise<SsmBed> {
  const moto = await startMoto();
  try {
    const bed = await seedAwsBed(moto.endpoint, { extraParams: opts.bulk ?? 0 });
    await moto.enforceAuth();
    const proxy = await startFaultProxy(moto.endpoint);
    const admin = { accessKeyId: bed.admin.accessKeyId, secretAccessKey: bed.admin.secretAccessKey };
    await seedExtra(bed, admin);
    const assume = async (roleArn: string): Promise<Credentials> => {
      const sts = new STSClient(clientConfig(bed, bed.toolkitUser));
      try {
        const { Credentials: c } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: 'ssm-test',
            ExternalId: bed.externalId,
          }),
        );
        return {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken!,
        };
      } finally {
        sts.destroy();
      }
    };
    const pipeline = await assume(bed.roles.pipeline.arn);
    const noBypath = await assume(bed.roles.noBypath.arn);
    let offset = proxy.calls().length;
    return {
      moto,
      proxy,
      bed,
      pipeline,
      noBypath,
      ssm: (credentials, options = {}) =>
        createSsmClient(
          { region: bed.region, credentials: async () => credentials, endpoint: proxy.endpoint },
          options,
        ),
      count: (action) =>
        proxy
          .calls()
          .slice(offset)
          .filter((c) => c.action === action).length,
      resetCalls: () => {
        offset = proxy.calls().length;
      },
      stop: async () => {
        await proxy.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

async function seedExtra(bed: AwsBed, admin: Credentials): Promise<void> {
  const ssm = createSsmClient({ region: bed.region, credentials: async () => admin, endpoint: bed.endpoint });
  const sm = new SecretsManagerClient(clientConfig(bed, admin));
  const put = (Name: string, Value: string, Type: ParameterType = 'String', Overwrite = false) =>
    ssm.send(new PutParameterCommand({ Name, Value, Type, Overwrite }));
  try {
    await put('/app/prod/db/password', 'v1-secret', 'SecureString');
    await put('/app/prod/db/password', 'v2-secret', 'SecureString', true);
    await put('/app/prod/db/password', 'v3-secret', 'SecureString', true);
    await ssm.send(
      new LabelParameterVersionCommand({
        Name: '/app/prod/db/password',
        ParameterVersion: 2,
        Labels: ['live'],
      }),
    );
    await put(
      '/app/prod/db/json',
      '{"user":"admin","pass":"json-pass-1","nested":{"port":5432}}',
      'SecureString',
    );
    await put('/app/prod/db/user', 'app_user');
    await put('noslash', 'top-level-value');
    await mapLimit(Object.entries(HOSTILE), 4, async ([key, value]) => {
      await put(`/hostile/secure/${key}`, value, 'SecureString');
      await put(`/hostile/plain/${key}`, value, 'String');
    });
    await sm.send(
      new CreateSecretCommand({
        Name: 'ci/db-creds',
        SecretString: '{"username":"svc","password":"sm-pass-9"}',
      }),
    );
    await sm.send(new CreateSecretCommand({ Name: 'ci/token', SecretString: 'sm-token-42' }));
  } finally {
    ssm.destroy();
    sm.destroy();
  }
}
