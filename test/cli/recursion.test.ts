/**
 * Profiles the CLI writes, read by the real AWS CLI (botocore): a credential_process profile cannot
 * start itself again (AWS_PROFILE naming it, no keys and no token in a later step: the AWS CLI fails
 * in one line within its deadline, and at most two CLI processes ever exist, counted by a preload
 * script), and multi-line flag values are written so that the file still parses and the profile
 * works. Against moto with IAM enforced; OIDC through the credentials bed's proxy.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { buildCli, jobEnv, runCli } from './support/cli-bed.ts';

const run = promisify(execFile);
let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildCli()]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const SESSION = /^arn:aws:sts::123456789012:assumed-role\/pipeline-role\//;

async function gitlabJob(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return jobEnv(t.endpoint, t.bed.region, {
    GITLAB_CI: 'true',
    CI_PROJECT_PATH: 'group/webapp',
    CI_PIPELINE_ID: '2002',
    CI_JOB_ID: '6002',
    GITLAB_OIDC_TOKEN: await t.oidc.mint('project_path:group/webapp', t.bed.oidc.audience),
    AWS_PAGER: '',
    ...extra,
  });
}

/** NODE_OPTIONS that make every node process append its pid to `file` (the CLI is the only node here). */
function countingNode(dir: string): { env: Record<string, string>; count: () => number } {
  const file = join(dir, 'node-processes');
  const preload = join(dir, 'count.cjs');
  writeFileSync(file, '');
  writeFileSync(preload, `require('fs').appendFileSync(${JSON.stringify(file)}, process.pid + '\\n');\n`);
  return {
    env: { NODE_OPTIONS: `--require ${preload}` },
    count: () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length,
  };
}

async function aws(args: readonly string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('aws', [...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('credential_process cannot recurse', () => {
  it('AWS_PROFILE is the written profile, no keys, no token: the AWS CLI fails in one line, at most two CLI processes', async () => {
    const env = await gitlabJob();
    const counter = countingNode(env.HOME!);
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--export',
        'credential-process',
        '--aws-profile',
        'ci',
      ],
      { ...env, ...counter.env },
    );
    expect(write.code, write.stderr).toBe(0);
    expect(counter.count()).toBe(1);

    // A later step: the profile, and nothing the command could get credentials from.
    const later: Record<string, string> = {
      ...env,
      ...counter.env,
      AWS_PROFILE: 'ci',
      AWS_DEFAULT_REGION: t.bed.region,
    };
    delete later.GITLAB_OIDC_TOKEN;
    const started = Date.now();
    const result = await aws(['sts', 'get-caller-identity'], later);
    const took = Date.now() - started;
    expect(result.code).not.toBe(0);
    expect(took).toBeLessThan(30_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/custom-process|credential/i);
    // Nothing still spawning after the AWS CLI gave up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(counter.count()).toBeLessThanOrEqual(2);
  }, 90_000);

  it('refuses to write a credential_process into the default profile (it would read itself)', async () => {
    const env = await gitlabJob();
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--export',
        'credential-process',
        '--aws-profile',
        'default',
      ],
      env,
    );
    expect(write.code).toBe(2);
    expect(write.stderr.trim().split('\n')).toHaveLength(1);
    expect(write.stderr).toMatch(/cannot write profile `default`/);
  }, 60_000);
});

describe('a profile the CLI writes always parses', () => {
  const policy = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
    },
    null,
    2,
  );

  it('multi-line values (a flag given twice, a pretty-printed policy): the AWS CLI reads the profile back and runs as the role', async () => {
    const env = await gitlabJob();
    mkdirSync(dirname(env.AWS_CONFIG_FILE!), { recursive: true });
    writeFileSync(env.AWS_CONFIG_FILE!, '[profile other]\nregion = us-west-2\n', { mode: 0o600 });
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--managed-session-policies',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        '--managed-session-policies',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        '--inline-session-policy',
        policy,
        '--export',
        'credential-process',
        '--aws-profile',
        'ci',
      ],
      env,
    );
    expect(write.code, write.stderr).toBe(0);
    const cliEnv: Record<string, string> = { ...env, AWS_PROFILE: 'ci' };
    delete cliEnv.AWS_REGION;
    const line = await aws(['configure', 'get', 'credential_process', '--profile', 'ci'], cliEnv);
    expect(line.code, line.stderr).toBe(0);
    expect(line.stdout).toContain(
      "'--managed-session-policies=arn:aws:iam::aws:policy/ReadOnlyAccess' '--managed-session-policies=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'",
    );
    expect(line.stdout).toContain(
      '\'--inline-session-policy={\' \'--inline-session-policy=  "Version": "2012-10-17",\'',
    );
    // The other profile of the file still parses.
    const other = await aws(['configure', 'get', 'region', '--profile', 'other'], cliEnv);
    expect(other.stdout.trim()).toBe('us-west-2');
    const who = await aws(['sts', 'get-caller-identity', '--output', 'json'], cliEnv);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toMatch(SESSION);
    expect(
      readFileSync(env.AWS_CONFIG_FILE!, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('credential_process')),
    ).toHaveLength(1);
  }, 90_000);

  it('a value with a carriage return is refused in one line, and nothing is written', async () => {
    const env = await gitlabJob();
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--role-session-name',
        'a\rb',
        '--export',
        'credential-process',
        '--aws-profile',
        'ci',
      ],
      env,
    );
    expect(write.code).toBe(2);
    expect(write.stderr.trim().split('\n')).toHaveLength(1);
    expect(() => readFileSync(env.AWS_CONFIG_FILE!)).toThrow(/ENOENT/);
  }, 60_000);
});
