import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readBuild } from './read-build.ts';
import { readCliArgInputs } from './read-cli-args.ts';

const build = (inputs: Record<string, string>, env: Record<string, string> = {}, platform?: string) => {
  const rt = recordingRuntime({
    inputs,
    env,
    context: { repositoryUrl: 'https://git.example/app', commitSha: 'f'.repeat(40) },
  });
  return { rt, plan: readBuild(rt, readCliArgInputs(rt), platform) };
};

describe('readBuild', () => {
  it('nothing to build without a Dockerfile or a context', () => {
    expect(build({ 'build-args': 'A=1' }).plan).toBeUndefined();
  });

  it('a build: context (default .), args, target, network, platform, OCI labels then the user labels', () => {
    const { plan } = build(
      {
        dockerfile: 'docker/Dockerfile',
        'build-args': 'A=1\nB=two words',
        target: 'release',
        network: 'none',
        labels: 'team=web\norg.opencontainers.image.source=https://override',
      },
      {},
      'linux/arm64',
    );
    expect(plan).toEqual({
      context: '.',
      dockerfile: 'docker/Dockerfile',
      buildArgs: ['A=1', 'B=two words'],
      secrets: [],
      target: 'release',
      platform: 'linux/arm64',
      network: 'none',
      labels: {
        'org.opencontainers.image.source': 'https://override',
        'org.opencontainers.image.revision': 'f'.repeat(40),
        team: 'web',
      },
    });
  });

  it('build secrets: NAME or ID=NAME, each value masked before anything else', () => {
    const { rt, plan } = build(
      { context: 'app', 'build-secrets': 'NUGET_TOKEN\nnpm=NPM_TOKEN' },
      { NUGET_TOKEN: 'n-1', NPM_TOKEN: 'n-2' },
    );
    expect(plan?.secrets).toEqual([
      { id: 'NUGET_TOKEN', env: 'NUGET_TOKEN', value: 'n-1' },
      { id: 'npm', env: 'NPM_TOKEN', value: 'n-2' },
    ]);
    expect(rt.masks).toEqual(['n-1', 'n-2']);
  });

  it('a build arg carrying a build secret is refused', () => {
    expect(() => build({ context: 'app', 'build-secrets': 'T', 'build-args': 'COPY=v' }, { T: 'v' })).toThrow(
      /^Build arg COPY carries a secret/,
    );
    let line = 'accepted';
    try {
      build({ context: 'app', 'build-secrets': 'T', 'build-args': 'T' }, { T: 'v' });
    } catch (error) {
      line = describeError(error);
    }
    expect(line).toBe(
      "Build arg T carries a secret, which the image's history would keep for anyone who can pull it. Fix: Move T from `build-args` to `build-secrets` and read it in the Dockerfile with RUN --mount=type=secret,id=T.",
    );
  });
});
