/**
 * Every GitHub and Azure entry run with ONLY the inputs a user writes in the README examples; every
 * other input reaches the step as the runner / agent passes it (each declared default of action.yml /
 * task.json, Azure's file paths rooted at the sources directory; test/support/ci/manifest.ts).
 * No step warns about inputs the user never set, every README input is one the manifest declares,
 * and the seed pipeline does what the README promises: the Azure ECR task pushes the short commit
 * SHA and `latest` (skopeo reads both back, one digest) and `imageUri` / `outputVariable` name the
 * short SHA, the immutable tag. Against moto (IAM enforced), the registry under ECR's host name over
 * TLS and a private Docker engine that builds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { lockEcrHostname } from '../ecr/support/ecr-hostname-lock.ts';
import { clientConfig, toolkitConnection } from '../support/aws/clients.ts';
import { type Ci, type CiRun, type RunStepOptions, runStep, type StepView } from '../support/ci/index.ts';
import {
  type Dockerd,
  type EcrRegistry,
  makeTempDir,
  motoEcrPassword,
  skopeoInspect,
  startDockerd,
  withEcrHostname,
} from '../support/registry/index.ts';
import { buildAll, PACKAGES } from './support/bed.ts';

const REGION = 'eu-central-1';
const REPOSITORY = 'prod/webapp';
const TOKEN_PARAMETER = '/serenity/production/VSS_NUGET_ACCESSTOKEN';
const SHA = '3f9c2e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const CONNECTION = 'AWS-serviceConnection';

let t: CredentialsBed;
let registry: EcrRegistry;
let dockerd: Dockerd;
let work: string;
const undo: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  undo.push(await lockEcrHostname());
  work = await makeTempDir('readme-defaults');
  undo.push(() => rm(work, { recursive: true, force: true }));
  [t, registry] = await Promise.all([startCredentialsBed(), withEcrHostname(REGION), buildAll()]);
  undo.push(
    () => t.stop(),
    () => registry.stop(),
  );
  await registry.addUser('AWS', motoEcrPassword());
  dockerd = await startDockerd({ caCerts: [{ host: registry.host, caFile: registry.caFile as string }] });
  undo.push(() => dockerd.stop());
  // The seed's account already holds the repository (the README's steps do not create it).
  const ecr = new ECRClient(clientConfig({ endpoint: t.endpoint, region: REGION }, t.bed.admin));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
  ecr.destroy();
}, 240_000);

afterAll(async () => {
  for (const step of undo.reverse()) await step().catch(() => undefined);
}, 120_000);

const bundle = (pkg: string, ci: Ci) => join(PACKAGES, pkg, 'dist', `${ci}.js`);

/** A checkout holding the seed's Dockerfile (the build context ignores the step's own log files). */
async function checkout(): Promise<string> {
  const dir = await mkdtemp(join(work, 'checkout-'));
  await writeFile(join(dir, 'index.html'), '<h1>webapp</h1>\n');
  await writeFile(join(dir, 'Dockerfile.webapp'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
  await writeFile(join(dir, '.dockerignore'), '*\n!Dockerfile.webapp\n!index.html\n');
  return dir;
}

/** Warnings the CI shows (GitHub `::warning::`, Azure `task.issue type=warning`). */
function warnings(view: StepView | undefined): string[] {
  return (view?.parsedCommands ?? [])
    .filter(
      (c) =>
        c.command === 'warning' ||
        ((c.command === 'task.issue' || c.command === 'task.logissue') &&
          Object.entries(c.properties).some(([k, v]) => k.toLowerCase() === 'type' && v === 'warning')),
    )
    .map((c) => c.data);
}

/** A README step as the CI runs it: succeeds, declares every input the README sets, warns about nothing. */
async function readmeStep(ci: Ci, pkg: string, inputs: Record<string, string>, options: RunStepOptions) {
  const run = await runStep(ci, bundle(pkg, ci), { timeoutMs: 120_000, ...options, inputs });
  expect(run.unexpectedInputs, `${pkg} on ${ci}: README inputs the manifest does not declare`).toEqual([]);
  expect(run.main.errors, `${pkg} on ${ci}: errors`).toEqual([]);
  expect(run.main.exitCode).toBe(0);
  expect(warnings(run.main), `${pkg} on ${ci}: main warned`).toEqual([]);
  expect(warnings(run.post), `${pkg} on ${ci}: post warned`).toEqual([]);
  if (run.post) expect(run.post.exitCode).toBe(0);
  return run;
}

const access = () => ({
  creds: { user: 'AWS', password: motoEcrPassword() },
  certDir: registry.caDir as string,
});
const host = () => registry.hostname;

describe('the README seed pipeline on Azure Pipelines, defaults from task.json', () => {
  const connection = { awsCredentials: CONNECTION, regionName: REGION };
  const azure = (sources: string): RunStepOptions => ({
    endpoints: { [CONNECTION]: toolkitConnection(t.bed) },
    env: {
      AWS_ENDPOINT_URL: t.endpoint,
      NODE_EXTRA_CA_CERTS: registry.caFile as string,
      BUILD_SOURCEVERSION: SHA,
      BUILD_SOURCESDIRECTORY: sources,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...dockerd.env,
    },
  });

  it('AwsCiKitCredentials, AwsCiKitSsmSecret: no warning', async () => {
    const sources = await checkout();
    const identity = await readmeStep('azure', 'aws-credentials', connection, azure(sources));
    expect(identity.main.variables.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const ssm = await readmeStep(
      'azure',
      'ssm-secret',
      {
        ...connection,
        readMode: 'single',
        parameterName: TOKEN_PARAMETER,
        singleNameTransform: 'custom',
        customVariableName: 'NUGET_TOKEN',
      },
      azure(sources),
    );
    expect(ssm.main.variables.NUGET_TOKEN).toBe('nuget-token-s3cr3t');
    expect(ssm.main.secretVariables.has('NUGET_TOKEN')).toBe(true);
  }, 180_000);

  it('AwsCiKitEcrPush builds and pushes the short SHA and latest; imageUri and IMAGE_URI name the short SHA', async () => {
    const sources = await checkout();
    const run: CiRun = await readmeStep(
      'azure',
      'ecr-push',
      {
        ...connection,
        dockerfile: 'Dockerfile.webapp',
        buildContext: '.',
        repositoryName: REPOSITORY,
        outputVariable: 'IMAGE_URI',
      },
      azure(sources),
    );
    // The agent passed task.json's defaults: no pushTag, so the README's tags.
    expect(run.inputs.pushTag).toBe('');
    expect(run.inputs.dockerfile).toBe(join(sources, 'Dockerfile.webapp'));
    const short = SHA.slice(0, 7);
    expect(run.main.outputs.tags).toBe(`${short},latest`);
    expect(run.main.outputs.imageUri).toBe(`${host()}/${REPOSITORY}:${short}`);
    expect(run.main.variables.IMAGE_URI).toBe(`${host()}/${REPOSITORY}:${short}`);
    const pushed = await skopeoInspect(`docker://${host()}/${REPOSITORY}:${short}`, access());
    const latest = await skopeoInspect(`docker://${host()}/${REPOSITORY}:latest`, access());
    expect(latest.Digest).toBe(pushed.Digest);
    expect(run.main.outputs.digest).toBe(pushed.Digest);
    expect(run.post?.exitCode, 'the post-job step ran after the successful main').toBe(0);
  }, 240_000);

  it('AwsCiKitCli and AwsCiKitShellScript (the field report, renamed): no warning', async () => {
    const sources = await checkout();
    const cli = await readmeStep(
      'azure',
      'aws-cli',
      { ...connection, awsCommand: 'sts', awsSubCommand: 'get-caller-identity' },
      azure(sources),
    );
    expect(cli.main.lines.join('\n')).toContain('assumed-role/pipeline-role');
    const shell = await readmeStep(
      'azure',
      'shell-script',
      {
        ...connection,
        scriptType: 'inline',
        inlineScript: [
          `token=$(aws ssm get-parameter --name ${TOKEN_PARAMETER} --with-decryption --query Parameter.Value --output text)`,
          'echo "##vso[task.setvariable variable=NUGET_TOKEN;issecret=true]$token"',
        ].join('\n'),
      },
      azure(sources),
    );
    expect(shell.main.variables.NUGET_TOKEN).toBe('nuget-token-s3cr3t');
  }, 180_000);
});

describe('the README pipeline on GitHub Actions, defaults from action.yml', () => {
  const github = (dir: string, env: Record<string, string> = {}): RunStepOptions => ({
    dir,
    env: {
      AWS_ENDPOINT_URL: t.endpoint,
      NODE_EXTRA_CA_CERTS: registry.caFile as string,
      ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
      GITHUB_SHA: SHA,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...dockerd.env,
      ...env,
    },
  });

  it('aws-credentials (OIDC), ssm-secret, ecr-push (build) and a login-only ecr-push: no warning, post included', async () => {
    const dir = await checkout();
    const creds = await readmeStep(
      'github',
      'aws-credentials',
      { 'aws-region': REGION, 'role-to-assume': t.bed.roles.pipeline.arn },
      { ...github(dir), post: false },
    );
    // Later steps get what the step wrote to GITHUB_ENV.
    const later = creds.main.variables;
    const ssm = await readmeStep(
      'github',
      'ssm-secret',
      { names: `${TOKEN_PARAMETER}=NUGET_TOKEN` },
      github(dir, later),
    );
    expect(ssm.post, 'ssm-secret declares no post step').toBeUndefined();
    expect(ssm.main.variables.NUGET_TOKEN).toBe('nuget-token-s3cr3t');
    const push = await readmeStep(
      'github',
      'ecr-push',
      { repository: REPOSITORY, dockerfile: 'Dockerfile.webapp', context: '.' },
      github(dir, later),
    );
    expect(push.main.outputs.tags).toBe(`${SHA.slice(0, 7)},latest`);
    expect(push.main.outputs['image-uri']).toBe(`${host()}/${REPOSITORY}:${SHA.slice(0, 7)}`);
    expect(push.post?.exitCode, 'post-if: always() ran the post step').toBe(0);
    // amazon-ecr-login's use: no inputs at all, only the login.
    const login = await readmeStep(
      'github',
      'ecr-push',
      {},
      github(await mkdtemp(join(work, 'login-')), later),
    );
    expect(login.main.outputs.registry).toBeTruthy();
  }, 300_000);
});
