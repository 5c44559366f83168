import { link, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlVariableProblem, refuseControlVariables } from '../src/control-variable.ts';
import { describeError, errorCode } from '../src/errors.ts';
import { formatDotenv } from '../src/format-dotenv.ts';
import { ANY_CI_LOG_COMMANDS, escapeControls, guardOneLine, guardOutput } from '../src/guard-output.ts';
import { markdownTable } from '../src/markdown-table.ts';
import { appendPrivateFile, writePrivateFile } from '../src/write-private-file.ts';

describe('controlVariableProblem', () => {
  it.each([
    'PATH',
    'Path',
    'LD_PRELOAD',
    'ld_library_path',
    'DYLD_INSERT_LIBRARIES',
    'BASH_ENV',
    'ENV',
    'PS4',
    'PROMPT_COMMAND',
    'IFS',
    'UID',
    'EUID',
    'BASHOPTS',
    'BASH_FUNC_x%%',
    'GIT_CONFIG_COUNT',
    'GIT_CONFIG_KEY_0',
    'NODE_OPTIONS',
    'NODE_EXTRA_CA_CERTS',
    'PYTHONPATH',
    'PYTHONSTARTUP',
    'RUBYOPT',
    'PERL5OPT',
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'DOCKER_HOST',
    'http_proxy',
    'HTTPS_PROXY',
    'no_proxy',
    'ALL_PROXY',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_STS',
    'AWS_CA_BUNDLE',
    'AWS_CONFIG_FILE',
    'AWS_PROFILE',
    'SSL_CERT_FILE',
    'CURL_CA_BUNDLE',
    'HOME',
    'TMPDIR',
    'SHELL',
    'GITHUB_ENV',
    'RUNNER_TEMP',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'SYSTEM_ACCESSTOKEN',
    'system.accesstoken',
    'AGENT_TEMPDIRECTORY',
    'BUILD_SOURCESDIRECTORY',
    'TF_BUILD',
    'CI_JOB_TOKEN',
    'BUILDKITE_AGENT_ACCESS_TOKEN',
    'CIRCLE_TOKEN',
    'BITBUCKET_STEP_OIDC_TOKEN',
    'MY_APP_PATH',
    'ld.preload',
    'git.config.count',
  ])('refuses %s', (name) => {
    expect(controlVariableProblem(name)).toBeDefined();
  });

  it.each(['DB_PASSWORD', 'API_TOKEN', 'NODE_ENV', 'AWS_REGION', 'SECRET_KEY', 'pathway', 'APP_HOST'])(
    'lets the data name %s through',
    (name) => {
      expect(controlVariableProblem(name)).toBeUndefined();
    },
  );

  it('refuses in one line naming the parameter and the name, unless that exact name is allowed', () => {
    const vars = [
      { name: 'PATH', source: '/app/PATH' },
      { name: 'DB_PASSWORD', source: '/app/DB_PASSWORD' },
    ];
    let error: unknown;
    try {
      refuseControlVariables(vars, {
        allowed: [],
        caseInsensitive: false,
        allowInput: '`allow-control-variables`',
      });
    } catch (e) {
      error = e;
    }
    expect(errorCode(error)).toBe('ControlVariableName');
    const line = describeError(error);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('"PATH" from /app/PATH');
    expect(line).toContain('`allow-control-variables`');
    expect(() =>
      refuseControlVariables(vars, { allowed: ['PATH'], caseInsensitive: false, allowInput: 'x' }),
    ).not.toThrow();
    expect(() =>
      refuseControlVariables(vars, { allowed: ['Path'], caseInsensitive: false, allowInput: 'x' }),
    ).toThrow(/PATH/);
    expect(() =>
      refuseControlVariables(vars, { allowed: ['path'], caseInsensitive: true, allowInput: 'x' }),
    ).not.toThrow();
  });
});

describe('guardOutput', () => {
  const ZWSP = '\u200b';
  it('breaks every GitHub and Azure command, at a line start after CR or LF, and anywhere', () => {
    for (const text of [
      '::set-env name=A::b',
      'x\n::add-mask::y',
      'x\r::stop-commands::t',
      'x\r\n  ::error::y',
      'a ##vso[task.setvariable variable=A]b',
      '##[group]x',
      'a ##VSO[task.complete result=Succeeded]',
    ]) {
      const out = guardOutput(text, ANY_CI_LOG_COMMANDS);
      for (const line of out.split('\n')) {
        expect(line.trimStart().startsWith('::'), JSON.stringify(line)).toBe(false);
        expect(line).not.toMatch(/##vso\[|##\[/i);
      }
      expect(out.replaceAll(ZWSP, '').replace(/\n/g, '')).toBe(text.replace(/\r\n|\r|\n/g, ''));
    }
  });

  it('shows ESC, NUL and other C0/C1 controls escaped, keeps tab', () => {
    expect(escapeControls('a\u001b[31mb\u0000c\u0085d\u009be\tf\u007f')).toBe(
      'a\\u001b[31mb\\u0000c\\u0085d\\u009be\tf\\u007f',
    );
  });

  it('applies only the syntax the runtime says', () => {
    const github = { atLineStart: ['::'], anywhere: ['##['] };
    const azure = { atLineStart: [], anywhere: ['##vso[', '##['] };
    expect(guardOutput('::x', azure)).toBe('::x');
    expect(guardOutput('##vso[x]', github)).toBe('##vso[x]');
    expect(guardOutput('::x', github)).toBe(`${ZWSP}::x`);
    expect(guardOneLine('a\n::x\r\n##vso[y]', azure)).toBe(`a ::x ##${ZWSP}vso[y]`);
  });
});

describe('markdownTable renders cells as text', () => {
  it.each([
    ['![p](https://evil.example/x.png)'],
    ['[click](https://evil.example)'],
    ['<img src=x onerror=alert(1)>'],
    ['https://evil.example/autolink'],
    ['**bold** _em_ ~~del~~ `code`'],
    ['a\u001b[31mred'],
  ])('%j', (payload) => {
    const row = markdownTable(['a'], [[payload]]).split('\n')[2] ?? '';
    expect(row).not.toMatch(/!\[|(?<!\\)\[|<img|(?<!\\)\]\(|https:\/\//);
    expect(row).not.toContain('\u001b');
  });
});

describe('formatDotenv quoting per value', () => {
  it('single-quotes by default and double-quotes a value with a single quote', () => {
    expect(formatDotenv([{ name: 'A', value: 'x $y' }])).toBe("A='x $y'\n");
    expect(formatDotenv([{ name: 'P', value: "pa'ss" }])).toBe('P="pa\'ss"\n');
  });
  it.each([
    ["it's $HOME", /a single quote .* and a "\$"/],
    ['a\r\nb', /a carriage return/],
    [`$\{X}`, /python-dotenv expands/],
    ["it's \\n", /backslash escape/],
  ])('refuses %j, which no quoting carries', (value, why) => {
    expect(() => formatDotenv([{ name: 'X', value }])).toThrow(why);
  });
});

describe('writePrivateFile and appendPrivateFile', () => {
  let dir: string;
  let outside: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'own-'));
    outside = await mkdtemp(join(tmpdir(), 'outside-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('creates 0600 and replaces a regular file by rename', async () => {
    const file = join(dir, 'a.env');
    await writeFile(file, 'old', { mode: 0o644 });
    await writePrivateFile(file, 'new', { within: dir });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it.each(['symlink', 'dangling', 'hardlink', 'fifo-like dir', 'parent symlink'])(
    'refuses a planted %s in one line naming the path, writing nothing through it',
    async (kind) => {
      const target = join(outside, 'target');
      await writeFile(target, 'keep');
      let file = join(dir, 'a.env');
      if (kind === 'symlink') await symlink(target, file);
      if (kind === 'dangling') await symlink(join(outside, 'missing'), file);
      if (kind === 'hardlink') await link(target, file);
      if (kind === 'fifo-like dir') await mkdir(file);
      if (kind === 'parent symlink') {
        await symlink(outside, join(dir, 'out'));
        file = join(dir, 'out', 'a.env');
      }
      for (const write of [writePrivateFile, appendPrivateFile]) {
        let error: unknown;
        await write(file, 'SECRET=1\n', { within: dir }).catch((e: unknown) => {
          error = e;
        });
        expect(errorCode(error)).toBe('UnsafeFilePath');
        const line = describeError(error);
        expect(line).not.toMatch(/[\r\n]/);
        expect(line).toContain(kind === 'parent symlink' ? join(dir, 'out') : file);
      }
      expect(await readFile(target, 'utf8')).toBe('keep');
      await expect(stat(join(outside, 'missing'))).rejects.toThrow();
      await expect(stat(join(outside, 'a.env'))).rejects.toThrow();
    },
  );

  it('appends to a regular file, narrowing it to 0600 first', async () => {
    const file = join(dir, 'bash_env');
    await writeFile(file, 'A=1\n', { mode: 0o644 });
    await appendPrivateFile(file, 'B=2\n', { within: dir });
    expect(await readFile(file, 'utf8')).toBe('A=1\nB=2\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
