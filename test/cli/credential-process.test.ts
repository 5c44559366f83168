/**
 * `credential_process` mode: `aws-ci-kit credentials --export credential-process` writes a profile
 * whose credential_process runs the CLI bundle; the real AWS CLI, given only that profile, calls STS
 * as the assumed role, and botocore (the AWS CLI's own library) calls it again when the first
 * credentials come due for refresh, getting fresh ones. OIDC (GitLab id token) through the fault
 * proxy: moto with IAM enforced answers AssumeRoleWithWebIdentity with a 500, the proxy verifies the
 * JWT as STS would and re-signs the call.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { buildCli, CLI_BUNDLE, jobEnv, runCli } from './support/cli-bed.ts';

const run = promisify(execFile);
let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildCli()]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const SESSION = /^arn:aws:sts::123456789012:assumed-role\/pipeline-role\/aws-ci-kit-webapp-2002-6002$/;

async function gitlabJob(): Promise<Record<string, string>> {
  return jobEnv(t.endpoint, t.bed.region, {
    GITLAB_CI: 'true',
    CI_PROJECT_PATH: 'group/webapp',
    CI_PIPELINE_ID: '2002',
    CI_JOB_ID: '6002',
    GITLAB_OIDC_TOKEN: await t.oidc.mint('project_path:group/webapp', t.bed.oidc.audience),
  });
}

describe('credential_process', () => {
  it('credential-process prints the Version 1 JSON with Expiration, nothing else on stdout', async () => {
    const env = await gitlabJob();
    const result = await runCli(
      ['credential-process', '--role-to-assume', t.bed.roles.pipeline.arn, '--role-duration-seconds', '900'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'SecretAccessKey',
      'SessionToken',
      'Version',
    ]);
    expect(json.Version).toBe(1);
    const ttl = Date.parse(String(json.Expiration)) - Date.now();
    expect(ttl).toBeGreaterThan(800_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
    // It runs inside the user's AWS tool on every refresh: nothing on stderr unless something is wrong.
    expect(result.stderr).toBe('');
  }, 60_000);

  it('--export profile: the keys in a named profile (0600) that the AWS CLI uses', async () => {
    const env = await gitlabJob();
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--export',
        'profile',
        '--aws-profile',
        'keys',
      ],
      env,
    );
    expect(write.code, write.stderr).toBe(0);
    expect(write.stdout).toBe('');
    expect(statSync(env.AWS_SHARED_CREDENTIALS_FILE!).mode & 0o777).toBe(0o600);
    expect(readFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toMatch(
      /^\[keys\]\naws_access_key_id = ASIA/,
    );
    const cliEnv: Record<string, string> = { ...env, AWS_PROFILE: 'keys', AWS_PAGER: '' };
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: cliEnv,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout).Arn).toMatch(SESSION);
  }, 60_000);

  it('the AWS CLI with only the written profile is the assumed role, and gets fresh credentials when they come due', async () => {
    const env = await gitlabJob();
    const write = await runCli(
      [
        'credentials',
        '--role-to-assume',
        t.bed.roles.pipeline.arn,
        '--role-duration-seconds',
        '900',
        '--export',
        'credential-process',
        '--aws-profile',
        'ci',
      ],
      env,
    );
    expect(write.code, write.stderr).toBe(0);
    expect(write.stdout).toBe('');
    const config = readFileSync(env.AWS_CONFIG_FILE!, 'utf8');
    expect(statSync(env.AWS_CONFIG_FILE!).mode & 0o777).toBe(0o600);
    expect(config).toContain('[profile ci]\n');
    expect(config).toContain(
      `credential_process = '${process.execPath}' '${CLI_BUNDLE}' 'credential-process' '--serves-profile=ci' '--role-to-assume=${t.bed.roles.pipeline.arn}' '--role-duration-seconds=900' '--aws-region=${t.bed.region}'\n`,
    );
    // No key anywhere: neither in the environment nor in the files.
    expect(config).not.toMatch(/aws_secret_access_key|ASIA/);
    expect(() => readFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).toThrow(/ENOENT/);

    const cliEnv: Record<string, string> = { ...env, AWS_PROFILE: 'ci', AWS_PAGER: '' };
    delete cliEnv.AWS_REGION;
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: cliEnv,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout).Arn).toMatch(SESSION);

    // One botocore session, two calls: the 900 s credentials are inside botocore's 15-minute refresh
    // window, so the second call runs credential_process again and signs with new keys.
    const script = [
      'import botocore.session, json, os',
      "s = botocore.session.Session(profile='ci')",
      "c = s.create_client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL'])",
      'creds = s.get_credentials()',
      "a1 = c.get_caller_identity()['Arn']; k1 = creds.get_frozen_credentials().access_key",
      "a2 = c.get_caller_identity()['Arn']; k2 = creds.get_frozen_credentials().access_key",
      "print(json.dumps({'arns': [a1, a2], 'fresh': k1 != k2, 'method': creds.method}))",
    ].join('\n');
    const second = await run('python3', ['-c', script], { env: cliEnv, timeout: 60_000 });
    const out = JSON.parse(second.stdout) as { arns: string[]; fresh: boolean; method: string };
    expect(out.method).toBe('custom-process');
    expect(out.arns).toHaveLength(2);
    for (const arn of out.arns) expect(arn).toMatch(SESSION);
    expect(out.fresh).toBe(true);
  }, 90_000);
});
