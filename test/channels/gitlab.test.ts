/**
 * Issue 15, item 5, GitLab: the GENERATED CI/CD catalog project (release layout, gitlab/) as a git
 * project with a `.gitlab-ci.yml` that includes all three components with `include: component:`
 * (pinned to the project's commit, as GitLab documents for testing a component in its own project:
 * gitlab-ci-local resolves it from the project's `templates/`), run by gitlab-ci-local (shell
 * executor, node 24 from the `node24` package) through the layout's single-file CLI against moto.
 * gitlab-ci-local issues no id_tokens, so the JWT (minted by the loopback issuer) is passed with
 * --variable; moto with IAM enforced answers AssumeRoleWithWebIdentity with a 500, so STS calls go
 * through the bed's proxy, which verifies the token as STS would and re-signs the call.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import {
  DUMP_CREDENTIALS,
  expectNoSecret,
  type Layout,
  README_PARAMETER,
  ROLE_ARN,
  readDump,
  readmeBlocks,
  seedReadmeParameter,
  writeLayout,
} from './support/channels.ts';

const run = promisify(execFile);
const TEST_DIR = join(import.meta.dirname, '..');
const NODE24 = join(TEST_DIR, 'node_modules/node24/bin/node');
const GITLAB_CI_LOCAL = join(TEST_DIR, 'node_modules/gitlab-ci-local/dist/index.js');
const SECRET_PARAMETER = '/serenity/production/VSS_NUGET_ACCESSTOKEN';

let t: CredentialsBed;
let layout: Layout;
let project: string;
let sha: string;
beforeAll(async () => {
  [t, layout] = await Promise.all([startCredentialsBed(), writeLayout()]);
  await seedReadmeParameter(t.endpoint, t.bed.region, t.bed.admin);
  // The catalog project as published: the generated folder, committed, with its GitLab remote.
  project = mkdtempSync(join(tmpdir(), 'akit-gitlab-project-'));
  cpSync(join(layout.dir, 'gitlab'), project, { recursive: true });
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: project });
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'ci@example.com');
  await git('config', 'user.name', 'ci');
  await git('add', '-A');
  await git('commit', '-q', '-m', `aws-ci-kit ${layout.version}`);
  await git('remote', 'add', 'origin', 'https://gitlab.example.com/aws-ci-kit/aws-ci-kit.git');
  sha = (await git('rev-parse', 'HEAD')).stdout.trim();
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

/** The pipeline: every component included from the project, a job per component. */
const pipeline = (out: string) => {
  const common = `      role-to-assume: ${t.bed.roles.pipeline.arn}
      aws-region: ${t.bed.region}
      cli: aws-ci-kit`;
  return `include:
  - component: gitlab.example.com/aws-ci-kit/aws-ci-kit/credentials@${sha}
    inputs:
${common}
  - component: gitlab.example.com/aws-ci-kit/aws-ci-kit/ssm-secret@${sha}
    inputs:
${common}
      names: ${SECRET_PARAMETER}=NUGET_TOKEN
  - component: gitlab.example.com/aws-ci-kit/aws-ci-kit/ecr-push@${sha}
    inputs:
${common}
      job-name: push-image
      repository: webapp

whoami:
  extends: .aws-ci-kit-credentials
  before_script:
    - echo "the job's own before_script"
  script:
    - set -x
    - $AWS_CI_KIT exec -- aws sts get-caller-identity --query Arn --output text
    - $AWS_CI_KIT exec -- node ${DUMP_CREDENTIALS} ${out}/credentials.json

deploy:
  extends: .aws-ci-kit-ssm-secret
  script:
    - set -x
    - |
      $AWS_CI_KIT exec -- sh -xc 'printf %s "$NUGET_TOKEN" > ${out}/nuget; echo "token: $NUGET_TOKEN"'
`;
};

async function gitlabCiLocal(
  token: string,
  jobs: string[],
  options: string[] = [],
): Promise<{ code: number; log: string }> {
  const home = mkdtempSync(join(tmpdir(), 'akit-gitlab-home-'));
  const variables = {
    GITLAB_OIDC_TOKEN: token,
    AWS_ENDPOINT_URL: t.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const args = [
    GITLAB_CI_LOCAL,
    '--shell-executor-no-image',
    '--no-color',
    ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
    ...options,
    ...jobs,
  ];
  const env = { PATH: `${layout.bin}:${join(NODE24, '..')}:${process.env.PATH}`, HOME: home };
  try {
    const { stdout, stderr } = await run(NODE24, args, {
      cwd: project,
      env,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, log: `${stdout}\n${stderr}` };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, log: `${e.stdout}\n${e.stderr}` };
  }
}

const jobLog = (job: string) => readFileSync(join(project, `.gitlab-ci-local/output/${job}.log`), 'utf8');

it('include: component: all three from the generated project; exec gives the role and the SSM value, no secret in the log', async () => {
  const out = mkdtempSync(join(tmpdir(), 'akit-gitlab-out-'));
  writeFileSync(join(project, '.gitlab-ci.yml'), pipeline(out));
  const token = await t.oidc.mint('project_path:group/webapp:ref_type:branch:ref:main', t.bed.oidc.audience);
  const result = await gitlabCiLocal(token, ['whoami', 'deploy']);
  expect(result.code, result.log).toBe(0);
  expect(result.log).toMatch(/PASS\s+whoami/);
  expect(result.log).toMatch(/PASS\s+deploy/);
  expect(result.log).toContain("the job's own before_script");
  expect(jobLog('whoami')).toMatch(ROLE_ARN);
  expect(jobLog('deploy')).toContain('token: ***');
  expect(readFileSync(join(out, 'nuget'), 'utf8')).toBe(t.bed.parameters[SECRET_PARAMETER]);
  const got = readDump(join(out, 'credentials.json'));
  const secrets = [token, got.secretAccessKey, got.sessionToken, t.bed.parameters[SECRET_PARAMETER]!];
  for (const log of [result.log, jobLog('whoami'), jobLog('deploy')]) expectNoSecret(log, secrets);

  // The ecr-push component's job, as gitlab-ci-local resolved it (its push runs in ecr.test.ts).
  const { stdout } = await run(NODE24, [GITLAB_CI_LOCAL, '--list-json'], {
    cwd: project,
    env: { PATH: `${join(NODE24, '..')}:${process.env.PATH}`, HOME: tmpdir() },
  });
  const image = (JSON.parse(stdout) as Array<{ name: string; stage: string }>).find(
    (j) => j.name === 'push-image',
  );
  expect(image?.stage).toBe('build');
}, 300_000);

it('a failing credentials call (STS refuses the token) fails the job', async () => {
  const out = mkdtempSync(join(tmpdir(), 'akit-gitlab-out-'));
  writeFileSync(join(project, '.gitlab-ci.yml'), pipeline(out));
  const token = await t.oidc.mint('project_path:group/webapp:ref_type:branch:ref:main', 'wrong-audience');
  const result = await gitlabCiLocal(token, ['whoami']);
  expect(result.code).not.toBe(0);
  expect(result.log).toMatch(/FAIL\s+whoami/);
  expectNoSecret(result.log, [token]);
}, 300_000);

it("the root README's GitLab snippet, with the components of the generated project", async () => {
  const [snippet, ...more] = readmeBlocks('yaml', '### Every other CI', /^## /m);
  expect(more).toEqual([]);
  // The README's placeholders, replaced as a user does: the server, the release (here the
  // project's commit) and the role.
  writeFileSync(
    join(project, '.gitlab-ci.yml'),
    snippet!
      .replaceAll('$CI_SERVER_FQDN/', 'gitlab.example.com/')
      .replaceAll('@<version>', `@${sha}`)
      .replaceAll(':role/gitlab-deploy', `:role/${t.bed.roles.pipeline.name}`),
  );
  writeFileSync(
    join(project, 'deploy.sh'),
    '#!/bin/sh\nset -e\nprintf %s "$DB_PASSWORD" > "$DUMP"\necho "deploying with $DB_PASSWORD"\n',
    { mode: 0o755 },
  );
  const out = mkdtempSync(join(tmpdir(), 'akit-gitlab-out-'));
  const token = await t.oidc.mint('project_path:group/webapp:ref_type:branch:ref:main', t.bed.oidc.audience);
  // `image: node:22` would start a container: the shell executor runs the script instead; the
  // components' `cli` input (the pinned npm package by default) is the layout's file here.
  const result = await gitlabCiLocal(
    token,
    ['whoami', 'deploy'],
    ['--force-shell-executor', '--input', 'cli=aws-ci-kit', '--variable', `DUMP=${out}/db-password`],
  );
  expect(result.code, result.log).toBe(0);
  expect(jobLog('whoami')).toMatch(ROLE_ARN);
  expect(jobLog('deploy')).toContain('deploying with ***');
  expect(readFileSync(join(out, 'db-password'), 'utf8')).toBe(README_PARAMETER.value);
  for (const log of [result.log, jobLog('whoami'), jobLog('deploy')])
    expectNoSecret(log, [token, README_PARAMETER.value]);
}, 300_000);
