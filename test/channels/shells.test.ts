/**
 * Issue 15, item 5: the Jenkins shared library, the CircleCI orb, the Buildkite plugin and the
 * Bitbucket pipe of the GENERATED release layout (node scripts/release-layout.mjs), run the way
 * each CI runs them, through the layout's single-file CLI, against one moto (IAM enforced) behind
 * the credentials bed's proxy (which plays STS for web identity; moto with enforcement on answers
 * AssumeRoleWithWebIdentity with a 500):
 *  - Jenkins: every `sh` step of `awsCiKit { ... }` with `sh -xe`, in the environment the step's
 *    withCredentials/withEnv give it;
 *  - CircleCI: the packed orb's commands, each step `/bin/bash -x -eo pipefail` with $BASH_ENV;
 *  - Buildkite: the hooks (`set -euo pipefail`) and the command under `bash -x`, a stand-in
 *    buildkite-agent;
 *  - Bitbucket: pipe.sh (`set -euo pipefail`) under `bash -x`, its COMMAND with `set -x`.
 * Each asserts: the AWS CLI in the job is the assumed role, no secret (source key, the role's keys
 * an AWS tool got, the session token, the SSM value, the OIDC token) in the log, and a failing
 * credentials call fails the job.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import {
  baseJobEnv,
  DUMP_CREDENTIALS,
  expectNoSecret,
  type Layout,
  ROLE_ARN,
  readDump,
  runShell,
  type ShellRun,
  writeLayout,
} from './support/channels.ts';
import { type JobContext, runBitbucketPipe, runBuildkiteJob, runCircleciJob } from './support/runners.ts';

const SECRET_PARAMETER = '/serenity/production/VSS_NUGET_ACCESSTOKEN';

let t: CredentialsBed;
let layout: Layout;
beforeAll(async () => {
  [t, layout] = await Promise.all([startCredentialsBed(), writeLayout()]);
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

const job = (): JobContext => ({ layout, endpoint: t.endpoint });
const secretValue = () => t.bed.parameters[SECRET_PARAMETER]!;
/** The job's commands: the AWS CLI's identity, the credentials an SDK tool got, the SSM value to files. */
const workScript = (out: string) =>
  [
    'aws sts get-caller-identity --query Arn --output text',
    `node '${DUMP_CREDENTIALS}' '${out}/credentials.json'`,
  ].join('\n');

function expectRoleAndNoSecret(run: ShellRun, out: string, extra: string[]): void {
  expect(run.code, run.log).toBe(0);
  expect(run.log).toMatch(ROLE_ARN);
  const got = readDump(join(out, 'credentials.json'));
  expect(got.accessKeyId).toMatch(/^ASIA/);
  expectNoSecret(run.log, [got.secretAccessKey, got.sessionToken, secretValue(), ...extra]);
}

describe('Jenkins shared library: awsCiKit { ... }, every sh step with sh -xe', () => {
  const lib = () => join(layout.dir, 'jenkins');
  /**
   * The steps vars/awsCiKit.groovy runs, in its order and environment: withCredentials binds the
   * Jenkins credential as AWS_CI_KIT_AWS_ACCESS_KEY_ID/SECRET; withEnv(inputs) around
   * sh(libraryResource('io/awscikit/credentials.sh')), then the body with AWS_CONFIG_FILE and
   * AWS_PROFILE, then (finally) sh(cleanup.sh). Jenkins' sh step writes the script to a file and
   * runs `sh -xe` on it.
   */
  async function runBlock(externalId: string, body: string): Promise<ShellRun & { dir: string }> {
    const workspace = mkdtempSync(join(layout.bin, '..', 'akit-jenkins-ws-'));
    mkdirSync(`${workspace}@tmp`);
    const dir = `${workspace}@tmp/aws-ci-kit-0f8b3c1e-2d4a-4a8e-9c1b-5e6f7a8b9c0d`;
    const env = {
      ...baseJobEnv(layout.bin, t.endpoint, {
        JENKINS_URL: 'https://jenkins.example.com/',
        BUILD_NUMBER: '42',
        BUILD_ID: '42',
        JOB_NAME: 'webapp/main',
        WORKSPACE: workspace,
        GIT_COMMIT: '0123456789abcdef0123456789abcdef01234567',
        GIT_BRANCH: 'origin/main',
        GIT_URL: 'https://git.example.com/org/webapp.git',
      }),
      // withCredentials([usernamePassword(... usernameVariable: 'AWS_CI_KIT_AWS_ACCESS_KEY_ID', ...)])
      AWS_CI_KIT_AWS_ACCESS_KEY_ID: t.bed.toolkitUser.accessKeyId,
      AWS_CI_KIT_AWS_SECRET_ACCESS_KEY: t.bed.toolkitUser.secretAccessKey,
      // withEnv(inputs)
      AWS_CI_KIT: 'aws-ci-kit',
      AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
      AWS_CI_KIT_AWS_REGION: t.bed.region,
      AWS_CI_KIT_ROLE_EXTERNAL_ID: externalId,
      AWS_CI_KIT_ROLE_SESSION_NAME: '',
      AWS_CI_KIT_ROLE_DURATION_SECONDS: '',
      AWS_CI_KIT_WEB_IDENTITY_TOKEN_FILE: '',
      AWSCIKIT_DIR: dir,
    };
    const sh = async (script: string, extra: Record<string, string> = {}) => {
      const file = join(`${workspace}@tmp`, `durable-${Math.random().toString(36).slice(2)}.sh`);
      writeFileSync(file, script);
      return runShell(['sh', '-xe', file], { ...env, ...extra }, { cwd: workspace });
    };
    const resource = (name: string) => readFileSync(join(lib(), 'resources/io/awscikit', name), 'utf8');
    let log = '';
    let code = 0;
    try {
      const setup = await sh(resource('credentials.sh'));
      log += setup.log;
      code = setup.code;
      if (code === 0) {
        const block = await sh(body, { AWS_CONFIG_FILE: `${dir}/config`, AWS_PROFILE: 'aws-ci-kit' });
        log += block.log;
        code = block.code;
      }
    } finally {
      const cleanup = await sh(resource('cleanup.sh'));
      log += cleanup.log;
    }
    return { code, log, dir };
  }

  it('the library step is what the test runs: its resources, variables and profile', () => {
    const groovy = readFileSync(join(lib(), 'vars/awsCiKit.groovy'), 'utf8');
    const gstring = (text: string) => text.replace(/\$([\w.]+)/g, (_, name: string) => `\${${name}}`);
    for (const text of [
      "libraryResource('io/awscikit/credentials.sh')",
      "libraryResource('io/awscikit/cleanup.sh')",
      "usernameVariable: 'AWS_CI_KIT_AWS_ACCESS_KEY_ID'",
      "passwordVariable: 'AWS_CI_KIT_AWS_SECRET_ACCESS_KEY'",
      // Groovy GStrings, as written in the library.
      ...['"AWS_CI_KIT_ROLE_TO_ASSUME=$role"'],
      ...['"AWSCIKIT_DIR=$dir"', '"AWS_CONFIG_FILE=$dir/config", \'AWS_PROFILE=aws-ci-kit\''],
      '} finally {',
      `@aws-ci-kit/cli@${layout.version}`,
    ])
      expect(groovy).toContain(gstring(text));
    expect(groovy).toMatch(/"AWS_CI_KIT_ROLE_EXTERNAL_ID=\$\{config\.externalId \?: ''\}"/);
    expect(groovy).not.toContain('__VERSION__');
  });

  it('sh -xe: the AWS CLI is the role, exec hands one command the SSM value, no secret in the log, nothing left', async () => {
    const out = mkdtempSync(join(layout.bin, '..', 'akit-jenkins-out-'));
    const body = [
      workScript(out),
      `$AWS_CI_KIT exec --names ${SECRET_PARAMETER}=NUGET_TOKEN -- sh -xc 'printf %s "$NUGET_TOKEN" > ${out}/nuget; echo "token: $NUGET_TOKEN"'`,
    ].join('\n');
    const run = await runBlock(t.bed.externalId, body);
    expectRoleAndNoSecret(run, out, [t.bed.toolkitUser.secretAccessKey]);
    expect(readFileSync(join(out, 'nuget'), 'utf8')).toBe(secretValue());
    expect(run.log).toContain('token: ***');
    expect(run.log).toMatch(/^\+ /m); // traced, as Jenkins runs it
    expect(existsSync(run.dir)).toBe(false);
  }, 120_000);

  it('a failing credentials call (the trust policy refuses the external id) fails the build before the block runs', async () => {
    const out = mkdtempSync(join(layout.bin, '..', 'akit-jenkins-out-'));
    const run = await runBlock('not-the-external-id', `touch ${out}/block-ran`);
    expect(run.code).not.toBe(0);
    expect(run.log).toMatch(/error \[\w+\]/);
    expect(existsSync(join(out, 'block-ran'))).toBe(false);
    expect(existsSync(run.dir)).toBe(false);
    expectNoSecret(run.log, [t.bed.toolkitUser.secretAccessKey]);
  }, 120_000);
});

describe('CircleCI orb: packed commands, each step /bin/bash -x -eo pipefail with $BASH_ENV', () => {
  it('credentials -> later steps use the profile; ssm_secret runs one command with the value', async () => {
    const token = await t.oidc.mint('org/org-id/project/webapp/user/alice', t.bed.oidc.audience);
    const out = mkdtempSync(join(layout.bin, '..', 'akit-circleci-out-'));
    const run = await runCircleciJob(
      job(),
      [
        {
          orb: [
            'credentials',
            { role_to_assume: t.bed.roles.pipeline.arn, aws_region: t.bed.region, cli: 'aws-ci-kit' },
          ],
        },
        { command: workScript(out) },
        {
          orb: [
            'ssm_secret',
            {
              names: `${SECRET_PARAMETER}=NUGET_TOKEN`,
              command: `printf %s "$NUGET_TOKEN" > ${out}/nuget; echo "token: $NUGET_TOKEN"`,
              cli: 'aws-ci-kit',
            },
          ],
        },
      ],
      token,
    );
    expectRoleAndNoSecret(run, out, [token]);
    expect(readFileSync(join(out, 'nuget'), 'utf8')).toBe(secretValue());
    expect(run.log).toContain('token: ***');
    expect(run.log).toMatch(/assumed-role\/pipeline-role\/aws-ci-kit-webapp-77/);
  }, 120_000);

  it('a failing credentials call (STS refuses the token) fails the step and the job', async () => {
    const token = await t.oidc.mint('org/org-id/project/webapp/user/alice', 'wrong-audience');
    const out = mkdtempSync(join(layout.bin, '..', 'akit-circleci-out-'));
    const run = await runCircleciJob(
      job(),
      [
        {
          orb: [
            'credentials',
            { role_to_assume: t.bed.roles.pipeline.arn, aws_region: t.bed.region, cli: 'aws-ci-kit' },
          ],
        },
        { command: `touch ${out}/next-step-ran` },
      ],
      token,
    );
    expect(run.code).not.toBe(0);
    expect(existsSync(join(out, 'next-step-ran'))).toBe(false);
    expectNoSecret(run.log, [token]);
  }, 120_000);
});

describe('Buildkite plugin: hooks with set -euo pipefail and xtrace, a stand-in buildkite-agent', () => {
  it('pre-command: the command uses the profile and gets the SSM value behind the redactor', async () => {
    const token = await t.oidc.mint('organization:org:pipeline:webapp', t.bed.oidc.audience);
    const out = mkdtempSync(join(layout.bin, '..', 'akit-bk-out-'));
    const run = await runBuildkiteJob(
      job(),
      {
        BUILDKITE_PLUGIN_AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
        BUILDKITE_PLUGIN_AWS_CI_KIT_AWS_REGION: t.bed.region,
        BUILDKITE_PLUGIN_AWS_CI_KIT_SSM_SECRET_0: `${SECRET_PARAMETER}=NUGET_TOKEN`,
        BUILDKITE_PLUGIN_AWS_CI_KIT_CLI: 'aws-ci-kit',
      },
      [
        workScript(out),
        `printf %s "$NUGET_TOKEN" > ${out}/nuget`,
        '[ -z "$(printenv AWS_SECRET_ACCESS_KEY)" ]',
      ].join('\n'),
      token,
    );
    expectRoleAndNoSecret(run, out, [token]);
    expect(readFileSync(join(out, 'nuget'), 'utf8')).toBe(secretValue());
    expect(readFileSync(run.agent.redacted, 'utf8')).toContain(secretValue());
    expect(run.configDir).toBeTruthy();
    expect(existsSync(run.configDir!)).toBe(false); // pre-exit removed it
  }, 120_000);

  it('a failing credentials call (STS refuses the token) fails the job; the command never runs', async () => {
    const token = await t.oidc.mint('organization:org:pipeline:webapp', 'wrong-audience');
    const out = mkdtempSync(join(layout.bin, '..', 'akit-bk-out-'));
    const run = await runBuildkiteJob(
      job(),
      {
        BUILDKITE_PLUGIN_AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
        BUILDKITE_PLUGIN_AWS_CI_KIT_AWS_REGION: t.bed.region,
        BUILDKITE_PLUGIN_AWS_CI_KIT_CLI: 'aws-ci-kit',
      },
      `touch ${out}/command-ran`,
      token,
    );
    expect(run.code).not.toBe(0);
    expect(existsSync(join(out, 'command-ran'))).toBe(false);
    expectNoSecret(run.log, [token]);
  }, 120_000);
});

describe('Bitbucket pipe: pipe.sh (set -euo pipefail) with xtrace', () => {
  it('COMMAND runs with the role and the SSM value in its environment only, output redacted', async () => {
    const token = await t.oidc.mint('{repo-uuid}:{step-uuid}', t.bed.oidc.audience);
    const out = mkdtempSync(join(layout.bin, '..', 'akit-bb-out-'));
    const run = await runBitbucketPipe(
      job(),
      {
        AWS_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
        AWS_REGION: t.bed.region,
        SSM_NAMES: `${SECRET_PARAMETER}=NUGET_TOKEN`,
        COMMAND: `set -x\n${workScript(out)}\nprintf %s "$NUGET_TOKEN" > ${out}/nuget; echo "token: $NUGET_TOKEN"`,
      },
      token,
    );
    expectRoleAndNoSecret(run, out, [token]);
    expect(readFileSync(join(out, 'nuget'), 'utf8')).toBe(secretValue());
    expect(run.log).toContain('token: ***');
  }, 120_000);

  it('a failing credentials call (STS refuses the token) fails the pipe; COMMAND never runs', async () => {
    const token = await t.oidc.mint('{repo-uuid}:{step-uuid}', 'wrong-audience');
    const out = mkdtempSync(join(layout.bin, '..', 'akit-bb-out-'));
    const run = await runBitbucketPipe(
      job(),
      {
        AWS_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
        AWS_REGION: t.bed.region,
        COMMAND: `touch ${out}/command-ran`,
      },
      token,
    );
    expect(run.code).not.toBe(0);
    expect(existsSync(join(out, 'command-ran'))).toBe(false);
    expectNoSecret(run.log, [token]);
  }, 120_000);

  it('the Dockerfile builds the image pipe.yml names around pipe.sh and the release asset checksum', async () => {
    const dir = join(layout.dir, 'bitbucket');
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/pipe\.sh"\]$/m);
    expect(dockerfile).toContain(`aws-ci-kit-${layout.version}.mjs`);
    const sum = readFileSync(join(dir, `aws-ci-kit-${layout.version}.mjs.sha256`), 'utf8');
    const asset = join(layout.dir, 'release-assets');
    const { stdout } = await promisify(execFile)('sha256sum', [`aws-ci-kit-${layout.version}.mjs`], {
      cwd: asset,
    });
    expect(stdout).toBe(sum);
  });
});
