/**
 * `aws-ci-kit exec -- <command>` through the CLI bundle against moto with IAM enforced: the command
 * runs as the assumed role with the keys in its environment only, its output redacted (each line of
 * a multi-line SecureString too), its exit code and our stop signals passed through, no
 * AWS_CI_KIT_* input in its environment, and under `sh -xe` nothing secret reaches the log.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import { buildCli, CLI_BUNDLE, type CliRun, jobEnv, runCli } from './support/cli-bed.ts';

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7exec1',
  'line-two-of-the-key-Zm9vYmFyYmF6cXV4cXV1eA==',
  '-----END PRIVATE KEY-----',
].join('\n');
const DB_PASSWORD = 'db-pa55w0rd-exec';

let t: CredentialsBed;
beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildCli()]);
  const ssm = new SSMClient({
    endpoint: t.moto.endpoint,
    region: t.bed.region,
    credentials: { accessKeyId: t.bed.admin.accessKeyId, secretAccessKey: t.bed.admin.secretAccessKey },
  });
  await ssm.send(new PutParameterCommand({ Name: '/exec/TLS_KEY', Type: 'SecureString', Value: PEM }));
  await ssm.send(
    new PutParameterCommand({ Name: '/exec/DB_PASSWORD', Type: 'SecureString', Value: DB_PASSWORD }),
  );
  ssm.destroy();
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const ROLE_SESSION = /arn:aws:sts::123456789012:assumed-role\/pipeline-role\//;

/** A job with the toolkit user's long-term keys, allowed to assume pipeline-role with the external id. */
function job(extra: Record<string, string> = {}): Record<string, string> {
  return jobEnv(t.endpoint, t.bed.region, {
    AWS_ACCESS_KEY_ID: t.bed.toolkitUser.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.bed.toolkitUser.secretAccessKey,
    AWS_DEFAULT_REGION: t.bed.region,
    AWS_PAGER: '',
    ...extra,
  });
}
const ROLE = () => ['--role-to-assume', t.bed.roles.pipeline.arn, '--role-external-id', t.bed.externalId];

/** Every secret the run could have printed: the job's own key, and what the child saw (saved by the test's child). */
function secretsOf(env: Record<string, string>, seenFile?: string): string[] {
  const seen = seenFile ? readFileSync(seenFile, 'utf8').split('\0').filter(Boolean) : [];
  return [env.AWS_SECRET_ACCESS_KEY!, ...seen, DB_PASSWORD, ...PEM.split('\n').slice(1, -1)];
}
function expectNoSecret(run: CliRun, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('aws-ci-kit exec', () => {
  it('runs the command as the assumed role, prints *** for the key, and exits with its code', async () => {
    const env = job();
    const seen = join(env.HOME!, 'seen');
    const script = `aws sts get-caller-identity --output json; echo "$AWS_SECRET_ACCESS_KEY"; printf '%s\\0%s\\0' "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" > ${seen}; exit 7`;
    const run = await runCli(['exec', ...ROLE(), '--', 'sh', '-c', script], env);
    expect(run.code, run.stderr).toBe(7);
    expect(JSON.parse(run.stdout.slice(0, run.stdout.lastIndexOf('}') + 1)).Arn).toMatch(ROLE_SESSION);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('***');
    const [secretKey, token] = readFileSync(seen, 'utf8').split('\0');
    expect(secretKey).toMatch(/^\S{20,}$/);
    expect(secretKey).not.toBe(env.AWS_SECRET_ACCESS_KEY);
    expect(token).toMatch(/\S{20,}/);
    expectNoSecret(run, secretsOf(env, seen));
  }, 60_000);

  it('redacts every line of a multi-line SecureString, and hands secrets to the command in its environment', async () => {
    const env = job();
    const run = await runCli(
      [
        'exec',
        ...ROLE(),
        '--names',
        '/exec/TLS_KEY=TLS_KEY',
        '--names',
        '/exec/DB_PASSWORD=DB_PASSWORD',
        '--',
        'sh',
        '-c',
        'printf "%s\\n" "$TLS_KEY"; echo "db=$DB_PASSWORD"; echo "$TLS_KEY" >&2; [ "$TLS_KEY" = "$EXPECTED" ] && echo same',
      ],
      { ...env, EXPECTED: PEM },
    );
    expect(run.code, run.stderr).toBe(0);
    // Every line of the key is a secret line, its armour too.
    expect(run.stdout).toBe('***\n***\n***\n***\ndb=***\nsame\n');
    expect(run.stderr).toContain('***\n***\n***\n***\n');
    expectNoSecret(run, secretsOf(env));
  }, 60_000);

  it('the command gets no AWS_CI_KIT_* input, no profile or role variable, and a nested aws-ci-kit does not assume again', async () => {
    const env = job({
      AWS_CI_KIT_ROLE_TO_ASSUME: t.bed.roles.pipeline.arn,
      AWS_CI_KIT_ROLE_EXTERNAL_ID: t.bed.externalId,
      AWS_PROFILE: 'someone-else',
      AWS_DEFAULT_PROFILE: 'someone-else',
    });
    const nested = `${process.execPath} ${CLI_BUNDLE} exec -- aws sts get-caller-identity --output json`;
    const run = await runCli(['exec', '--', 'sh', '-c', `env | cut -d= -f1 | sort; ${nested}`], env);
    expect(run.code, run.stderr).toBe(0);
    const names = run.stdout.split('\n');
    // No input variable; only the non-secret marker of the session (one role assumption per job).
    expect(names.filter((n) => n.startsWith('AWS_CI_KIT_'))).toEqual(['AWS_CI_KIT_ASSUMED_ROLE']);
    for (const gone of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) expect(names).not.toContain(gone);
    for (const given of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
    ])
      expect(names).toContain(given);
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))).Arn).toMatch(ROLE_SESSION);
    // One assumption: the nested exec used the keys it was given.
    expect(run.stderr.match(/AWS credentials from/g)).toHaveLength(2);
    expect(run.stderr).toMatch(/AWS credentials from environment\.\n/);
  }, 60_000);

  it('under sh -xe no secret reaches the log, and a failing credentials call fails the script before the command runs', async () => {
    const env = job();
    const seen = join(env.HOME!, 'seen');
    const cli = `${process.execPath} ${CLI_BUNDLE}`;
    const inner = join(env.HOME!, 'inner.sh');
    writeFileSync(
      inner,
      `echo "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$DB_PASSWORD"\nprintf '%s\\0%s\\0' "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" > ${seen}\n`,
    );
    const script = [
      `${cli} exec --role-to-assume ${t.bed.roles.pipeline.arn} --role-external-id ${t.bed.externalId} --names /exec/DB_PASSWORD=DB_PASSWORD -- sh -x ${inner}`,
      'aws sts get-caller-identity --output text --query Arn',
    ].join('\n');
    const ok = await runShell(['-xe', '-c', script], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('+ echo *** *** ***');
    // The job's shell itself still has its own keys: exec changed nothing outside the command.
    expect(ok.stdout).toContain(t.bed.toolkitUser.arn);
    expectNoSecret(ok, secretsOf(env, seen));

    const failing = await runShell(
      ['-xe', '-c', `${cli} exec --role-to-assume ${t.bed.roles.pipeline.arn} -- touch ran\necho after`],
      { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-key' },
    );
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/error \[\w+\]: /);
    expect(failing.stdout).not.toContain('after');
    expect(() => readFileSync(join(env.HOME!, 'ran'))).toThrow(/ENOENT/);
  }, 60_000);

  it('forwards SIGTERM to the command and exits with its code (128+N when the signal ended it)', async () => {
    const env = job();
    const trapped = await runUntilReady(
      [
        'exec',
        ...ROLE(),
        '--',
        'sh',
        '-c',
        'trap "echo got-term; exit 5" TERM; echo ready; while :; do sleep 0.1; done',
      ],
      env,
      'SIGTERM',
    );
    expect(trapped.code, trapped.stderr).toBe(5);
    expect(trapped.stdout).toBe('ready\ngot-term\n');
    const killed = await runUntilReady(
      ['exec', ...ROLE(), '--', 'sh', '-c', 'echo ready; exec sleep 30'],
      env,
      'SIGINT',
    );
    expect(killed.code).toBe(130);
    const hup = await runUntilReady(
      ['exec', ...ROLE(), '--', 'sh', '-c', 'echo ready; exec sleep 30'],
      env,
      'SIGHUP',
    );
    expect(hup.code).toBe(129);
  }, 60_000);

  it('usage: no command is exit 2 in one line; a command not found is exit 127 in one line', async () => {
    const env = job();
    const none = await runCli(['exec', ...ROLE()], env);
    expect(none.code).toBe(2);
    expect(none.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('aws-ci-kit exec [flags] -- <command>');
    const missing = await runCli(['exec', ...ROLE(), '--', 'no-such-command-akit'], env);
    expect(missing.code).toBe(127);
    expect(missing.stderr.trimEnd().split('\n').at(-1)).toBe(
      'aws-ci-kit exec: no-such-command-akit: command not found',
    );
    expect(missing.stdout).toBe('');
  }, 60_000);
});

/** Runs `sh <args>` with exactly `env` (the CI's shell running a job script). */
function runShell(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return collect(spawn('sh', [...args], { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Starts the CLI, waits for the command's `ready`, sends `signal` to the CLI (only), collects the rest. */
function runUntilReady(args: readonly string[], env: Record<string, string>, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    env,
    cwd: env.HOME,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => {
    if (d.toString().includes('ready')) child.kill(signal);
  });
  return collect(child);
}

function collect(child: ReturnType<typeof spawn>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr });
    });
  });
}
