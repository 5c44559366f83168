import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { CiKitError } from '@aws-ci-kit/core';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { type BuildVariablesOptions, buildVariables } from './build-variables.ts';
import type { FetchedParameter } from './fetch-collector.ts';
import { parseParameterRequest } from './parameter-request.ts';

const github = githubRules({});
const azure = azurePipelinesRules(() => undefined);
const options = (more: Partial<BuildVariablesOptions> = {}): BuildVariablesOptions => ({
  rules: github,
  transform: { steps: ['env'], prefix: '' },
  parseJson: false,
  mask: () => undefined,
  ...more,
});
const byName = (entry: string, value: string, secret = false): FetchedParameter => {
  const request = parseParameterRequest(entry);
  if (request.kind === 'invalid') throw new Error(request.invalid);
  return { name: request.name, value, type: 'String', secret, requests: [request] };
};
const byPath = (name: string, value: string): FetchedParameter => ({
  name,
  value,
  type: 'String',
  secret: false,
  path: { kind: 'path', raw: '/app', path: '/app', recursive: true },
});
const errorOf = (fn: () => unknown): CiKitError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CiKitError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('buildVariables', () => {
  it('names by mapping (verbatim) or by transform and prefix; each request of one parameter its own', () => {
    const shared: FetchedParameter = {
      ...byName('/app/db', 'v'),
      requests: [parseParameterRequest('/app/db=A'), parseParameterRequest('/app/db')].flatMap((r) =>
        r.kind === 'name' ? [r] : [],
      ),
    };
    const variables = buildVariables(
      [shared, byPath('/app/x-y', 'p')],
      options({ transform: { steps: ['env'], prefix: 'S_' } }),
    );
    expect(variables).toEqual([
      { name: 'A', value: 'v', secret: false, source: '/app/db' },
      { name: 'S_APP_DB', value: 'v', secret: false, source: '/app/db' },
      { name: 'S_APP_X_Y', value: 'p', secret: false, source: '/app/x-y' },
    ]);
  });

  it('expands JSON per key (env-named unless mapped), masking each leaf of a secret', () => {
    const masked: string[] = [];
    const json = '{"user":"u","1st":{"pw":"p"}}';
    const variables = buildVariables([byName('/app/creds', json, true), byName('/app/creds=C', json, true)], {
      ...options({ parseJson: true }),
      mask: (v) => masked.push(v),
    });
    expect(variables.map((v) => [v.name, v.value, v.secret])).toEqual([
      ['APP_CREDS_USER', 'u', true],
      ['APP_CREDS_1ST_PW', 'p', true],
      ['C_user', 'u', true],
      ['C_1st_pw', 'p', true],
    ]);
    expect(variables[1]?.source).toBe('/app/creds (key "1st_pw")');
    expect(masked).toEqual(['u', 'p', 'u', 'p']);
    // A value that is not a JSON object stays one variable.
    expect(buildVariables([byName('/n=N', '[1]')], options({ parseJson: true }))).toHaveLength(1);
  });

  it('refuses names from data with command syntax, all in one line, before anything else', () => {
    const error = errorOf(() =>
      buildVariables(
        [byPath('/app/a$b', 'x'), byName('/j=J', '{"k;1":"v","ok":"w"}')],
        options({ parseJson: true, rules: azure }),
      ),
    );
    expect(error.code).toBe('InvalidVariableName');
    expect(error.message).toBe(
      '2 name(s) from the parameters cannot become variable names: parameter "/app/a$b" (it contains "$", which CIs or shells read as syntax); key "k;1" of /j (it contains ";", which CIs or shells read as syntax).',
    );
  });

  it('refuses control variables unless allowed exactly', () => {
    expect(errorOf(() => buildVariables([byName('/p=PATH', 'x')], options())).code).toBe(
      'ControlVariableName',
    );
    expect(
      buildVariables([byName('/p=PATH', 'x')], options({ allowControlVariables: ['PATH'] })).map(
        (v) => v.name,
      ),
    ).toEqual(['PATH']);
  });

  it("refuses names the CI's rules reject, and two sources for one name (as the CI compares names)", () => {
    const invalid = errorOf(() =>
      buildVariables([byName('/a/b', 'x')], options({ transform: { steps: ['none'] } })),
    );
    expect(invalid.message).toMatch(/^1 variable name\(s\) are not valid here: "\/a\/b" from \/a\/b \(/);
    expect(invalid.hint).toBe(github.variableNameHint);
    const clash = errorOf(() =>
      buildVariables([byName('/a=x', '1'), byName('/b=X', '2')], options({ rules: azure })),
    );
    expect([clash.code, clash.message]).toEqual([
      'VariableCollision',
      '1 variable name(s) would be set by two parameters: X <- /a and /b.',
    ]);
    // On GitHub case matters; one source under one name twice is set once.
    expect(buildVariables([byName('/a=x', '1'), byName('/b=X', '2')], options())).toHaveLength(2);
    expect(buildVariables([byName('/a=X', '1'), byName('/a=X', '1')], options())).toHaveLength(1);
  });
});
