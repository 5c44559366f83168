// The shipped bundles, run as each CI runs them (child processes, the real file-command and
// ##vso protocols), through the whole seed pipeline: credentials with an external id from the
// step's own inputs (or the Azure service connection), the ECR token from moto under IAM, the
// daemonless push to the registry under moto's ECR host name over TLS, and the post step.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValues, runAzure, runGithub } from '../contract/harness.ts';
import { assertMaskedBeforeUse } from '../contract/mask-check.ts';
import {
  type EcrRegistry,
  makeOciLayout,
  makeTempDir,
  type OciLayout,
  skopeoInspect,
  startDockerd,
  withEcrHostname,
} from '../support/registry/index.js';
import { type EcrAwsBed, startEcrAwsBed } from './support/ecr-bed.ts';
import { lockEcrHostname } from './support/ecr-hostname-lock.ts';
import { watchArgv } from './support/watch-argv.ts';

const REGION = 'eu-central-1';
const PASSWORD = '123456789012-auth-token';
const HOST = `123456789012.dkr.ecr.${REGION}.amazonaws.com`;
const PKG = join(import.meta.dirname, '..', '..', 'packages', 'ecr-push');
const scenario = {} as never; // the harness's contract-fixture input, unused by this step

let unlock: () => Promise<void>;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let work: string;
let layout: OciLayout;

const access = () => ({ creds: { user: 'AWS', password: PASSWORD }, certDir: ecr.caDir as string });

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['../../scripts/bundle.mjs'], { cwd: PKG });
  unlock = await lockEcrHostname();
  work = await makeTempDir('ecr-bundle');
  [aws, ecr, layout] = await Promise.all([
    startEcrAwsBed(),
    withEcrHostname(REGION),
    makeOciLayout(join(work, 'layout'), { layers: 2, layerSizeMb: 1, tag: 'v1' }),
  ]);
  await ecr.addUser('AWS', PASSWORD);
}, 120_000);

afterAll(async () => {
  await ecr?.stop();
  await aws?.stop();
  const { rm } = await import('node:fs/promises');
  if (work) await rm(work, { recursive: true, force: true });
  await unlock?.();
}, 60_000);

const awsEnv = () => ({
  AWS_ENDPOINT_URL: aws.endpoint,
  AWS_EC2_METADATA_DISABLED: 'true',
  NODE_EXTRA_CA_CERTS: ecr.caFile as string,
});

describe('GitHub Actions bundle', () => {
  it('runs the seed pipeline: assume pipeline-role with the external id, push SHA and latest, post cleans up', async () => {
    const { result: run, seen } = await watchArgv(PASSWORD, () =>
      runGithub(join(PKG, 'dist', 'github.js'), {
        scenario,
        debug: true,
        env: {
          ...awsEnv(),
          GITHUB_SHA: 'c0ffee1234567890c0ffee1234567890c0ffee12',
          'INPUT_AWS-REGION': REGION,
          'INPUT_AWS-ACCESS-KEY-ID': aws.bed.toolkitUser.accessKeyId,
          'INPUT_AWS-SECRET-ACCESS-KEY': aws.bed.toolkitUser.secretAccessKey,
          'INPUT_ROLE-TO-ASSUME': aws.bed.roles.pipeline.arn,
          'INPUT_ROLE-EXTERNAL-ID': aws.bed.externalId,
          INPUT_REPOSITORY: 'prod/webapp',
          INPUT_IMAGE: layout.dir,
          'INPUT_CREATE-REPOSITORY': 'true',
          'INPUT_OUTPUT-DOCKER-CREDENTIALS': 'true',
        },
      }),
    );
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(seen).toEqual([]);
    const outputs = lastValues(run.main.outputs);
    expect(outputs['image-uri']).toBe(`${HOST}/prod/webapp:c0ffee1`);
    expect(outputs.digest).toBe(layout.digest);
    expect(outputs[`docker_password_${HOST.replace(/[^a-zA-Z0-9_]+/g, '_')}`]).toBe(PASSWORD);
    // The password reaches the CI only after ::add-mask:: (it is in GITHUB_OUTPUT, on request).
    expect(assertMaskedBeforeUse(run.main.events, PASSWORD)).toBeGreaterThan(0);
    expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
    expect(lastValues(run.main.variables).DOCKER_CONFIG).toMatch(/aws-ci-kit-docker-/);
    expect(run.main.summary).toContain(layout.digest);
    for (const tag of ['c0ffee1', 'latest']) {
      expect((await skopeoInspect(`docker://${HOST}/prod/webapp:${tag}`, access())).Digest).toBe(
        layout.digest,
      );
    }
    expect(run.post.exitCode).toBe(0);
    expect(run.post.visible.join('\n')).toMatch(/Logged out; removed .*aws-ci-kit-docker-/);
  }, 120_000);

  it('builds and pushes with the docker CLI through @actions/exec: password on stdin only', async () => {
    const dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
    try {
      const app = join(work, 'app');
      await mkdir(app, { recursive: true });
      await writeFile(join(app, 'index.html'), '<h1>webapp</h1>\n');
      await writeFile(join(app, 'Dockerfile.webapp'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
      const { result: run, seen } = await watchArgv(PASSWORD, () =>
        runGithub(join(PKG, 'dist', 'github.js'), {
          scenario,
          debug: true,
          env: {
            ...awsEnv(),
            ...dockerd.env,
            GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
            'INPUT_AWS-REGION': REGION,
            'INPUT_AWS-ACCESS-KEY-ID': aws.bed.toolkitUser.accessKeyId,
            'INPUT_AWS-SECRET-ACCESS-KEY': aws.bed.toolkitUser.secretAccessKey,
            'INPUT_ROLE-TO-ASSUME': aws.bed.roles.pipeline.arn,
            'INPUT_ROLE-EXTERNAL-ID': aws.bed.externalId,
            INPUT_REPOSITORY: 'prod/webapp',
            INPUT_DOCKERFILE: join(app, 'Dockerfile.webapp'),
            INPUT_CONTEXT: app,
          },
        }),
      );
      expect(run.main.errors).toEqual([]);
      expect(run.main.exitCode).toBe(0);
      expect(seen).toEqual([]);
      expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
      expect(run.main.visible).toContain(`[command]docker push ${HOST}/prod/webapp:abcdef0`);
      expect(run.main.visible).toContain(`[command]docker push ${HOST}/prod/webapp:latest`);
      const digest = lastValues(run.main.outputs).digest;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await skopeoInspect(`docker://${HOST}/prod/webapp:abcdef0`, access())).Digest).toBe(digest);
      expect(run.post.exitCode).toBe(0);
    } finally {
      await dockerd.stop();
    }
  }, 180_000);

  it('fails in one line under no-ecr-role', async () => {
    const run = await runGithub(join(PKG, 'dist', 'github.js'), {
      scenario,
      debug: false,
      env: {
        ...awsEnv(),
        'INPUT_AWS-REGION': REGION,
        'INPUT_AWS-ACCESS-KEY-ID': aws.bed.toolkitUser.accessKeyId,
        'INPUT_AWS-SECRET-ACCESS-KEY': aws.bed.toolkitUser.secretAccessKey,
        'INPUT_ROLE-TO-ASSUME': aws.bed.roles.noEcr.arn,
        'INPUT_ROLE-EXTERNAL-ID': aws.bed.externalId,
        INPUT_REPOSITORY: 'prod/webapp',
        INPUT_IMAGE: layout.dir,
      },
    });
    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors).toHaveLength(1);
    expect(run.main.errors[0]).toMatch(/^Not allowed to call ecr:GetAuthorizationToken/);
  }, 60_000);
});

describe('Azure Pipelines bundle', () => {
  it('takes ECRPushImage inputs and the AWS service connection with an external id', async () => {
    const run = await runAzure(join(PKG, 'dist', 'azure.js'), {
      scenario,
      debug: true,
      endpoints: {
        'aws-conn': {
          url: 'https://aws.amazon.com/',
          scheme: 'UsernamePassword',
          parameters: {
            username: aws.bed.toolkitUser.accessKeyId,
            password: aws.bed.toolkitUser.secretAccessKey,
            assumeRoleArn: aws.bed.roles.pipeline.arn,
            externalId: aws.bed.externalId,
          },
        },
      },
      env: {
        ...awsEnv(),
        INPUT_AWSCREDENTIALS: 'aws-conn',
        INPUT_REGIONNAME: REGION,
        INPUT_IMAGESOURCE: 'imagename',
        INPUT_SOURCEIMAGENAME: layout.dir,
        INPUT_REPOSITORYNAME: 'prod/webapp',
        INPUT_PUSHTAG: 'azure-1',
        INPUT_AUTOCREATEREPOSITORY: 'true',
        INPUT_OUTPUTVARIABLE: 'PUSHED_IMAGE',
      },
    });
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(lastValues(run.main.variables).PUSHED_IMAGE).toBe(`${HOST}/prod/webapp:azure-1`);
    expect(lastValues(run.main.outputs).imageUri).toBe(`${HOST}/prod/webapp:azure-1`);
    expect(run.main.summary).toContain(layout.digest);
    expect((await skopeoInspect(`docker://${HOST}/prod/webapp:azure-1`, access())).Digest).toBe(
      layout.digest,
    );
    expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
    expect(run.post.exitCode).toBe(0);
  }, 120_000);
});
