// The shipped bundles, run as each CI runs them (child processes, the real file-command and
// ##vso protocols), through the whole seed pipeline: credentials with an external id from the
// step's own inputs (or the Azure service connection), the ECR token from moto under IAM, the
// daemonless push to the registry under moto's ECR host name over TLS, and the post step.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, type RunStepOptions, runStep } from '../support/ci/index.ts';
import {
  buildScratchImage,
  type EcrRegistry,
  makeOciLayout,
  type OciLayout,
  skopeoInspect,
  startDockerd,
} from '../support/registry/index.js';
import type { EcrAwsBed } from './support/ecr-bed.ts';
import { ECR_PASSWORD, ECR_REGION, type EcrTestBed, startEcrTestBed } from './support/ecr-test-bed.ts';
import { watchArgv } from './support/watch-argv.ts';

const REGION = ECR_REGION;
const PASSWORD = ECR_PASSWORD;
const HOST = `123456789012.dkr.ecr.${REGION}.amazonaws.com`;
const PKG = join(import.meta.dirname, '..', '..', 'packages', 'ecr-push');

let bed: EcrTestBed;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let work: string;
let layout: OciLayout;

const access = () => ({ creds: { user: 'AWS', password: PASSWORD }, certDir: ecr.caDir as string });

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['../../scripts/bundle.mjs'], { cwd: PKG });
  bed = await startEcrTestBed('ecr-bundle');
  ({ aws, ecr, work } = bed);
  layout = await makeOciLayout(join(work, 'layout'), { layers: 2, layerSizeMb: 1, tag: 'v1' });
}, 120_000);

afterAll(() => bed?.stop(), 60_000);

/**
 * Runs a bundle (main, then post after a success) as its CI would, in a fresh directory under the
 * test's work dir, against moto and trusting the registry's CA.
 */
async function runBundle(ci: 'github' | 'azure', options: RunStepOptions) {
  return runStep(ci, join(PKG, 'dist', `${ci}.js`), {
    timeoutMs: 90_000,
    ...options,
    dir: await mkdtemp(join(work, `${ci}-`)),
    env: { AWS_ENDPOINT_URL: aws.endpoint, NODE_EXTRA_CA_CERTS: ecr.caFile as string, ...options.env },
  });
}

/** The action's inputs: the toolkit user's keys (secrets of the workflow), `role` assumed with the external id. */
const githubInputs = (role: 'pipeline' | 'noEcr', more: Record<string, string>) => ({
  inputs: {
    'aws-region': REGION,
    'aws-access-key-id': aws.bed.toolkitUser.accessKeyId,
    'aws-secret-access-key': aws.bed.toolkitUser.secretAccessKey,
    'role-to-assume': aws.bed.roles[role].arn,
    'role-external-id': aws.bed.externalId,
    repository: 'prod/webapp',
    ...more,
  },
  secretInputs: ['aws-secret-access-key'],
});

describe('GitHub Actions bundle', () => {
  it('runs the seed pipeline: assume pipeline-role with the external id, push SHA and latest, post cleans up', async () => {
    const { result: run, seen } = await watchArgv(PASSWORD, () =>
      runBundle('github', {
        ...githubInputs('pipeline', {
          image: layout.dir,
          'create-repository': 'true',
        }),
        debug: true,
        env: { GITHUB_SHA: 'c0ffee1234567890c0ffee1234567890c0ffee12' },
      }),
    );
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(seen).toEqual([]);
    const outputs = run.main.outputs;
    expect(outputs['image-uri']).toBe(`${HOST}/prod/webapp:c0ffee1`);
    expect(outputs.digest).toBe(layout.digest);
    // amazon-ecr-login's outputs, set by default as there: username and (masked) password.
    expect(outputs[`docker_username_${HOST.replace(/[^a-zA-Z0-9_]+/g, '_')}`]).toBe('AWS');
    expect(outputs[`docker_password_${HOST.replace(/[^a-zA-Z0-9_]+/g, '_')}`]).toBe(PASSWORD);
    // The password reaches the CI only after ::add-mask:: (it is in GITHUB_OUTPUT).
    expect(assertMaskedBeforeUse(run.main.events, PASSWORD)).toBeGreaterThan(0);
    assertMaskedBeforeUse(run.main.events, aws.bed.toolkitUser.secretAccessKey);
    expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
    expect(run.main.variables.DOCKER_CONFIG).toMatch(/aws-ci-kit-docker-/);
    expect(run.main.summary).toContain(layout.digest);
    for (const tag of ['c0ffee1', 'latest']) {
      expect((await skopeoInspect(`docker://${HOST}/prod/webapp:${tag}`, access())).Digest).toBe(
        layout.digest,
      );
    }
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.visible.join('\n')).toMatch(/Logged out; removed .*aws-ci-kit-docker-/);
  }, 120_000);

  it('builds and pushes with the docker CLI through @actions/exec: password on stdin only', async () => {
    const dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
    try {
      const app = join(work, 'app');
      await mkdir(app, { recursive: true });
      await writeFile(join(app, 'index.html'), '<h1>webapp</h1>\n');
      await writeFile(join(app, 'Dockerfile.webapp'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
      const { result: run, seen } = await watchArgv(PASSWORD, () =>
        runBundle('github', {
          ...githubInputs('pipeline', { dockerfile: join(app, 'Dockerfile.webapp'), context: app }),
          debug: true,
          env: { ...dockerd.env, GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01' },
        }),
      );
      expect(run.main.errors).toEqual([]);
      expect(run.main.exitCode).toBe(0);
      expect(seen).toEqual([]);
      assertMaskedBeforeUse(run.main.events, PASSWORD);
      expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
      expect(run.main.visible).toContain(`[command]docker push ${HOST}/prod/webapp:abcdef0`);
      expect(run.main.visible).toContain(`[command]docker push ${HOST}/prod/webapp:latest`);
      const digest = run.main.outputs.digest;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await skopeoInspect(`docker://${HOST}/prod/webapp:abcdef0`, access())).Digest).toBe(digest);
      expect(run.post?.exitCode).toBe(0);
    } finally {
      await dockerd.stop();
    }
  }, 180_000);

  it('login only: a later plain `docker push` (no login of its own) finds the login through the exported DOCKER_CONFIG', async () => {
    const dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
    try {
      const image = `${HOST}/prod/webapp:plain-push`;
      await buildScratchImage(dockerd, image, { layers: 1, layerSizeMb: 0.25 });
      const { repository: _none, ...loginOnly } = githubInputs('pipeline', {}).inputs;
      const run = await runBundle('github', {
        inputs: loginOnly,
        secretInputs: ['aws-secret-access-key'],
        post: false,
        env: dockerd.env,
      });
      expect(run.main.errors).toEqual([]);
      expect(run.main.outputs.registry).toBe(HOST);
      const exported = run.main.variables;
      expect(exported.DOCKER_CONFIG).toMatch(/aws-ci-kit-docker-/);
      expect(exported.REGISTRY_AUTH_FILE).toBe(join(exported.DOCKER_CONFIG as string, 'config.json'));
      // The next step of the job: the runner's environment plus what the step exported (GITHUB_ENV),
      // and nothing else; the engine's own client config (a fresh, empty one) is replaced by it.
      const nextStep = { ...process.env, DOCKER_HOST: dockerd.host, ...exported };
      const pushed = await promisify(execFile)('docker', ['push', image], { env: nextStep });
      expect(pushed.stdout).toMatch(/digest: sha256:[0-9a-f]{64}/);
      expect((await skopeoInspect(`docker://${image}`, access())).Digest).toBe(
        /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1],
      );
      // Without the exported DOCKER_CONFIG the same push has no login (the test can fail).
      await expect(
        promisify(execFile)('docker', ['push', image], {
          env: { ...process.env, DOCKER_HOST: dockerd.host, DOCKER_CONFIG: dockerd.configDir },
        }),
      ).rejects.toThrow(/no basic auth credentials|unauthorized|authentication required/i);
    } finally {
      await dockerd.stop();
    }
  }, 180_000);

  it('fails in one line under no-ecr-role', async () => {
    const run = await runBundle('github', {
      ...githubInputs('noEcr', { image: layout.dir }),
      post: 'always',
    });
    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors).toHaveLength(1);
    expect(run.main.errors[0]).toMatch(/^Not allowed to call ecr:GetAuthorizationToken/);
    expect(run.post?.exitCode).toBe(0);
  }, 60_000);
});

describe('Azure Pipelines bundle', () => {
  it('takes ECRPushImage inputs and the AWS service connection with an external id', async () => {
    const run = await runBundle('azure', {
      debug: true,
      endpoints: {
        'aws-conn': {
          scheme: 'UsernamePassword',
          parameters: {
            username: aws.bed.toolkitUser.accessKeyId,
            password: aws.bed.toolkitUser.secretAccessKey,
            assumeRoleArn: aws.bed.roles.pipeline.arn,
            externalId: aws.bed.externalId,
          },
        },
      },
      inputs: {
        awsCredentials: 'aws-conn',
        regionName: REGION,
        imageSource: 'imagename',
        sourceImageName: layout.dir,
        repositoryName: 'prod/webapp',
        pushTag: 'azure-1',
        autoCreateRepository: 'true',
        outputVariable: 'PUSHED_IMAGE',
      },
    });
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(run.main.variables.PUSHED_IMAGE).toBe(`${HOST}/prod/webapp:azure-1`);
    expect(run.main.outputs.imageUri).toBe(`${HOST}/prod/webapp:azure-1`);
    expect(run.main.summary).toContain(layout.digest);
    expect((await skopeoInspect(`docker://${HOST}/prod/webapp:azure-1`, access())).Digest).toBe(
      layout.digest,
    );
    assertMaskedBeforeUse(run.main.events, PASSWORD);
    expect(run.main.visible.join('\n')).not.toContain(PASSWORD);
    expect(run.post?.exitCode).toBe(0);
  }, 120_000);
});
