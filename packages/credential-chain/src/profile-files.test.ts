import { join } from 'node:path';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { profileFiles } from './profile-files.ts';

describe('profileFiles', () => {
  it('default profile under HOME, not explicit', () => {
    expect(profileFiles(recordingRuntime({ env: { HOME: '/h' } }), undefined)).toEqual({
      name: 'default',
      explicit: false,
      credentialsPath: join('/h', '.aws', 'credentials'),
      configPath: join('/h', '.aws', 'config'),
    });
  });

  it('the input, else AWS_PROFILE, else AWS_DEFAULT_PROFILE names it; AWS_*_FILE move the files', () => {
    const env = {
      HOME: '/h',
      AWS_PROFILE: 'env',
      AWS_DEFAULT_PROFILE: 'def',
      AWS_SHARED_CREDENTIALS_FILE: '/c',
      AWS_CONFIG_FILE: '/k',
    };
    expect(profileFiles(recordingRuntime({ env }), 'in')).toEqual({
      name: 'in',
      explicit: true,
      credentialsPath: '/c',
      configPath: '/k',
      filepath: '/c',
      configFilepath: '/k',
    });
    expect(profileFiles(recordingRuntime({ env }), undefined).name).toBe('env');
    expect(profileFiles(recordingRuntime({ env: { AWS_DEFAULT_PROFILE: 'def' } }), undefined)).toMatchObject({
      name: 'def',
      explicit: true,
    });
  });
});
