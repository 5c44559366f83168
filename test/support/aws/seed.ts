/**
 * Seeds moto with the target pipeline's scenario (account 123456789012, eu-central-1).
 * Run it while moto is still unauthenticated, then call `moto.enforceAuth()`.
 * moto matches policy actions only, never resource ARNs, so every statement uses "Resource": "*".
 */
import {
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { type ParameterType, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'eu-central-1';
export const EXTERNAL_ID = 'ext-123';
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The pipeline role's least-privilege actions (from the seed pipeline). */
export const PIPELINE_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:DescribeRepositories',
  'ecr:CreateRepository',
  'sts:GetCallerIdentity',
  'sts:TagSession',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
] as const;

export interface SeedOptions {
  region?: string;
  /** Issuer of the loopback OIDC token server (default https://127.0.0.1/oidc, a placeholder). */
  oidcIssuerUrl?: string;
  oidcAudience?: string;
  /** Extra String parameters `/bulk/p0000`... to seed (default 0). */
  extraParams?: number;
  /** Their type (default String; SecureString is what secrets are, decrypted with WithDecryption). */
  extraParamType?: 'String' | 'SecureString';
}

export interface BedUser {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface BedRole {
  name: string;
  arn: string;
}

export interface AwsBed {
  endpoint: string;
  region: string;
  accountId: string;
  externalId: string;
  toolkitUser: BedUser;
  admin: BedUser;
  roles: { pipeline: BedRole; noBypath: BedRole; noEcr: BedRole };
  oidc: { providerArn: string; issuerUrl: string; audience: string };
  /** Every seeded parameter name -> value (extra params excluded). */
  parameters: Record<string, string>;
  extraParamNames: string[];
}

export const SEED_PARAMETERS: ReadonlyArray<{ name: string; type: ParameterType; value: string }> = [
  { name: '/serenity/production/VSS_NUGET_ACCESSTOKEN', type: 'SecureString', value: 'nuget-token-s3cr3t' },
  { name: '/app/prod/DB_HOST', type: 'String', value: 'db.internal.example' },
  { name: '/app/prod/DB_PORT', type: 'String', value: '5432' },
  { name: '/app/prod/FEATURE_FLAGS', type: 'StringList', value: 'alpha,beta,gamma' },
  { name: '/app/prod/nested/API_URL', type: 'String', value: 'https://api.example.test' },
];

const seedCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

const policy = (statement: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allow = (actions: readonly string[]): object => ({
  Effect: 'Allow',
  Action: [...actions],
  Resource: '*',
});

export async function seedAwsBed(endpoint: string, opts: SeedOptions = {}): Promise<AwsBed> {
  const region = opts.region ?? REGION;
  const config = { endpoint, region, credentials: seedCredentials };
  const iam = new IAMClient(config);
  const ssm = new SSMClient(config);
  try {
    const createUser = async (name: string, actions: readonly string[]): Promise<BedUser> => {
      const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: name,
          PolicyName: `${name}-policy`,
          PolicyDocument: policy([allow(actions)]),
        }),
      );
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      return {
        name,
        arn: User!.Arn!,
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      };
    };
    const toolkitUser = await createUser('toolkit-user', ['sts:AssumeRole', 'sts:GetCallerIdentity']);
    const admin = await createUser('admin', ['*']);

    const issuerUrl = opts.oidcIssuerUrl ?? 'https://127.0.0.1/oidc';
    const audience = opts.oidcAudience ?? OIDC_AUDIENCE;
    const { OpenIDConnectProviderArn: providerArn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: issuerUrl,
        ClientIDList: [audience],
        ThumbprintList: ['0'.repeat(40)],
      }),
    );
    const issuerHost = issuerUrl.replace(/^https?:\/\//, '');
    const trust = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: toolkitUser.arn },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
      },
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: { StringEquals: { [`${issuerHost}:aud`]: audience } },
      },
    ]);
    const createRole = async (name: string, actions: readonly string[]): Promise<BedRole> => {
      const { Role } = await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: `${name}-policy`,
          PolicyDocument: policy([allow(actions)]),
        }),
      );
      return { name, arn: Role!.Arn! };
    };
    const roles = {
      pipeline: await createRole('pipeline-role', PIPELINE_ACTIONS),
      noBypath: await createRole(
        'no-bypath-role',
        PIPELINE_ACTIONS.filter((a) => a !== 'ssm:GetParametersByPath'),
      ),
      noEcr: await createRole(
        'no-ecr-role',
        PIPELINE_ACTIONS.filter((a) => a !== 'ecr:GetAuthorizationToken'),
      ),
    };

    const parameters: Record<string, string> = {};
    for (const p of SEED_PARAMETERS) {
      await ssm.send(new PutParameterCommand({ Name: p.name, Type: p.type, Value: p.value }));
      parameters[p.name] = p.value;
    }
    const extraParamNames = Array.from(
      { length: opts.extraParams ?? 0 },
      (_, i) => `/bulk/p${String(i).padStart(4, '0')}`,
    );
    await inBatches(extraParamNames, 16, (name) =>
      ssm.send(
        new PutParameterCommand({
          Name: name,
          Type: opts.extraParamType ?? 'String',
          Value: `value-of-${name}`,
        }),
      ),
    );

    return {
      endpoint,
      region,
      accountId: ACCOUNT_ID,
      externalId: EXTERNAL_ID,
      toolkitUser,
      admin,
      roles,
      oidc: { providerArn: providerArn!, issuerUrl, audience },
      parameters,
      extraParamNames,
    };
  } finally {
    iam.destroy();
    ssm.destroy();
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}
