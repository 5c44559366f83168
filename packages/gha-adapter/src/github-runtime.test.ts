import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGithubRuntime } from './github-runtime.ts';

/**
 * In-process checks of the GitHub runtime over @actions/core, which reads `INPUT_*`, `STATE_*` and the
 * file-command paths from process.env when called. Output is captured from process.stdout.
 */
const dir = mkdtempSync(join(tmpdir(), 'gha-runtime-'));
const files = {
  GITHUB_ENV: join(dir, 'env'),
  GITHUB_OUTPUT: join(dir, 'output'),
  GITHUB_STATE: join(dir, 'state'),
  GITHUB_STEP_SUMMARY: join(dir, 'summary'),
};
const saved = { ...process.env };
let output: string[] = [];
let spy: ReturnType<typeof vi.spyOn>;

beforeAll(() => {
  for (const file of Object.values(files)) writeFileSync(file, '');
  Object.assign(process.env, files, {
    'INPUT_AWS-REGION': '  eu-west-1  ',
    INPUT_EMPTY: '   ',
    STATE_token: 'saved value',
    GITHUB_REPOSITORY: 'octo/repo',
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
    RUNNER_DEBUG: '1',
  });
  spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});

afterAll(() => {
  spy.mockRestore();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('createGithubRuntime', () => {
  const runtime = () => createGithubRuntime(process.env);

  it('reads trimmed inputs; blank is unset', () => {
    expect(runtime().input('aws-region')).toBe('eu-west-1');
    expect(runtime().input('empty')).toBeUndefined();
    expect(runtime().input('missing')).toBeUndefined();
  });

  it('context, temp dir, cache folder and debug come from the runner', () => {
    const r = runtime();
    expect(r.ci).toBe('github');
    expect(r.context.repository).toBe('octo/repo');
    expect(r.tempDir).toBe(dir);
    expect(r.cacheDir).toBe('/opt/hostedtoolcache');
    expect(r.isDebug).toBe(true);
    expect(r.endpoint).toBeUndefined();
  });

  it('state is read from STATE_* and saved to GITHUB_STATE', () => {
    const r = runtime();
    expect(r.state.get('token')).toBe('saved value');
    expect(r.state.get('missing')).toBeUndefined();
    r.state.save('key', 'a\nb');
    expect(readFileSync(files.GITHUB_STATE, 'utf8')).toMatch(
      /^key<<(ghadelimiter_[0-9a-f-]{36})\na\nb\n\1\n$/,
    );
  });

  it('isMasked: the values masked in this step (GitHub tells an action no other masks)', () => {
    output = [];
    const r = runtime();
    expect(r.isMasked?.('tok-1')).toBe(false);
    r.mask('tok-1');
    r.setOutput('pw', 'tok-2', { secret: true });
    expect(r.isMasked?.('tok-1')).toBe(true);
    expect(r.isMasked?.('tok-2')).toBe(true);
    expect(r.isMasked?.('other')).toBe(false);
  });

  it('a secret variable is masked line by line before it is exported', () => {
    output = [];
    runtime().setVariable('SECRET_VAR', 'line-one\nline-two', { secret: true });
    expect(output.join('')).toBe('::add-mask::line-one\n::add-mask::line-two\n');
    expect(readFileSync(files.GITHUB_ENV, 'utf8')).toContain('\nline-one\nline-two\n');
    expect(process.env.SECRET_VAR).toBe('line-one\nline-two');
  });

  it('log text that looks like a command is printed with a zero-width space before the `::`', () => {
    output = [];
    runtime().log.info('safe');
    runtime().log.info('::add-mask::x');
    runtime().log.info('esc\u001b[2J nul\u0000');
    expect(output[0]).toBe('safe\n');
    expect(output[1]).toBe('\u200b::add-mask::x\n');
    expect(output[2]).toBe('esc\\u001b[2J nul\\u0000\n');
  });

  it("a tool's environment holds no INPUT_* (secret inputs) and no runtime token, and keeps the rest", async () => {
    const env = {
      ...process.env,
      'INPUT_AWS-SECRET-ACCESS-KEY': 'in-secret-key',
      'INPUT_AWS-SESSION-TOKEN': 'in-session-token',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      DOCKER_HOST: 'unix:///tmp/docker.sock',
    };
    const result = await createGithubRuntime(env).exec(
      process.execPath,
      ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
      { silent: true, env: { DOCKER_CONFIG: '/tmp/cfg' } },
    );
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(seen).filter((k) => /^INPUT_/i.test(k))).toEqual([]);
    expect(result.stdout).not.toMatch(/in-secret-key|in-session-token|runtime-token/);
    expect(seen).toMatchObject({ DOCKER_HOST: 'unix:///tmp/docker.sock', DOCKER_CONFIG: '/tmp/cfg' });
  });

  it('exec output goes through the same guard', async () => {
    output = [];
    const result = await runtime().exec(process.execPath, ['-e', "console.log('::set-env name=A::b')"]);
    expect(result.stdout).toBe('::set-env name=A::b\n');
    const printed = output.join('');
    expect(printed).toContain('\n\u200b::set-env name=A::b\n');
    expect(printed).not.toMatch(/^::set-env/m);
  });
});

describe('fail', () => {
  const runtime = () => createGithubRuntime(process.env);
  const saved = process.exitCode;
  afterAll(() => {
    process.exitCode = saved;
  });

  it('one error annotation titled with the stable code; properties escaped as @actions/core does; one line', async () => {
    const { CiKitError } = await import('@aws-ci-kit/core');
    output = [];
    runtime().fail(
      new CiKitError('permission', 'ssm:GetParameters for /app failed: 50%\nmore', {
        code: 'Odd:Code,50%',
        hint: 'Allow it.',
      }),
    );
    const errors = output.filter((line) => line.startsWith('::error'));
    // core's one-line rule turns the message's line break into a space before the adapter escapes it.
    expect(errors).toEqual([
      '::error title=Odd%3ACode%2C50%25::ssm:GetParameters for /app failed: 50%25 more Fix: Allow it.\n',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('an unexpected error is `Internal`; its stack only as debug', () => {
    output = [];
    runtime().fail(new TypeError('x is undefined'));
    expect(output.filter((line) => line.startsWith('::error'))).toEqual([
      '::error title=Internal::TypeError: x is undefined\n',
    ]);
    const stack = output.filter((line) => line.includes(' at '));
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.every((line) => line.startsWith('::debug::'))).toBe(true);
  });
});
