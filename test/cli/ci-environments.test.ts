/**
 * The CLI bundle as a child process in each CI's simulated environment (their documented variables):
 * run context, OIDC source and default export format per CI, against moto with IAM enforced. moto
 * answers AssumeRoleWithWebIdentity with a 500 once enforcement is on, so those calls go through the
 * fault proxy (test/credentials/support/bed.ts), which verifies the JWT as STS would and re-signs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { buildCli, type CliRun, evalInBash, fakeBuildkiteAgent, jobEnv, runCli } from './support/cli-bed.ts';

let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildCli()]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ARN = 'arn:aws:sts::123456789012:assumed-role/pipeline-role/';
const CANNOT_MASK = /cannot mask values it did not know before the job started/g;

function runContext(run: CliRun): Record<string, string> {
  const match = /run context (\{.*?\}); export (\S+)\./.exec(run.stderr);
  expect(match, run.stderr).not.toBeNull();
  return { ...JSON.parse(match![1]!), export: match![2]! };
}

function expectNoSecret(run: CliRun, secrets: readonly string[]): void {
  for (const s of secrets) expect(run.stderr).not.toContain(s);
}

const EXPORTED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'];

describe('each CI: run context, OIDC source, default export', () => {
  it('GitLab: id_tokens variable GITLAB_OIDC_TOKEN, shell export on stdout', async () => {
    const token = await t.oidc.mint(
      'project_path:group/webapp:ref_type:branch:ref:main',
      t.bed.oidc.audience,
    );
    const env = jobEnv(t.endpoint, t.bed.region, {
      GITLAB_CI: 'true',
      CI_PROJECT_PATH: 'group/webapp',
      CI_PROJECT_URL: 'https://gitlab.example.com/group/webapp',
      CI_PIPELINE_ID: '1001',
      CI_JOB_ID: '5001',
      CI_JOB_NAME: 'deploy',
      CI_COMMIT_SHA: SHA,
      CI_COMMIT_REF_NAME: 'main',
      GITLAB_USER_LOGIN: 'alice',
      CI_SERVER_URL: 'https://gitlab.example.com',
      GITLAB_OIDC_TOKEN: token,
    });
    const run = await runCli(['credentials', '--role-to-assume', t.bed.roles.pipeline.arn, '--debug'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(runContext(run)).toEqual({
      repository: 'group/webapp',
      pipeline: 'deploy',
      runId: '1001',
      runAttempt: '5001',
      commitSha: SHA,
      branch: 'main',
      actor: 'alice',
      serverUrl: 'https://gitlab.example.com',
      repositoryUrl: 'https://gitlab.example.com/group/webapp',
      export: 'shell',
    });
    expect(run.stderr).toContain('OIDC token from GitLab CI/CD id token (variable GITLAB_OIDC_TOKEN).');
    expect(run.stderr).toContain('AWS credentials from GitLab CI/CD OIDC (audience sts.amazonaws.com).');
    expect(run.stderr).toContain(`Authenticated as ${ARN}aws-ci-kit-webapp-1001-5001.`);
    expect(t.webIdentityCalls.at(-1)).toEqual({
      roleArn: t.bed.roles.pipeline.arn,
      sub: 'project_path:group/webapp:ref_type:branch:ref:main',
    });
    const values = await evalInBash(run.stdout, EXPORTED);
    expect(values.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(values.AWS_REGION).toBe(t.bed.region);
    expectNoSecret(run, [token, values.AWS_SECRET_ACCESS_KEY!, values.AWS_SESSION_TOKEN!]);
    expect(run.stderr.match(CANNOT_MASK)).toHaveLength(1);
  }, 60_000);

  it('CircleCI: CIRCLE_OIDC_TOKEN_V2, appended to $BASH_ENV, nothing on stdout', async () => {
    const token = await t.oidc.mint('org/org-id/project/project-id/user/user-id', t.bed.oidc.audience);
    const env = jobEnv(t.endpoint, t.bed.region, {
      CIRCLECI: 'true',
      CIRCLE_PROJECT_USERNAME: 'org',
      CIRCLE_PROJECT_REPONAME: 'webapp',
      CIRCLE_BUILD_NUM: '77',
      CIRCLE_NODE_INDEX: '0',
      CIRCLE_SHA1: SHA,
      CIRCLE_BRANCH: 'main',
      CIRCLE_USERNAME: 'bob',
      CIRCLE_JOB: 'deploy',
      CIRCLE_OIDC_TOKEN_V2: token,
    });
    env.BASH_ENV = join(env.HOME!, 'bash_env');
    writeFileSync(env.BASH_ENV, 'export EARLIER=kept\n');
    const run = await runCli(['credentials', '--role-to-assume', t.bed.roles.pipeline.arn, '--debug'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(runContext(run)).toMatchObject({
      repository: 'org/webapp',
      pipeline: 'deploy',
      runId: '77',
      commitSha: SHA,
      branch: 'main',
      actor: 'bob',
      export: 'bash-env',
    });
    expect(run.stderr).toContain('OIDC token from CircleCI id token (variable CIRCLE_OIDC_TOKEN_V2).');
    expect(run.stderr).toContain(`Authenticated as ${ARN}aws-ci-kit-webapp-77-77.0.`);
    expect(run.stdout).toBe('');
    const values = await evalInBash(readFileSync(env.BASH_ENV, 'utf8'), ['EARLIER', ...EXPORTED]);
    expect(values.EARLIER).toBe('kept');
    expect(values.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expectNoSecret(run, [token, values.AWS_SECRET_ACCESS_KEY!, values.AWS_SESSION_TOKEN!]);
  }, 60_000);

  it('Bitbucket: BITBUCKET_STEP_OIDC_TOKEN, shell export', async () => {
    const token = await t.oidc.mint('{repo-uuid}:{step-uuid}', t.bed.oidc.audience);
    const env = jobEnv(t.endpoint, t.bed.region, {
      BITBUCKET_BUILD_NUMBER: '12',
      BITBUCKET_REPO_FULL_NAME: 'team/webapp',
      BITBUCKET_COMMIT: SHA,
      BITBUCKET_BRANCH: 'main',
      BITBUCKET_STEP_TRIGGERER_UUID: '{5a1e0000-0000-4000-8000-000000000001}',
      BITBUCKET_STEP_OIDC_TOKEN: token,
    });
    const run = await runCli(['credentials', '--role-to-assume', t.bed.roles.pipeline.arn, '--debug'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(runContext(run)).toMatchObject({
      repository: 'team/webapp',
      runId: '12',
      commitSha: SHA,
      branch: 'main',
      actor: '{5a1e0000-0000-4000-8000-000000000001}',
      export: 'shell',
    });
    expect(run.stderr).toContain(
      'OIDC token from Bitbucket Pipelines id token (variable BITBUCKET_STEP_OIDC_TOKEN).',
    );
    expect(run.stderr).toContain(`Authenticated as ${ARN}aws-ci-kit-webapp-12.`);
    const values = await evalInBash(run.stdout, EXPORTED);
    expect(values.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expectNoSecret(run, [token, values.AWS_SECRET_ACCESS_KEY!, values.AWS_SESSION_TOKEN!]);
  }, 60_000);

  it('Buildkite: buildkite-agent oidc request-token, redactor add, env set', async () => {
    const token = await t.oidc.mint(
      'organization:org:pipeline:webapp-deploy:ref:refs/heads/main',
      t.bed.oidc.audience,
    );
    const agent = fakeBuildkiteAgent();
    const tokenFile = join(agent.dir, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    const env = jobEnv(t.endpoint, t.bed.region, {
      BUILDKITE: 'true',
      BUILDKITE_BUILD_NUMBER: '9',
      BUILDKITE_REPO: 'git@github.com:org/webapp.git',
      BUILDKITE_COMMIT: SHA,
      BUILDKITE_BRANCH: 'main',
      BUILDKITE_PULL_REQUEST: 'false',
      BUILDKITE_BUILD_CREATOR: 'carol',
      BUILDKITE_PIPELINE_SLUG: 'webapp-deploy',
      BUILDKITE_RETRY_COUNT: '0',
      FAKE_BK_TOKEN_FILE: tokenFile,
    });
    env.PATH = `${agent.dir}:${env.PATH}`;
    const run = await runCli(['credentials', '--role-to-assume', t.bed.roles.pipeline.arn, '--debug'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(runContext(run)).toMatchObject({
      repository: 'org/webapp',
      pipeline: 'webapp-deploy',
      runId: '9',
      runAttempt: '0',
      commitSha: SHA,
      branch: 'main',
      actor: 'carol',
      export: 'buildkite',
    });
    expect(run.stdout).toBe('');
    const calls = readFileSync(agent.log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [args, input] = line.split('\t');
        return { args: args!, input: Buffer.from(input ?? '', 'base64').toString() };
      });
    expect(calls[0]).toEqual({ args: 'oidc request-token --audience sts.amazonaws.com', input: '' });
    const set = calls.filter((c) => c.args.startsWith('env set'));
    expect(set.map((c) => c.args)).toEqual(['env set --input-format=json --output-format=quiet -']);
    const exported = JSON.parse(set[0]!.input) as Record<string, string>;
    expect(exported.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const redacted = calls.filter((c) => c.args === 'redactor add').map((c) => c.input);
    // Each secret went to the redactor before it was exported.
    for (const secret of [token, exported.AWS_SECRET_ACCESS_KEY!, exported.AWS_SESSION_TOKEN!]) {
      expect(redacted).toContain(secret);
      expect(calls.findIndex((c) => c.input === secret)).toBeLessThan(calls.indexOf(set[0]!));
    }
    expect(run.stderr).not.toMatch(CANNOT_MASK);
    expectNoSecret(run, [token, exported.AWS_SECRET_ACCESS_KEY!, exported.AWS_SESSION_TOKEN!]);
  }, 60_000);

  it('Jenkins: a web identity token file anywhere (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), shell export', async () => {
    const token = await t.oidc.mint('jenkins:webapp', t.bed.oidc.audience);
    const env = jobEnv(t.endpoint, t.bed.region, {
      JENKINS_URL: 'https://jenkins.example.com/',
      BUILD_NUMBER: '42',
      JOB_NAME: 'webapp/main',
      GIT_COMMIT: SHA,
      GIT_BRANCH: 'main',
      GIT_URL: 'https://git.example.com/org/webapp.git',
      BUILD_USER_ID: 'dave',
    });
    env.AWS_WEB_IDENTITY_TOKEN_FILE = join(env.HOME!, 'jenkins-oidc-token');
    writeFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, token);
    env.AWS_ROLE_ARN = t.bed.roles.pipeline.arn;
    const run = await runCli(['credentials', '--debug'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(runContext(run)).toEqual({
      repository: 'org/webapp',
      pipeline: 'webapp/main',
      runId: '42',
      commitSha: SHA,
      branch: 'main',
      actor: 'dave',
      serverUrl: 'https://jenkins.example.com/',
      repositoryUrl: 'https://git.example.com/org/webapp.git',
      export: 'shell',
    });
    expect(run.stderr).toContain(
      `AWS credentials from web identity token file ${env.AWS_WEB_IDENTITY_TOKEN_FILE}.`,
    );
    expect(run.stderr).toContain(`Authenticated as ${ARN}aws-ci-kit-webapp-42.`);
    const values = await evalInBash(run.stdout, EXPORTED);
    expect(values.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expectNoSecret(run, [token, values.AWS_SECRET_ACCESS_KEY!, values.AWS_SESSION_TOKEN!]);
  }, 60_000);

  it('Buildkite: OIDC from buildkite-agent, --export buildkite -> env set (the plugin: test/channels)', async () => {
    const token = await t.oidc.mint('organization:org:pipeline:webapp-deploy', t.bed.oidc.audience);
    const agent = fakeBuildkiteAgent();
    writeFileSync(join(agent.dir, 'token'), token);
    const env = jobEnv(t.endpoint, t.bed.region, {
      BUILDKITE: 'true',
      BUILDKITE_BUILD_NUMBER: '10',
      BUILDKITE_REPO: 'https://github.com/org/webapp.git',
      BUILDKITE_PIPELINE_SLUG: 'webapp-deploy',
      FAKE_BK_TOKEN_FILE: join(agent.dir, 'token'),
      AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
      AWS_CI_KIT_AWS_REGION: t.bed.region,
    });
    env.PATH = `${agent.dir}:${env.PATH}`;
    const { stderr } = await runCli(['credentials', '--export', 'buildkite'], env);
    expect(stderr).toContain(`Authenticated as ${ARN}aws-ci-kit-webapp-10.`);
    const set = readFileSync(agent.log, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('env set'));
    const exported = JSON.parse(Buffer.from(set!.split('\t')[1]!, 'base64').toString()) as Record<
      string,
      string
    >;
    expect(exported.AWS_REGION).toBe(t.bed.region);
    expect(exported.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(stderr).not.toContain(exported.AWS_SECRET_ACCESS_KEY!);
  }, 60_000);
});
