import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { credentialsPostStep, credentialsStep } from './step.ts';

// Keys from the step inputs and no identity check: the whole step runs without an AWS call.
const INPUTS = {
  'aws-region': 'eu-central-1',
  'aws-access-key-id': 'AKIASTEPUNIT0000001',
  'aws-secret-access-key': 'step/secret+key',
  'verify-identity': 'false',
};

async function home() {
  const dir = await mkdtemp(join(tmpdir(), 'cred-step-'));
  return { dir, env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } };
}

describe('credentialsStep', () => {
  it('exports masked keys and the region for later steps, and sets the outputs', async () => {
    const { dir, env } = await home();
    const rt = recordingRuntime({ inputs: { ...INPUTS, 'output-credentials': 'true' }, env, tempDir: dir });
    await credentialsStep(rt);
    expect(Object.fromEntries(rt.variables)).toEqual({
      AWS_ACCESS_KEY_ID: { value: 'AKIASTEPUNIT0000001', secret: true },
      AWS_SECRET_ACCESS_KEY: { value: 'step/secret+key', secret: true },
      AWS_SESSION_TOKEN: { value: '', secret: true },
      AWS_REGION: { value: 'eu-central-1', secret: false },
      AWS_DEFAULT_REGION: { value: 'eu-central-1', secret: false },
    });
    expect(Object.fromEntries(rt.outputs)).toEqual({
      'aws-region': { value: 'eu-central-1', secret: false },
      'aws-access-key-id': { value: 'AKIASTEPUNIT0000001', secret: true },
      'aws-secret-access-key': { value: 'step/secret+key', secret: true },
    });
    expect(rt.unmaskedUses('step/secret+key')).toEqual([]);
    expect(rt.logText()).toContain('AWS credentials from step inputs.');
  });

  it('with aws-profile: writes the profile (0600), exports nothing', async () => {
    const { dir, env } = await home();
    const rt = recordingRuntime({ inputs: { ...INPUTS, 'aws-profile': 'ci' }, env, tempDir: dir });
    await credentialsStep(rt);
    expect(rt.variables.size).toBe(0);
    const credentials = join(dir, '.aws', 'credentials');
    expect(await readFile(credentials, 'utf8')).toBe(
      '[ci]\naws_access_key_id = AKIASTEPUNIT0000001\naws_secret_access_key = step/secret+key\n',
    );
    expect(await readFile(join(dir, '.aws', 'config'), 'utf8')).toBe('[profile ci]\nregion = eu-central-1\n');
    expect((await stat(credentials)).mode & 0o777).toBe(0o600);
  });

  it('an existing profile is an error before any AWS call, unless overwrite-aws-profile', async () => {
    const { dir, env } = await home();
    const inputs = { ...INPUTS, 'aws-profile': 'ci', 'aws-region': 'Frankfurt' };
    const first = recordingRuntime({ inputs: { ...INPUTS, 'aws-profile': 'ci' }, env, tempDir: dir });
    await credentialsStep(first);
    const again = await credentialsStep(recordingRuntime({ inputs, env, tempDir: dir })).catch(describeError);
    expect(again).toBe(
      `Profile "ci" already exists in ${join(dir, '.aws', 'credentials')}. Fix: Set \`overwrite-aws-profile: true\` to replace it, or choose another \`aws-profile\`.`,
    );
    const overwrite = recordingRuntime({
      inputs: { ...INPUTS, 'aws-profile': 'ci', 'overwrite-aws-profile': 'true' },
      env,
      tempDir: dir,
    });
    await credentialsStep(overwrite);
  });

  it('use-existing-credentials with nothing on the machine runs as normal', async () => {
    const { dir, env } = await home();
    const rt = recordingRuntime({
      inputs: { ...INPUTS, 'use-existing-credentials': 'true' },
      env,
      tempDir: dir,
    });
    await credentialsStep(rt);
    expect(rt.logText()).toContain('No valid credentials exist. Running as normal.');
    expect(rt.variables.get('AWS_ACCESS_KEY_ID')?.value).toBe('AKIASTEPUNIT0000001');
  });
});

describe('credentialsPostStep', () => {
  it('restores what the variables held before, unless AWS_SKIP_CLEANUP_STEP is true', async () => {
    const { dir, env } = await home();
    const state = new Map<string, string>();
    const main = recordingRuntime({
      rules: { postStep: true },
      inputs: INPUTS,
      env: { ...env, AWS_REGION: 'us-east-1' },
      tempDir: dir,
      state,
    });
    await credentialsStep(main);
    const skip = recordingRuntime({ env: { AWS_SKIP_CLEANUP_STEP: 'true' }, state, tempDir: dir });
    await credentialsPostStep(skip);
    expect(skip.variables.size).toBe(0);
    expect(skip.logText()).toBe('AWS_SKIP_CLEANUP_STEP is true: leaving the credentials in place.');
    const post = recordingRuntime({ state, tempDir: dir });
    await credentialsPostStep(post);
    expect(post.variables.get('AWS_REGION')?.value).toBe('us-east-1');
    expect(post.variables.get('AWS_ACCESS_KEY_ID')?.value).toBe('');
  });
});
