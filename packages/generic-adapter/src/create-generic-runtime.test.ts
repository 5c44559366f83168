import { CiKitError } from '@aws-ci-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGenericRuntime } from './create-generic-runtime.ts';

function runtime(env: Record<string, string>, flags: Record<string, string> = {}) {
  const lines: string[] = [];
  const rt = createGenericRuntime({ env, cwd: '/', flags, writeLog: (line) => lines.push(line) });
  return { rt, lines };
}

describe('createGenericRuntime', () => {
  it('inputs: a flag wins over AWS_CI_KIT_<INPUT>; trimmed; empty is unset', () => {
    const { rt } = runtime(
      {
        AWS_CI_KIT_ROLE_TO_ASSUME: 'from-env',
        AWS_CI_KIT_AWS_REGION: ' eu-west-1 ',
        AWS_CI_KIT_AUDIENCE: '',
      },
      { 'role-to-assume': 'from-flag' },
    );
    expect(rt.input('role-to-assume')).toBe('from-flag');
    expect(rt.input('aws-region')).toBe('eu-west-1');
    expect(rt.input('audience')).toBeUndefined();
    expect(rt.ci).toBe('generic');
  });

  it('the cache folder: XDG_CACHE_HOME, else ~/.cache, else none', () => {
    expect(runtime({ XDG_CACHE_HOME: '/c', HOME: '/h' }).rt.cacheDir).toBe('/c');
    expect(runtime({ HOME: '/home/ci' }).rt.cacheDir).toBe('/home/ci/.cache');
    expect(runtime({}).rt.cacheDir).toBeUndefined();
  });

  it('secrets are redacted from its own log and from tool output; the CI cannot mask: said once', async () => {
    const { rt, lines } = runtime({ GITLAB_CI: 'true', PATH: process.env.PATH ?? '' });
    rt.mask('s3cr3t-value');
    rt.mask('multi\nline-secret');
    rt.log.info('value s3cr3t-value and line-secret');
    await rt.exec('printf', ['%s\\n', 'tool says s3cr3t-value']);
    expect(lines.join('\n')).not.toContain('s3cr3t-value');
    expect(lines).toContain('value *** and ***');
    expect(lines).toContain('tool says ***');
    expect(lines.filter((l) => l.includes('cannot mask'))).toHaveLength(1);
  });

  it('setVariable keeps values for the export; secret ones are masked first', () => {
    const { rt, lines } = runtime({});
    rt.setVariable('A', 'plain');
    rt.setVariable('B', 'hidden-value', { secret: true });
    rt.log.info('B is hidden-value');
    expect([...rt.variables]).toEqual([
      ['A', { value: 'plain', secret: false }],
      ['B', { value: 'hidden-value', secret: true }],
    ]);
    expect(lines).toContain('B is ***');
  });

  it('maskedValues lists every masked piece (each line of a multi-line value); redactsLaterOutput drops the notice', () => {
    const lines: string[] = [];
    const rt = createGenericRuntime({
      env: {},
      cwd: '/',
      flags: {},
      writeLog: (line) => lines.push(line),
      redactsLaterOutput: true,
    });
    rt.setVariable('K', 'line-one\nline-two', { secret: true });
    rt.mask('token-x');
    expect(rt.maskedValues().sort()).toEqual(['line-one', 'line-two', 'token-x']);
    expect(lines).toEqual([]);
  });

  it('idToken: the CI variable, masked; a CI without one falls through', async () => {
    const gitlab = runtime({ GITLAB_CI: 'true', GITLAB_OIDC_TOKEN: 'eyJ.jwt.sig' });
    expect(await gitlab.rt.idToken!({ audience: 'sts.amazonaws.com' })).toBe('eyJ.jwt.sig');
    gitlab.rt.log.info('token eyJ.jwt.sig');
    expect(gitlab.lines).toContain('token ***');
    const jenkins = runtime({ JENKINS_URL: 'https://j/' });
    await expect(jenkins.rt.idToken!()).rejects.toMatchObject({ code: 'OidcUnavailable', tryNextLink: true });
  });
});

describe('genericRules', () => {
  it('a job id token where the CI gives one; environment variable names; the aws-ci-kit session prefix', () => {
    const gitlab = runtime({ GITLAB_CI: 'true', GITLAB_OIDC_TOKEN: 'jwt' }).rt.rules;
    expect(gitlab).toMatchObject({
      displayName: 'GitLab CI/CD',
      sessionPrefix: 'aws-ci-kit',
      inputNaming: 'kebab',
      jobIdToken: true,
      // No CI the CLI runs on runs a post step: steps leave nothing for one.
      postStep: false,
    });
    expect(runtime({ GITLAB_CI: 'true' }).rt.rules.jobIdToken).toBe(false);
    expect(runtime({ BUILDKITE: 'true' }).rt.rules.jobIdToken).toBe(true);
    expect(runtime({ JENKINS_URL: 'https://j/' }).rt.rules.jobIdToken).toBe(false);
    expect(gitlab.variableNameProblem('DB_PASSWORD')).toBeUndefined();
    expect(gitlab.variableNameProblem('/app/prod/x')).toMatch(/environment variable names/);
    expect(gitlab.multilineSecretHint()).toBeUndefined();
  });

  it('--web-identity-token-env names the variable on any CI', async () => {
    const lines: string[] = [];
    const rt = createGenericRuntime({
      env: { JENKINS_URL: 'https://j/', MY_TOKEN: 'eyJ.custom.sig' },
      cwd: '/',
      flags: {},
      writeLog: (line) => lines.push(line),
      tokenVariable: 'MY_TOKEN',
    });
    expect(rt.rules.jobIdToken).toBe(true);
    expect(await rt.idToken!()).toBe('eyJ.custom.sig');
    expect(lines).toContain('OIDC token from variable MY_TOKEN.');
  });
});

describe('fail', () => {
  const saved = process.exitCode;
  afterEach(() => {
    process.exitCode = saved;
  });

  it('one line `error [<Code>]: message Fix: hint`', () => {
    const { rt, lines } = runtime({});
    rt.fail(
      new CiKitError('input', 'Input `aws-region` is required.', { code: 'InputMissing', hint: 'Set it.' }),
    );
    expect(lines).toEqual(['error [InputMissing]: Input `aws-region` is required. Fix: Set it.']);
    expect(process.exitCode).toBe(1);
  });

  it('an unexpected error is `Internal`, its stack only with debug', () => {
    const quiet = runtime({});
    quiet.rt.fail(new TypeError('x is undefined'));
    expect(quiet.lines).toEqual(['error [Internal]: TypeError: x is undefined']);
    const debug = runtime({ AWS_CI_KIT_DEBUG: 'true' });
    debug.rt.fail(new TypeError('x is undefined'));
    expect(debug.lines).toHaveLength(2);
    expect(debug.lines[0]).toMatch(/^TypeError: x is undefined\n\s+at /);
  });
});
