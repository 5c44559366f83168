/**
 * Files the tool writes are its own (issue 16, item 3): a planted symbolic link (to a file outside the
 * workspace), a dangling link, a hard link, or a symbolic link among the directories on the way, where
 * the step would write a dotenv file, a profile, a config file or append to $BASH_ENV, is refused in
 * one line naming the path, on GitHub, Azure and the CLI; the file outside keeps its content and
 * nothing new appears outside. Without a plant, the file is created 0600.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, jobEnv, runCli } from '../cli/support/cli-bed.ts';
import { runStep } from '../support/ci/index.ts';
import { baseOptions, bundle, type ReliabilityBed, startReliabilityBed } from './support/bed.ts';

type Plant = 'symlink' | 'dangling' | 'hardlink' | 'parent-symlink';
const PLANTS: readonly Plant[] = ['symlink', 'dangling', 'hardlink', 'parent-symlink'];
const KEEP = 'outside content the job must never touch\n';

let bed: ReliabilityBed;
const tried = { runs: 0, refusedInOneLine: 0, created0600: 0 };
beforeAll(async () => {
  [bed] = await Promise.all([startReliabilityBed(), buildCli()]);
}, 240_000);
afterAll(async () => {
  await bed?.stop();
  console.log(
    `[own files] runs=${tried.runs} refused-in-one-line=${tried.refusedInOneLine} created-0600=${tried.created0600}`,
  );
});

interface Planted {
  /** The path the step is told to write (relative to `dir` when `relative`). */
  readonly path: string;
  /** The path the error line must name. */
  readonly named: string;
  readonly outside: string;
}

/** Plants `kind` at `dir/rel` pointing outside; returns what the error must name. */
function plant(dir: string, rel: string, kind: Plant): Planted {
  const outside = mkdtempSync(join(tmpdir(), 'hn-outside-'));
  const target = join(outside, 'target');
  writeFileSync(target, KEEP);
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  if (kind === 'symlink') symlinkSync(target, path);
  if (kind === 'dangling') symlinkSync(join(outside, 'not-yet'), path);
  if (kind === 'hardlink') linkSync(target, path);
  if (kind === 'parent-symlink') {
    const parent = dirname(path);
    // The directory on the way is a link to the outside directory.
    const link = `${parent}-link`;
    symlinkSync(outside, link);
    const through = join(link, rel.split('/').at(-1) ?? 'x');
    return { path: through, named: link, outside };
  }
  return { path, named: path, outside };
}

function expectUntouched(p: Planted, where: string): void {
  expect(readFileSync(join(p.outside, 'target'), 'utf8'), where).toBe(KEEP);
  expect(readdirSync(p.outside), where).toEqual(['target']);
}

function expectRefused(
  errors: readonly string[],
  codes: readonly (string | undefined)[],
  named: string,
  where: string,
) {
  expect(errors, where).toHaveLength(1);
  expect(codes, where).toEqual(['UnsafeFilePath']);
  expect(errors[0], where).toContain(named);
  expect(errors[0], where).not.toMatch(/[\r\n]/);
  tried.refusedInOneLine += 1;
}

const ghKeys = () => ({
  'aws-region': bed.region,
  'aws-access-key-id': bed.ssm.pipeline.accessKeyId,
  'aws-secret-access-key': bed.ssm.pipeline.secretAccessKey,
  'aws-session-token': bed.ssm.pipeline.sessionToken ?? '',
});

describe.each(['github', 'azure'] as const)('ssm-secret dotenv file on %s', (ci) => {
  const inputs = (file: string) =>
    ci === 'github'
      ? { ...ghKeys(), names: '/app/prod/db/password=DB_PASSWORD', 'dotenv-file': file }
      : {
          regionName: bed.region,
          awsAccessKeyId: bed.ssm.pipeline.accessKeyId,
          awsSecretAccessKey: bed.ssm.pipeline.secretAccessKey,
          awsSessionToken: bed.ssm.pipeline.sessionToken ?? '',
          names: '/app/prod/db/password=DB_PASSWORD',
          dotenvFile: file,
        };

  it.each(PLANTS)(
    'a planted %s is refused in one line naming the path',
    async (kind) => {
      const dir = mkdtempSync(join(tmpdir(), 'hn-ws-'));
      const p = plant(dir, 'out/aws-ci-kit.env', kind);
      const run = await runStep(ci, bundle('ssm', ci), {
        ...baseOptions(bed, ci),
        dir,
        inputs: inputs(kind === 'parent-symlink' ? 'out-link/aws-ci-kit.env' : 'out/aws-ci-kit.env'),
        post: false,
      });
      tried.runs += 1;
      const where = `${ci} ${kind}: ${run.main.lines.join('\n').slice(-600)}`;
      expect(run.main.exitCode, where).toBe(1);
      expectRefused(run.main.errors, run.main.errorCodes, p.named, where);
      expectUntouched(p, where);
    },
    60_000,
  );

  it('without a plant the file is created 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hn-ws-'));
    const run = await runStep(ci, bundle('ssm', ci), {
      ...baseOptions(bed, ci),
      dir,
      inputs: inputs('out/aws-ci-kit.env'),
      post: false,
    });
    tried.runs += 1;
    expect(run.main.exitCode, run.main.lines.join('\n')).toBe(0);
    expect(statSync(join(dir, 'out/aws-ci-kit.env')).mode & 0o777).toBe(0o600);
    tried.created0600 += 1;
  }, 60_000);
});

describe('aws-credentials profile files on GitHub', () => {
  it.each(PLANTS)(
    'a planted %s at ~/.aws/credentials is refused in one line',
    async (kind) => {
      const dir = mkdtempSync(join(tmpdir(), 'hn-home-'));
      const p = plant(dir, '.aws/credentials', kind);
      const run = await runStep('github', bundle('credentials', 'github'), {
        ...baseOptions(bed, 'github'),
        dir,
        env: {
          ...baseOptions(bed, 'github').env,
          HOME: dir,
          ...(kind === 'parent-symlink' ? { AWS_SHARED_CREDENTIALS_FILE: p.path } : {}),
        },
        inputs: { ...ghKeys(), 'aws-profile': 'ci' },
        post: false,
      });
      tried.runs += 1;
      const where = `credentials ${kind}: ${run.main.lines.join('\n').slice(-600)}`;
      expect(run.main.exitCode, where).toBe(1);
      expectRefused(run.main.errors, run.main.errorCodes, p.named, where);
      expectUntouched(p, where);
    },
    60_000,
  );
});

function cliKeys(extra: Record<string, string> = {}): Record<string, string> {
  return jobEnv(bed.endpoint, bed.region, {
    GITLAB_CI: 'true',
    AWS_ACCESS_KEY_ID: bed.ssm.pipeline.accessKeyId,
    AWS_SECRET_ACCESS_KEY: bed.ssm.pipeline.secretAccessKey,
    AWS_SESSION_TOKEN: bed.ssm.pipeline.sessionToken ?? '',
    ...extra,
  });
}

function cliErrors(stderr: string): { errors: string[]; codes: string[] } {
  const errors = stderr.split('\n').filter((l) => l.startsWith('error'));
  return { errors, codes: errors.map((l) => /^error \[(\w+)\]/.exec(l)?.[1] ?? '') };
}

describe('the CLI', () => {
  it.each(PLANTS)(
    '--export dotenv: a planted %s is refused in one line',
    async (kind) => {
      const env = cliKeys();
      const home = env.HOME ?? '';
      const p = plant(home, 'out/aws-ci-kit.env', kind);
      const file = kind === 'parent-symlink' ? 'out-link/aws-ci-kit.env' : 'out/aws-ci-kit.env';
      const run = await runCli(
        [
          'ssm-secret',
          '--names',
          '/app/prod/db/password=DB_PASSWORD',
          '--export',
          'dotenv',
          '--export-file',
          file,
        ],
        env,
      );
      tried.runs += 1;
      const where = `dotenv ${kind}: ${run.stderr}`;
      expect(run.code, where).toBe(1);
      const { errors, codes } = cliErrors(run.stderr);
      expectRefused(errors, codes, p.named, where);
      expectUntouched(p, where);
    },
    60_000,
  );

  it.each(PLANTS)(
    '--export bash-env: a planted %s as $BASH_ENV is refused in one line',
    async (kind) => {
      const env = cliKeys();
      const home = env.HOME ?? '';
      const p = plant(home, 'ci/bash_env', kind);
      const run = await runCli(
        ['ssm-secret', '--names', '/app/prod/db/password=DB_PASSWORD', '--export', 'bash-env'],
        { ...env, CIRCLECI: 'true', BASH_ENV: p.path },
      );
      tried.runs += 1;
      const where = `bash-env ${kind}: ${run.stderr}`;
      expect(run.code, where).toBe(1);
      const { errors, codes } = cliErrors(run.stderr);
      expectRefused(errors, codes, p.named, where);
      expectUntouched(p, where);
    },
    60_000,
  );

  it.each(PLANTS)(
    '--export credential-process: a planted %s as the config file is refused',
    async (kind) => {
      const env = cliKeys();
      const home = env.HOME ?? '';
      const p = plant(home, '.aws/config', kind);
      const run = await runCli(['credentials', '--export', 'credential-process'], {
        ...env,
        AWS_CONFIG_FILE: p.path,
      });
      tried.runs += 1;
      const where = `credential-process ${kind}: ${run.stderr}`;
      expect(run.code, where).toBe(1);
      const { errors, codes } = cliErrors(run.stderr);
      expectRefused(errors, codes, p.named, where);
      expectUntouched(p, where);
    },
    60_000,
  );

  it('without a plant, $BASH_ENV is appended to and narrowed to 0600', async () => {
    const env = cliKeys();
    const bashEnv = join(env.HOME ?? '', 'bash_env');
    writeFileSync(bashEnv, '# CircleCI\n', { mode: 0o644 });
    const run = await runCli(
      ['ssm-secret', '--names', '/app/prod/db/password=DB_PASSWORD', '--export', 'bash-env'],
      {
        ...env,
        CIRCLECI: 'true',
        BASH_ENV: bashEnv,
      },
    );
    tried.runs += 1;
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(bashEnv, 'utf8')).toMatch(/^# CircleCI\nexport DB_PASSWORD=/);
    expect(statSync(bashEnv).mode & 0o777).toBe(0o600);
    expect(existsSync(bashEnv)).toBe(true);
    tried.created0600 += 1;
  }, 60_000);
});
