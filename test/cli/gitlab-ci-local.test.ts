/**
 * The GitLab CI/CD component (templates/gitlab/templates/credentials.yml) in a real `.gitlab-ci.yml`
 * job, run by gitlab-ci-local (shell executor, node 24 from the `node24` package) against moto: the
 * job gets credentials from its OIDC token variable, `aws sts get-caller-identity` in the same job
 * prints the assumed role, and the job log holds no secret. gitlab-ci-local issues no id_tokens, so
 * the JWT (minted by the loopback issuer) is passed with --variable. moto with IAM enforced answers
 * AssumeRoleWithWebIdentity with a 500, so STS calls go through the fault proxy, which verifies the
 * token as STS would and re-signs the call.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { buildCli, CLI_BUNDLE } from './support/cli-bed.ts';

const run = promisify(execFile);
const TEST_DIR = join(import.meta.dirname, '..');
const NODE24 = join(TEST_DIR, 'node_modules/node24/bin/node');
const GITLAB_CI_LOCAL = join(TEST_DIR, 'node_modules/gitlab-ci-local/dist/index.js');
const COMPONENT = join(import.meta.dirname, '../../templates/gitlab/templates/credentials.yml');

let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildCli()]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

it('a .gitlab-ci.yml job with the component: OIDC -> assumed role, no secret in the job log', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'akit-gitlab-'));
  const home = mkdtempSync(join(tmpdir(), 'akit-gitlab-home-'));
  const secretDump = join(home, 'secret-for-the-test');
  mkdirSync(join(repo, 'templates'));
  copyFileSync(COMPONENT, join(repo, 'templates/credentials.yml'));
  writeFileSync(
    join(repo, '.gitlab-ci.yml'),
    `include:
  - local: templates/credentials.yml
    inputs:
      role-to-assume: ${t.bed.roles.pipeline.arn}
      aws-region: ${t.bed.region}
      cli: node ${CLI_BUNDLE}

deploy:
  extends: .aws-ci-kit-credentials
  script:
    - aws sts get-caller-identity --query Arn --output text
    # Test only: hand the secret to the test through a file (never the log) so it can check the log.
    - printf '%s' "$AWS_SECRET_ACCESS_KEY" > ${secretDump}
`,
  );
  const git = (...args: string[]) => run('git', args, { cwd: repo });
  await git('init', '-q', '-b', 'main');
  await git(
    '-c',
    'user.email=ci@example.com',
    '-c',
    'user.name=ci',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'init',
  );
  await git('add', '-A');
  await git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '-m', 'pipeline');
  await git('remote', 'add', 'origin', 'https://gitlab.example.com/group/webapp.git');

  const token = await t.oidc.mint('project_path:group/webapp:ref_type:branch:ref:main', t.bed.oidc.audience);
  const variables = {
    GITLAB_OIDC_TOKEN: token,
    AWS_ENDPOINT_URL: t.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const { stdout, stderr } = await run(
    NODE24,
    [
      GITLAB_CI_LOCAL,
      '--shell-executor-no-image',
      '--no-color',
      ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
      'deploy',
    ],
    {
      cwd: repo,
      env: { PATH: `${join(NODE24, '..')}:${process.env.PATH}`, HOME: home },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const log = `${stdout}\n${stderr}`;
  expect(log).toMatch(/deploy\s+> arn:aws:sts::123456789012:assumed-role\/pipeline-role\/aws-ci-kit-webapp-/);
  expect(log).toContain('OIDC token from GitLab CI/CD id token (variable GITLAB_OIDC_TOKEN).');
  expect(log).toMatch(/PASS\s+deploy/);
  expect(t.webIdentityCalls.at(-1)?.sub).toBe('project_path:group/webapp:ref_type:branch:ref:main');
  const secret = readFileSync(secretDump, 'utf8');
  expect(secret).toMatch(/^\S{20,}$/);
  const jobLog = readFileSync(join(repo, '.gitlab-ci-local/output/deploy.log'), 'utf8');
  for (const text of [log, jobLog]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/ASIA[A-Z0-9]{16}/);
  }
}, 240_000);
