/**
 * Export formats through the CLI bundle against moto with IAM enforced: hostile SSM values cannot
 * break out of the `shell` export (eval in bash reads every value back exactly, no command runs),
 * the dotenv file is 0600, json carries variables and outputs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';
import { buildCli, evalInBash, jobEnv, runCli } from './support/cli-bed.ts';

let moto: MotoServer;
let bed: AwsBed;
const PWNED = '/tmp/aws-ci-kit-cli-pwned';

const HOSTILE: Record<string, string> = {
  QUOTE: "it's a 'quoted' value",
  SUBSHELL: `$(touch ${PWNED})`,
  BACKTICK: `\`touch ${PWNED}\``,
  SEMICOLON: `x; touch ${PWNED}; echo y`,
  NEWLINES: `line one\n'; touch ${PWNED}; echo '\nline three`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${HOME} is the point
  DOLLAR: '$HOME ${HOME} $0 \\$ \\n \\',
  DOUBLE: '"double" \\"escaped\\"',
  TRAILING: 'ends with newline\n',
};

beforeAll(async () => {
  moto = await startMoto();
  [bed] = await Promise.all([seedAwsBed(moto.endpoint), buildCli()]);
  const ssm = new SSMClient({
    endpoint: moto.endpoint,
    region: bed.region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  for (const [name, value] of Object.entries(HOSTILE)) {
    await ssm.send(new PutParameterCommand({ Name: `/hostile/${name}`, Type: 'SecureString', Value: value }));
  }
  ssm.destroy();
  await moto.enforceAuth();
}, 120_000);
afterAll(async () => {
  await moto?.stop();
});

const names = Object.keys(HOSTILE).map((n) => `/hostile/${n}=${n}`);
const keys = () => ({
  AWS_ACCESS_KEY_ID: bed.admin.accessKeyId,
  AWS_SECRET_ACCESS_KEY: bed.admin.secretAccessKey,
});

describe('ssm-secret exports', () => {
  it('shell: hostile values (newlines, quotes, $(), backtick, ;) are read back exactly by eval in bash', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { GITLAB_CI: 'true', ...keys() });
    const run = await runCli(['ssm-secret', '--names', names.join('\n'), '--export', 'shell'], env);
    expect(run.code, run.stderr).toBe(0);
    const values = await evalInBash(run.stdout, Object.keys(HOSTILE));
    expect(values).toEqual(HOSTILE);
    expect(existsSync(PWNED)).toBe(false);
    for (const value of Object.values(HOSTILE)) {
      for (const line of value.split('\n').filter((l) => l.trim().length > 2))
        expect(run.stderr).not.toContain(line);
    }
  }, 60_000);

  it('dotenv: a 0600 file through the shared formatter; nothing on stdout', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { JENKINS_URL: 'https://jenkins.example.com/', ...keys() });
    const run = await runCli(
      [
        'ssm-secret',
        '--names',
        '/app/prod/DB_HOST=DB_HOST',
        '--names',
        '/hostile/SEMICOLON=SEMICOLON',
        '--names',
        '/hostile/BACKTICK=BACKTICK',
        '--export',
        'dotenv',
        '--export-file',
        'out.env',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const file = join(env.HOME!, 'out.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(
      `DB_HOST='db.internal.example'\nSEMICOLON='${HOSTILE.SEMICOLON}'\nBACKTICK='${HOSTILE.BACKTICK}'\n`,
    );
  }, 60_000);

  it('dotenv: a value the format cannot carry alike for every reader is refused in one line, no file', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { JENKINS_URL: 'https://jenkins.example.com/', ...keys() });
    const run = await runCli(
      [
        'ssm-secret',
        '--names',
        '/hostile/DOLLAR=DOLLAR',
        '--export',
        'dotenv',
        '--export-file',
        'refused.env',
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error \[DotenvUnsafeValue\]: The value of DOLLAR .*python-dotenv expands it.* Fix: /,
    );
    expect(existsSync(join(env.HOME!, 'refused.env'))).toBe(false);
  }, 60_000);

  it('dotenv: a value with single quotes that double quotes carry is written in double quotes', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { JENKINS_URL: 'https://jenkins.example.com/', ...keys() });
    const run = await runCli(
      ['ssm-secret', '--names', '/hostile/QUOTE=QUOTE', '--export', 'dotenv', '--export-file', 'quote.env'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(env.HOME!, 'quote.env'), 'utf8')).toBe(`QUOTE="${HOSTILE.QUOTE}"\n`);
  }, 60_000);

  it('json: variables and outputs on stdout, logs on stderr', async () => {
    const env = jobEnv(moto.endpoint, bed.region, keys());
    const run = await runCli(
      ['ssm-secret', '--paths', '/app/prod', '--recursive', 'false', '--export', 'json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { variables: Record<string, string> };
    expect(out.variables).toMatchObject({
      APP_PROD_DB_HOST: 'db.internal.example',
      APP_PROD_DB_PORT: '5432',
    });
    expect(run.stderr).toContain('Set 3 variable(s)');
  }, 60_000);

  it('gitlab-dotenv warns that later jobs see the values', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { GITLAB_CI: 'true', ...keys() });
    const run = await runCli(
      ['ssm-secret', '--names', '/app/prod/DB_PORT', '--export', 'gitlab-dotenv'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /is a GitLab dotenv report: every later job of the pipeline .* sees these values in clear/,
    );
    expect(readFileSync(join(env.HOME!, 'aws-ci-kit.env'), 'utf8')).toBe("APP_PROD_DB_PORT='5432'\n");
  }, 60_000);

  it('ecr-push (login only, no container CLI on PATH): the login goes to the Docker config the job named, exported', async () => {
    const env = jobEnv(moto.endpoint, bed.region, { ...keys(), PATH: '/nonexistent' });
    const unnamed = await runCli(['ecr-push', '--export', 'json'], env);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toMatch(/error \[DockerConfigUnnamed\]: .* Fix: Set DOCKER_CONFIG/);
    expect(readdirSync(env.HOME!).filter((n) => n.startsWith('aws-ci-kit-docker-'))).toEqual([]);
    const named = join(env.HOME!, 'docker');
    const run = await runCli(['ecr-push', '--export', 'json', '--docker-config', named], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `The registry login (its password) is in ${named}/config.json until you remove it`,
    );
    expect(statSync(named).mode & 0o777).toBe(0o700);
    const out = JSON.parse(run.stdout) as {
      variables: Record<string, string>;
      outputs: Record<string, string>;
    };
    expect(out.outputs.registry).toBe(`${bed.accountId}.dkr.ecr.${bed.region}.amazonaws.com`);
    const config = JSON.parse(readFileSync(join(out.variables.DOCKER_CONFIG!, 'config.json'), 'utf8'));
    expect(Object.keys(config.auths)).toEqual([out.outputs.registry]);
    expect(out.variables.REGISTRY_AUTH_FILE).toBe(join(out.variables.DOCKER_CONFIG!, 'config.json'));
    expect(run.stderr).toContain('No container CLI found');
  }, 60_000);
});
