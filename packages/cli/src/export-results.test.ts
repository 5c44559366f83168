import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '@aws-ci-kit/core';
import { createGenericRuntime, type ExportFormat } from '@aws-ci-kit/generic-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExportOptions, exportResults } from './export-results.ts';

let dir: string;
let logs: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-results-'));
  logs = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A generic runtime in `dir` whose step set `variables` (secret) and an output. */
function runtimeWith(
  variables: Record<string, string>,
  env: Readonly<Record<string, string | undefined>> = {},
) {
  const runtime = createGenericRuntime({ env, cwd: dir, flags: {}, writeLog: (line) => logs.push(line) });
  for (const [name, value] of Object.entries(variables)) runtime.setVariable(name, value, { secret: true });
  runtime.setOutput('aws-account-id', '123456789012');
  return runtime;
}

async function exported(
  format: ExportFormat,
  variables: Record<string, string>,
  more: Partial<ExportOptions> = {},
): Promise<string> {
  let stdout = '';
  const env = { ...more.env };
  await exportResults(runtimeWith(variables, env), {
    format,
    file: 'aws.env',
    env,
    cwd: dir,
    writeStdout: (text) => {
      stdout += text;
    },
    ...more,
  });
  return stdout;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${errorCode(error)}: ${(error as Error).message}`;
  }
  return 'no failure';
}

describe('exportResults', () => {
  it('shell: single-quoted export lines on stdout', async () => {
    expect(await exported('shell', { A: "it's", B: 'x' })).toBe(`export A='it'\\''s'\nexport B='x'\n`);
  });

  it('json: variables and outputs as one object on stdout', async () => {
    expect(JSON.parse(await exported('json', { A: '1' }))).toEqual({
      variables: { A: '1' },
      outputs: { 'aws-account-id': '123456789012' },
    });
  });

  it('none and profile: nothing on stdout, no file', async () => {
    expect(await exported('none', { A: '1' })).toBe('');
    expect(await exported('profile', { A: '1' })).toBe('');
  });

  it('dotenv: a 0600 file in the working directory; the log names it, never a value', async () => {
    expect(await exported('dotenv', { A: 's3cr3t' })).toBe('');
    expect(readFileSync(join(dir, 'aws.env'), 'utf8')).toBe(`A='s3cr3t'\n`);
    expect(statSync(join(dir, 'aws.env')).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toContain(`Wrote 1 variable(s) to ${join(dir, 'aws.env')} (mode 0600).`);
    expect(logs.join('\n')).not.toContain('s3cr3t');
  });

  it('gitlab-dotenv: refuses multi-line values, and warns that later jobs see the values', async () => {
    expect(await failure(exported('gitlab-dotenv', { A: 'one\ntwo', B: 'one-line-value' }))).toBe(
      'MultilineValue: A GitLab dotenv report cannot hold multi-line values: A.',
    );
    await exported('gitlab-dotenv', { B: 'one-line-value' });
    expect(
      logs.some((line) => line.startsWith(`warning: ${join(dir, 'aws.env')} is a GitLab dotenv report`)),
    ).toBe(true);
  });

  it('refuses a variable name a shell cannot hold', async () => {
    expect(await failure(exported('shell', { 'a-b': '1' }))).toBe(
      'InvalidVariableName: Variable name(s) a shell cannot hold: a-b.',
    );
  });

  it('bash-env: appends to $BASH_ENV, and says so when it is not set', async () => {
    expect(await failure(exported('bash-env', { A: '1' }))).toBe(
      'ExportUnavailable: BASH_ENV is not set, so --export bash-env has no file to append to.',
    );
    const bashEnv = join(dir, 'bash.env');
    writeFileSync(bashEnv, 'export KEEP=1\n');
    await exported('bash-env', { A: '1' }, { env: { BASH_ENV: bashEnv } });
    expect(readFileSync(bashEnv, 'utf8')).toBe(`export KEEP=1\nexport A='1'\n`);
  });

  it('credential-process: writes the profile whose credential_process re-runs the command', async () => {
    const config = join(dir, 'config');
    writeFileSync(config, '[profile other]\nregion = us-east-1\n');
    await exported(
      'credential-process',
      { AWS_REGION: 'eu-west-1' },
      {
        env: { AWS_CONFIG_FILE: config, HOME: dir },
        profileName: 'ci',
        credentialProcess: [
          'aws-ci-kit',
          'credential-process',
          '--role-to-assume',
          'arn:aws:iam::1:role/a b',
        ],
      },
    );
    const text = readFileSync(config, 'utf8');
    expect(text).toContain('[profile other]\nregion = us-east-1\n');
    expect(text).toContain(
      `[profile ci]\ncredential_process = 'aws-ci-kit' 'credential-process' '--role-to-assume' 'arn:aws:iam::1:role/a b'\nregion = eu-west-1\n`,
    );
  });
});
