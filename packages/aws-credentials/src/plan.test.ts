import { join } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { EXPORTED_VARIABLES, PROFILE_VARIABLE } from './names.ts';
import { profilePaths, readCredentialsPlan } from './plan.ts';

const plan = (inputs: Record<string, string>, env: Record<string, string> = { HOME: '/h' }) =>
  readCredentialsPlan(recordingRuntime({ inputs, env }));

describe('readCredentialsPlan', () => {
  it('no profile: the variables for later steps, nothing written', () => {
    expect(plan({})).toEqual({
      useExistingCredentials: false,
      variables: EXPORTED_VARIABLES,
      profile: undefined,
      outputCredentials: false,
    });
    expect(plan({ 'output-env-credentials': 'false', 'output-credentials': 'true' })).toMatchObject({
      variables: [],
      outputCredentials: true,
    });
  });

  it('a profile: written, nothing exported unless asked, then AWS_PROFILE too', () => {
    expect(plan({ 'aws-profile': 'ci' })).toEqual({
      useExistingCredentials: false,
      variables: [],
      profile: {
        name: 'ci',
        paths: { credentials: join('/h', '.aws', 'credentials'), config: join('/h', '.aws', 'config') },
        overwrite: false,
      },
      outputCredentials: false,
    });
    expect(
      plan({ 'aws-profile': 'ci', 'output-env-credentials': 'true', 'overwrite-aws-profile': 'true' }),
    ).toMatchObject({ variables: [...EXPORTED_VARIABLES, PROFILE_VARIABLE], profile: { overwrite: true } });
  });

  it('refuses a profile name with spaces, brackets or slashes, in the words of the CI', () => {
    const error = (inputs: Record<string, string>, rules = {}) => {
      try {
        readCredentialsPlan(recordingRuntime({ ...rules, inputs }));
        return 'no error';
      } catch (e) {
        return describeError(e);
      }
    };
    expect(error({ 'aws-profile': 'a b' })).toBe(
      'Input `aws-profile` ("a b") is not a valid profile name. Fix: Use a name without spaces, brackets or slashes in `aws-profile`.',
    );
    expect(error({ awsProfile: '../x' }, AZURE_NAMES)).toBe(
      'Input `awsProfile` ("../x") is not a valid profile name. Fix: Use a name without spaces, brackets or slashes in `awsProfile`.',
    );
  });
});

describe('profilePaths', () => {
  it('AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, else under HOME', () => {
    expect(profilePaths(recordingRuntime({ env: { HOME: '/h', AWS_CONFIG_FILE: '/k' } }))).toEqual({
      credentials: join('/h', '.aws', 'credentials'),
      config: '/k',
    });
  });
});
