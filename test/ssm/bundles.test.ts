// Both entry bundles as child processes, as the runners start them, against moto (IAM enforced)
// through the proxy. Hostile parameter values must arrive as data: the variables later steps see
// are exactly the parameters, no command or variable appears from a value, and with debug on no
// decrypted value is shown unmasked.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { toEnvName } from '@aws-ci-kit/core/ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, credentialEnv } from '../support/aws/clients.js';
import { parseAzureLog, parseGithubFile, parseGithubLog, secretPieces } from './ci-protocols.ts';
import { HOSTILE, type SsmBed, startSsmBed } from './ssm-bed.ts';

const run = promisify(execFile);
const PKG = resolve(import.meta.dirname, '../../packages/ssm-secret');

let bed: SsmBed;
beforeAll(async () => {
  execFileSync('pnpm', ['--filter', '@aws-ci-kit/ssm-secret', 'bundle'], { cwd: PKG, stdio: 'pipe' });
  bed = await startSsmBed();
}, 120_000);
afterAll(async () => {
  await bed?.stop();
});

const secretValues = (): string[] => [
  ...Object.values(HOSTILE),
  'nuget-token-s3cr3t',
  'v3-secret',
  'sm-token-42',
  'json-pass-1',
];
/** GitHub's runner reads file commands line by line (CR, LF, CRLF), and joins heredoc lines with LF. */
const asGithubReads = (value: string): string => value.replace(/\r\n|\r/g, '\n');

async function runBundle(
  entry: 'github' | 'azure',
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = {
    ...cliEnv({ endpoint: bed.proxy.endpoint, region: bed.bed.region }),
    ...env,
  } as Record<string, string>;
  delete childEnv.AWS_PAGER;
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PKG, 'dist', `${entry}.js`)], {
      env: childEnv,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function githubFiles(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-gh-'));
  const files: Record<string, string> = {};
  for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    files[name] = join(dir, name.toLowerCase());
    writeFileSync(files[name], '');
  }
  files.RUNNER_TEMP = dir;
  return files;
}

describe('GitHub Actions bundle', () => {
  it('hostile values become exactly the expected variables and outputs; no command, no leak in debug', async () => {
    const files = githubFiles();
    const dotenv = join(files.RUNNER_TEMP!, 'ssm.env');
    const result = await runBundle('github', {
      ...files,
      ...credentialEnv(bed.pipeline),
      RUNNER_DEBUG: '1',
      INPUT_PATHS: '/hostile',
      INPUT_NAMES: '/serenity/production/VSS_NUGET_ACCESSTOKEN=VSS_NUGET_ACCESSTOKEN',
      'INPUT_DOTENV-FILE': dotenv,
    });
    // node 20 makes the SDK print a support notice on stderr; nothing else may be there.
    expect(
      result.stderr
        .replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?trace-warnings[^\n]*\n/, '')
        .trim(),
    ).toBe('');
    expect(result.code).toBe(0);

    const expected = new Map<string, string>([['VSS_NUGET_ACCESSTOKEN', 'nuget-token-s3cr3t']]);
    for (const [key, value] of Object.entries(HOSTILE)) {
      expected.set(toEnvName(`/hostile/secure/${key}`), value);
      expected.set(toEnvName(`/hostile/plain/${key}`), value);
    }
    const asRead = new Map([...expected].map(([k, v]) => [k, asGithubReads(v)]));
    expect(parseGithubFile(readFileSync(files.GITHUB_ENV!, 'utf8'))).toEqual(asRead);
    expect(parseGithubFile(readFileSync(files.GITHUB_OUTPUT!, 'utf8'))).toEqual(asRead);

    const log = parseGithubLog(result.stdout, secretPieces(secretValues()));
    expect(log.leaks).toEqual([]);
    expect(new Set(log.commands.map((c) => c.name))).toEqual(new Set(['add-mask', 'debug']));
    // Every secret (and each of its lines) was registered; no plain value was.
    for (const value of [...Object.values(HOSTILE), 'nuget-token-s3cr3t']) {
      for (const piece of secretPieces([value])) expect(log.masks.has(piece)).toBe(true);
    }
    expect(log.masks.has('db.internal.example')).toBe(false);
    expect(result.stdout).toMatch(/Set 27 variable\(s\), 14 secret, from 27 parameter\(s\)/);

    // The dotenv file: 0600, and python-dotenv reads back exactly the values.
    expect(statSync(dotenv).mode & 0o777).toBe(0o600);
    const parsed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import sys,json,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1], interpolate=False)))',
          dotenv,
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(new Map(Object.entries(parsed))).toEqual(expected);
  }, 90_000);

  it('assumes the pipeline role from the inputs (external id) like the seed pipeline', async () => {
    const files = githubFiles();
    const result = await runBundle('github', {
      ...files,
      ...credentialEnv(bed.bed.toolkitUser),
      INPUT_NAMES: '/serenity/production/VSS_NUGET_ACCESSTOKEN=NUGET_TOKEN',
      'INPUT_ROLE-TO-ASSUME': bed.bed.roles.pipeline.arn,
      'INPUT_ROLE-EXTERNAL-ID': bed.bed.externalId,
      'INPUT_AWS-REGION': bed.bed.region,
    });
    expect(result.code).toBe(0);
    expect(parseGithubLog(result.stdout, ['nuget-token-s3cr3t']).leaks).toEqual([]);
    expect(parseGithubFile(readFileSync(files.GITHUB_ENV!, 'utf8')).get('NUGET_TOKEN')).toBe(
      'nuget-token-s3cr3t',
    );
    expect(result.stdout).toContain('pipeline-role');
  }, 60_000);

  it('a user error is one line, with the fix', async () => {
    const files = githubFiles();
    const result = await runBundle('github', {
      ...files,
      ...credentialEnv(bed.noBypath),
      INPUT_PATHS: '/app/prod',
    });
    expect(result.code).toBe(1);
    const errors = parseGithubLog(result.stdout, []).commands.filter((c) => c.name === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.data).toMatch(
      /^AWS denied ssm:GetParametersByPath for path \/app\/prod: .* Fix: Allow ssm:GetParametersByPath/,
    );
    expect(errors[0]!.data).not.toContain('\n');
  }, 60_000);
});

describe('Azure Pipelines bundle', () => {
  it('hostile values become exactly the expected secret variables; no command, no leak in debug', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'ssm-az-'));
    const result = await runBundle('azure', {
      ...credentialEnv(bed.pipeline),
      SYSTEM_DEBUG: 'true',
      // Azure's own opt-in for multi-line secret variables (each line is masked).
      SYSTEM_UNSAFEALLOWMULTILINESECRET: 'true',
      AGENT_TEMPDIRECTORY: temp,
      INPUT_READMODE: 'hierarchy',
      INPUT_PARAMETERPATH: 'hostile',
      INPUT_RECURSIVE: 'true',
      INPUT_HIERARCHYNAMETRANSFORM: 'none',
      INPUT_NAMES: '/serenity/production/VSS_NUGET_ACCESSTOKEN=nuget.token',
    });
    const log = parseAzureLog(result.stdout, secretPieces(secretValues()));
    const failures = log.commands.filter((c) => c.name === 'task.complete' || c.name === 'task.issue');
    expect(failures).toEqual([]);
    expect(result.code).toBe(0);

    const expected = new Map<string, { value: string; secret: boolean }>([
      ['nuget.token', { value: 'nuget-token-s3cr3t', secret: true }],
    ]);
    for (const [key, value] of Object.entries(HOSTILE)) {
      expected.set(`/hostile/secure/${key}`, { value, secret: true });
      expected.set(`/hostile/plain/${key}`, { value, secret: false });
    }
    const set = log.commands.filter((c) => c.name === 'task.setvariable');
    const variables = new Map(
      set
        .filter((c) => c.properties.isoutput !== 'true')
        .map((c) => [c.properties.variable!, { value: c.data, secret: c.properties.issecret === 'true' }]),
    );
    const outputs = new Map(
      set
        .filter((c) => c.properties.isoutput === 'true')
        .map((c) => [c.properties.variable!, { value: c.data, secret: c.properties.issecret === 'true' }]),
    );
    expect(variables).toEqual(expected);
    expect(outputs).toEqual(expected);
    expect(new Set(log.commands.map((c) => c.name))).toEqual(
      new Set(['task.setvariable', 'task.setsecret', 'task.debug']),
    );
    expect(log.leaks).toEqual([]);
  }, 90_000);

  it('without the opt-in, multi-line secrets fail the step before any variable is set', async () => {
    const result = await runBundle('azure', {
      ...credentialEnv(bed.pipeline),
      AGENT_TEMPDIRECTORY: mkdtempSync(join(tmpdir(), 'ssm-az-')),
      INPUT_READMODE: 'hierarchy',
      INPUT_PARAMETERPATH: '/hostile/secure',
      INPUT_HIERARCHYNAMETRANSFORM: 'leaf',
    });
    expect(result.code).toBe(1);
    const log = parseAzureLog(result.stdout, secretPieces(Object.values(HOSTILE)));
    expect(log.commands.filter((c) => c.name === 'task.setvariable')).toEqual([]);
    const complete = log.commands.filter((c) => c.name === 'task.complete');
    expect(complete).toHaveLength(1);
    expect(complete[0]!.data).toBe(
      'Azure Pipelines cannot hold 7 multi-line secret(s): crlf; delimiter; ghCommandAfterNewline; heredoc; long; newline; vsoAfterNewline. Fix: Set the pipeline variable System.UnsafeAllowMultilineSecret to true (each line is masked), or store the values on one line (e.g. base64).',
    );
    expect(log.leaks).toEqual([]);
  }, 60_000);
});
