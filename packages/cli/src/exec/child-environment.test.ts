import { errorCode } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { childEnvironment, withCredentials, withoutInputs } from './child-environment.ts';

const keys = new Map([
  ['AWS_ACCESS_KEY_ID', 'AKIA1'],
  ['AWS_SECRET_ACCESS_KEY', 'secret'],
  ['AWS_SESSION_TOKEN', ''],
]);

describe('childEnvironment', () => {
  it('drops our input variables, adds the secrets, then the credentials over everything', () => {
    const env = childEnvironment(
      { PATH: '/bin', AWS_CI_KIT_ROLE_TO_ASSUME: 'arn', UNSET: undefined },
      new Map([
        ['DB_PASSWORD', 'pw'],
        ['AWS_ACCESS_KEY_ID', 'from-a-secret'],
      ]),
      keys,
    );
    expect(env).toEqual({
      PATH: '/bin',
      DB_PASSWORD: 'pw',
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
  });

  it('refuses names an environment cannot hold, in one line', () => {
    let thrown: unknown;
    try {
      childEnvironment({}, new Map([['/app/db', 'x']]), new Map());
    } catch (error) {
      thrown = error;
    }
    expect(errorCode(thrown)).toBe('InvalidVariableName');
    expect((thrown as Error).message).toBe(
      "Variable name(s) the command's environment cannot hold: /app/db.",
    );
  });
});

describe('withCredentials', () => {
  it('removes every other credential source when keys are given; an empty value is left out', () => {
    const env = withCredentials(
      { AWS_PROFILE: 'p', AWS_SESSION_TOKEN: 'old', AWS_ROLE_ARN: 'arn', HOME: '/h' },
      keys,
    );
    expect(env).toEqual({ HOME: '/h', AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 'secret' });
  });

  it('keeps the environment as it is without keys', () => {
    expect(withCredentials({ AWS_PROFILE: 'p' }, new Map())).toEqual({ AWS_PROFILE: 'p' });
  });
});

describe('withoutInputs', () => {
  it('removes the input variables of the given flags only', () => {
    const name = (flag: string) => `AWS_CI_KIT_${flag.toUpperCase().replace(/-/g, '_')}`;
    expect(
      withoutInputs(
        { AWS_CI_KIT_AWS_REGION: 'eu', AWS_CI_KIT_OTHER: 'x', PATH: '/bin' },
        ['aws-region'],
        name,
      ),
    ).toEqual({ AWS_CI_KIT_OTHER: 'x', PATH: '/bin' });
  });
});
