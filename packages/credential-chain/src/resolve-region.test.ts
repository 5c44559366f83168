import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { profileFiles } from './profile-files.ts';
import { resolveRegion } from './resolve-region.ts';
import { failure, TOOLKIT_NAMES } from './test/chain-context.ts';

const NO_METADATA = { AWS_EC2_METADATA_DISABLED: 'true', HOME: '/nonexistent' };

function resolve(options: Parameters<typeof recordingRuntime>[0], input?: string) {
  const runtime = recordingRuntime({ ...options, env: { ...NO_METADATA, ...options?.env } });
  return resolveRegion(runtime, input, profileFiles(runtime, undefined));
}

describe('resolveRegion', () => {
  it('takes the input, then AWS.Region, AWS_REGION, AWS_DEFAULT_REGION, saying where from', async () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' };
    expect(await resolve({ env }, 'eu-central-1')).toEqual({
      region: 'eu-central-1',
      from: 'input `aws-region`',
    });
    expect(await resolve({ rules: TOOLKIT_NAMES, env }, 'eu-central-1')).toEqual({
      region: 'eu-central-1',
      from: 'input `regionName`',
    });
    expect(await resolve({ env, variables: { 'AWS.Region': 'ap-south-1' } })).toEqual({
      region: 'ap-south-1',
      from: 'pipeline variable AWS.Region',
    });
    expect(await resolve({ env })).toEqual({ region: 'eu-west-1', from: 'AWS_REGION' });
    expect(await resolve({ env: { AWS_DEFAULT_REGION: ' US-EAST-1 ' } })).toEqual({
      region: 'us-east-1',
      from: 'AWS_DEFAULT_REGION',
    });
  });

  it("falls back to the profile's region", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'region-'));
    await writeFile(join(dir, 'config'), '[profile ci]\nregion = sa-east-1\n');
    const env = {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_PROFILE: 'ci',
    };
    expect(await resolve({ env })).toEqual({ region: 'sa-east-1', from: 'profile `ci`' });
  });

  it('no region, a malformed one and a typo are errors before any AWS call', async () => {
    const runtime = recordingRuntime({ env: NO_METADATA });
    expect(await failure(resolve({}))).toEqual({
      message: 'No AWS region is configured.',
      hint: runtime.rules.regionHint,
      tryNextLink: false,
      code: 'RegionMissing',
    });
    expect(await failure(resolve({}, 'Frankfurt'))).toEqual({
      message: '"Frankfurt" from input `aws-region` is not an AWS region.',
      hint: 'Use a region code such as eu-central-1.',
      tryNextLink: false,
      code: 'RegionInvalid',
    });
    expect(await failure(resolve({}, 'eu-centrall-1'))).toEqual({
      message:
        '"eu-centrall-1" from input `aws-region` is not an AWS region (no region has `centrall` in its name).',
      hint: 'Did you mean eu-central-1? Use a region code such as eu-central-1.',
      tryNextLink: false,
      code: 'RegionInvalid',
    });
  });
});
