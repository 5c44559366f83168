/**
 * One role assumption per job: `credentials --export shell` hands on the role's session with a
 * non-secret marker (AWS_CI_KIT_ASSUMED_ROLE); a later `ssm-secret` in the same shell, with
 * AWS_CI_KIT_ROLE_TO_ASSUME still set, uses that session instead of assuming the role from the
 * role's own session, which the role's policy does not allow (moto with IAM enforced answers
 * AccessDenied, as STS does under a trust policy that does not let the role assume itself).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';
import { buildCli, CLI_BUNDLE, jobEnv } from './support/cli-bed.ts';

let moto: MotoServer;
let bed: AwsBed;
beforeAll(async () => {
  moto = await startMoto();
  [bed] = await Promise.all([seedAwsBed(moto.endpoint), buildCli()]);
  await moto.enforceAuth();
}, 120_000);
afterAll(async () => {
  await moto?.stop();
});

/** A job script in `bash -e`, with the role given once, as variables, for every command. */
async function jobScript(
  lines: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = jobEnv(moto.endpoint, bed.region, {
    AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
    AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
    AWS_CI_KIT_ROLE_TO_ASSUME: bed.roles.pipeline.arn,
    AWS_CI_KIT_ROLE_EXTERNAL_ID: bed.externalId,
    AKIT: `${process.execPath} ${CLI_BUNDLE}`,
  });
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-e', '-c', lines.join('\n')], {
      env,
      cwd: env.HOME,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('one role assumption per job', () => {
  it('ssm-secret after credentials uses the session credentials made (no second AssumeRole)', async () => {
    const run = await jobScript([
      'creds="$($AKIT credentials --export shell)"',
      'eval "$creds"',
      'printf "marker=%s\\n" "$AWS_CI_KIT_ASSUMED_ROLE"',
      'params="$($AKIT ssm-secret --names /app/prod/DB_PORT=DB_PORT --export shell)"',
      'eval "$params"',
      'echo "port=$DB_PORT"',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`marker=${bed.roles.pipeline.arn} [0-9a-f]{16} \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\n`),
    );
    expect(run.stdout).toContain('port=5432\n');
    expect(run.stderr).toContain(
      `Using the session of ${bed.roles.pipeline.arn} that an earlier aws-ci-kit command of this job made (AWS_CI_KIT_ASSUMED_ROLE): the role is not assumed again.`,
    );
    expect(run.stderr.match(/-> role /g)).toHaveLength(1);
  }, 60_000);

  it('without the marker the second command assumes the role from its own session, which is refused', async () => {
    const run = await jobScript([
      'creds="$($AKIT credentials --export shell)"',
      'eval "$creds"',
      'unset AWS_CI_KIT_ASSUMED_ROLE',
      'params="$($AKIT ssm-secret --names /app/prod/DB_PORT=DB_PORT --export shell)"',
      'echo "not reached"',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('not reached');
    expect(run.stderr).toMatch(
      /error \[AccessDenied\]: .*assumed-role\/pipeline-role\/.* is not authorized to perform: sts:AssumeRole/,
    );
  }, 60_000);

  it('a marker for other keys (the job changed them) is not trusted: the role is assumed from those keys', async () => {
    const run = await jobScript([
      `export AWS_CI_KIT_ASSUMED_ROLE="${bed.roles.pipeline.arn} 0000000000000000"`,
      'params="$($AKIT ssm-secret --names /app/prod/DB_PORT=DB_PORT --export shell)"',
      'eval "$params"',
      'echo "port=$DB_PORT"',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('port=5432\n');
    expect(run.stderr).not.toContain('Using the session of');
    expect(run.stderr).toMatch(/-> role arn:aws:iam::123456789012:role\/pipeline-role/);
  }, 60_000);

  it('a session that has ended is one line with its code, not an ExpiredToken from AWS later', async () => {
    const run = await jobScript([
      'creds="$($AKIT credentials --export shell)"',
      'eval "$creds"',
      // The same session, as if the job had run past its end.
      'read -r role hash _ <<<"$AWS_CI_KIT_ASSUMED_ROLE"',
      'export AWS_CI_KIT_ASSUMED_ROLE="$role $hash 2020-01-01T00:00:00.000Z"',
      'params="$($AKIT ssm-secret --names /app/prod/DB_PORT=DB_PORT --export shell)"',
      'echo "not reached"',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('not reached');
    expect(run.stderr).toContain(
      `error [JobSessionExpired]: The session of ${bed.roles.pipeline.arn} that an earlier aws-ci-kit command of this job exported ended at 2020-01-01T00:00:00.000Z (AWS_CI_KIT_ASSUMED_ROLE). Fix: Run the AWS commands inside`,
    );
  }, 60_000);
});
