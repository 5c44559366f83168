/**
 * Issue 15, item 5, the ECR push of every channel: the GitLab `ecr-push` component (gitlab-ci-local,
 * `include: component:` from the generated project), the CircleCI orb's `ecr_push` command, the
 * Buildkite plugin's `ecr-push` (post-command, credentials from the pre-command profile) and the
 * Bitbucket pipe's ECR_REPOSITORY, each pushing an OCI layout (buildah) daemonless through the
 * layout's single-file CLI with the job's OIDC token, to the TLS registry serving moto's ECR host
 * name (port 443, under the machine-wide lock). Each asserts: the image is in the registry (skopeo),
 * no secret (the ECR password, the OIDC token) in the log, and a refused token fails the job.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { lockEcrHostname } from '../ecr/support/ecr-hostname-lock.ts';
import {
  type EcrRegistry,
  makeOciLayout,
  motoEcrPassword,
  type OciLayout,
  skopeoInspect,
  withEcrHostname,
} from '../support/registry/index.js';
import { expectNoSecret, type Layout, writeLayout } from './support/channels.ts';
import { type JobContext, runBitbucketPipe, runBuildkiteJob, runCircleciJob } from './support/runners.ts';

const run = promisify(execFile);
const TEST_DIR = join(import.meta.dirname, '..');
const NODE24 = join(TEST_DIR, 'node_modules/node24/bin/node');
const GITLAB_CI_LOCAL = join(TEST_DIR, 'node_modules/gitlab-ci-local/dist/index.js');
const PASSWORD = motoEcrPassword();
const CHANNELS = ['gitlab', 'circleci', 'buildkite', 'bitbucket'] as const;

let t: CredentialsBed;
let layout: Layout;
let ecr: EcrRegistry;
let image: OciLayout;
let unlock: (() => Promise<void>) | undefined;
beforeAll(async () => {
  unlock = await lockEcrHostname();
  [t, layout, ecr] = await Promise.all([
    startCredentialsBed(),
    writeLayout(),
    withEcrHostname('eu-central-1'),
  ]);
  await ecr.addUser('AWS', PASSWORD);
  image = await makeOciLayout(join(mkdtempSync(join(tmpdir(), 'akit-ecr-image-')), 'layout'), { tag: 'v1' });
  const client = new ECRClient({
    endpoint: t.endpoint,
    region: t.bed.region,
    credentials: { accessKeyId: t.bed.admin.accessKeyId, secretAccessKey: t.bed.admin.secretAccessKey },
  });
  for (const channel of CHANNELS)
    await client.send(new CreateRepositoryCommand({ repositoryName: `${channel}/webapp` }));
  client.destroy();
}, 300_000);
afterAll(async () => {
  await ecr?.stop();
  await t?.stop();
  await unlock?.();
}, 60_000);

const job = (): JobContext => ({
  layout,
  endpoint: t.endpoint,
  env: { NODE_EXTRA_CA_CERTS: ecr.caFile as string },
});
const token = (audience = t.bed.oidc.audience) => t.oidc.mint('subject-of-the-job', audience);
const pushed = async (repository: string) =>
  (
    await skopeoInspect(`docker://${ecr.hostname}/${repository}:v1`, {
      creds: { user: 'AWS', password: PASSWORD },
      certDir: ecr.caDir as string,
    })
  ).Digest;
const secrets = (jwt: string) => [jwt, PASSWORD, Buffer.from(`AWS:${PASSWORD}`).toString('base64')];

it('CircleCI: the ecr_push command pushes the image; a refused token fails the step', async () => {
  const params = (repository: string) => ({
    repository,
    image: image.dir,
    tags: 'v1',
    role_to_assume: t.bed.roles.pipeline.arn,
    aws_region: t.bed.region,
    cli: 'aws-ci-kit',
  });
  const jwt = await token();
  const ok = await runCircleciJob(job(), [{ orb: ['ecr_push', params('circleci/webapp')] }], jwt);
  expect(ok.code, ok.log).toBe(0);
  expect(await pushed('circleci/webapp')).toBe(image.digest);
  expectNoSecret(ok.log, secrets(jwt));
  const refused = await runCircleciJob(
    job(),
    [{ orb: ['ecr_push', params('circleci/other')] }],
    await token('x'),
  );
  expect(refused.code).not.toBe(0);
}, 180_000);

it('Buildkite: ecr-push in post-command, with the pre-command profile; a refused token fails the job', async () => {
  const plugin = {
    BUILDKITE_PLUGIN_AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
    BUILDKITE_PLUGIN_AWS_CI_KIT_AWS_REGION: t.bed.region,
    BUILDKITE_PLUGIN_AWS_CI_KIT_CLI: 'aws-ci-kit',
    BUILDKITE_PLUGIN_AWS_CI_KIT_ECR_PUSH_REPOSITORY: 'buildkite/webapp',
    BUILDKITE_PLUGIN_AWS_CI_KIT_ECR_PUSH_IMAGE: image.dir,
    BUILDKITE_PLUGIN_AWS_CI_KIT_ECR_PUSH_TAGS: 'v1',
  };
  const jwt = await token();
  const ok = await runBuildkiteJob(job(), plugin, 'true', jwt);
  expect(ok.code, ok.log).toBe(0);
  expect(await pushed('buildkite/webapp')).toBe(image.digest);
  expectNoSecret(ok.log, secrets(jwt));
  const refused = await runBuildkiteJob(job(), plugin, 'true', await token('x'));
  expect(refused.code).not.toBe(0);
}, 180_000);

it('Bitbucket: the pipe with ECR_REPOSITORY pushes the image; a refused token fails the pipe', async () => {
  const variables = {
    AWS_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
    AWS_REGION: t.bed.region,
    ECR_REPOSITORY: 'bitbucket/webapp',
    IMAGE: image.dir,
    ECR_TAGS: 'v1',
  };
  const jwt = await token();
  const ok = await runBitbucketPipe(job(), variables, jwt);
  expect(ok.code, ok.log).toBe(0);
  expect(await pushed('bitbucket/webapp')).toBe(image.digest);
  expectNoSecret(ok.log, secrets(jwt));
  const refused = await runBitbucketPipe(job(), variables, await token('x'));
  expect(refused.code).not.toBe(0);
}, 180_000);

it('GitLab: the ecr-push component from the generated project (gitlab-ci-local) pushes; a refused token fails the job', async () => {
  const project = mkdtempSync(join(tmpdir(), 'akit-gitlab-ecr-'));
  cpSync(join(layout.dir, 'gitlab'), project, { recursive: true });
  const git = (...args: string[]) => run('git', args, { cwd: project });
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'ci@example.com');
  await git('config', 'user.name', 'ci');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'catalog');
  await git('remote', 'add', 'origin', 'https://gitlab.example.com/aws-ci-kit/aws-ci-kit.git');
  const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
  writeFileSync(
    join(project, '.gitlab-ci.yml'),
    `include:
  - component: gitlab.example.com/aws-ci-kit/aws-ci-kit/ecr-push@${sha}
    inputs:
      role-to-assume: ${t.bed.roles.pipeline.arn}
      aws-region: ${t.bed.region}
      repository: gitlab/webapp
      image: ${image.dir}
      tags: v1
      cli: aws-ci-kit
`,
  );
  const gitlabCiLocal = async (jwt: string) => {
    const home = mkdtempSync(join(tmpdir(), 'akit-gitlab-home-'));
    const variables = {
      GITLAB_OIDC_TOKEN: jwt,
      AWS_ENDPOINT_URL: t.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_EXTRA_CA_CERTS: ecr.caFile as string,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const args = [
      GITLAB_CI_LOCAL,
      '--shell-executor-no-image',
      '--no-color',
      ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
      'ecr-push',
    ];
    const env = { PATH: `${layout.bin}:${join(NODE24, '..')}:${process.env.PATH}`, HOME: home };
    return run(NODE24, args, { cwd: project, env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ code: 0, log: `${stdout}\n${stderr}` }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        log: `${e.stdout}\n${e.stderr}`,
      }),
    );
  };
  const jwt = await token();
  const ok = await gitlabCiLocal(jwt);
  expect(ok.code, ok.log).toBe(0);
  expect(ok.log).toMatch(/PASS\s+ecr-push/);
  expect(await pushed('gitlab/webapp')).toBe(image.digest);
  const jobLog = readFileSync(join(project, '.gitlab-ci-local/output/ecr-push.log'), 'utf8');
  for (const log of [ok.log, jobLog]) expectNoSecret(log, secrets(jwt));
  const refused = await gitlabCiLocal(await token('x'));
  expect(refused.code).not.toBe(0);
  expect(refused.log).toMatch(/FAIL\s+ecr-push/);
}, 300_000);
