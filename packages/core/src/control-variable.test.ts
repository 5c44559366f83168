import { describe, expect, it } from 'vitest';
import { controlVariableProblem, refuseControlVariables } from './control-variable.ts';
import { describeError, errorCode } from './errors.ts';

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
