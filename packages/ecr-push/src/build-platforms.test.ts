// Units of the multi-platform build: the `platforms` input, when a Dockerfile needs an emulator,
// and which platforms a host can run (binfmt handlers read from a directory given here).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkSourcePlatforms,
  dockerfileRunsCommands,
  platformDigestsMarkdown,
  platformsWithoutEmulator,
  readPlatforms,
} from './build-platforms.ts';
import type { ManifestNode } from './ecr/image-types.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'platforms-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return describeError(error);
  }
  return 'nothing thrown';
};

describe('readPlatforms', () => {
  it('reads os/arch[/variant], comma or line separated, deduplicated and lower-cased', () => {
    const rt = recordingRuntime({
      inputs: { platforms: 'linux/amd64, linux/ARM64\nlinux/arm/v7,linux/amd64' },
    });
    expect(readPlatforms(rt, undefined)).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  });

  it('refuses a malformed entry, and `platform` with `platforms`, in one line with the CI name', () => {
    expect(
      thrown(() => readPlatforms(recordingRuntime({ inputs: { platforms: 'amd64' } }), undefined)),
    ).toMatch(/^Input `platforms` lists "amd64", not os\/arch\. Fix: List platforms as os\/arch/);
    const both = recordingRuntime({ inputs: { platforms: 'linux/arm64' } });
    expect(thrown(() => readPlatforms(both, 'linux/amd64'))).toMatch(
      /^Inputs `platform` and `platforms` are both set\./,
    );
  });
});

describe('dockerfileRunsCommands', () => {
  it('FROM scratch + COPY runs nothing; a RUN does', () => {
    expect(dockerfileRunsCommands('FROM scratch\nCOPY a /a\n')).toBe(false);
    expect(dockerfileRunsCommands('FROM scratch\nCOPY busybox /bin/\nrun ["/bin/busybox","true"]\n')).toBe(
      true,
    );
  });

  it('a RUN in a stage pinned to $BUILDPLATFORM runs natively (cross-compilation)', () => {
    const cross = [
      'FROM --platform=$BUILDPLATFORM golang AS build',
      'RUN go build -o /app .',
      'FROM scratch',
      'COPY --from=build /app /app',
    ].join('\n');
    expect(dockerfileRunsCommands(cross)).toBe(false);
    expect(dockerfileRunsCommands(`${cross}\nFROM alpine\nRUN apk add curl`)).toBe(true);
  });
});

describe('platformsWithoutEmulator', () => {
  it('the host runs its own architecture (and 386 on amd64); others need a qemu binfmt handler', async () => {
    const binfmt = join(work, 'binfmt');
    await mkdir(binfmt, { recursive: true });
    const all = ['linux/amd64', 'linux/386', 'linux/arm64', 'linux/s390x'];
    expect(await platformsWithoutEmulator(all, 'amd64', binfmt)).toEqual(['linux/arm64', 'linux/s390x']);
    await writeFile(join(binfmt, 'qemu-aarch64'), 'enabled\n');
    expect(await platformsWithoutEmulator(all, 'amd64', binfmt)).toEqual(['linux/s390x']);
    expect(await platformsWithoutEmulator(['linux/amd64'], 'arm64', binfmt)).toEqual(['linux/amd64']);
  });
});

describe('index platforms', () => {
  const child = (platform: string, digest: string): ManifestNode => ({
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes: Buffer.alloc(0),
    children: [],
    blobs: [],
    platform,
  });
  const index: ManifestNode = {
    digest: `sha256:${'0'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    bytes: Buffer.alloc(0),
    children: [
      child('linux/amd64', `sha256:${'a'.repeat(64)}`),
      child('linux/arm64', `sha256:${'b'.repeat(64)}`),
    ],
    blobs: [],
  };

  it('a source missing a listed platform is refused, naming what it has', () => {
    const rt = recordingRuntime({ inputs: {} });
    expect(() => checkSourcePlatforms(rt, index, ['linux/arm64', 'linux/amd64'])).not.toThrow();
    expect(thrown(() => checkSourcePlatforms(rt, index, ['linux/ppc64le']))).toMatch(
      /^The image to push has no linux\/ppc64le \(it has: linux\/amd64, linux\/arm64\)\./,
    );
  });

  it('the summary lists each platform with its manifest digest', () => {
    const md = platformDigestsMarkdown(index);
    expect(md).toContain(`| linux/amd64 | \`sha256:${'a'.repeat(64)}\` |`);
    expect(md).toContain(`| linux/arm64 | \`sha256:${'b'.repeat(64)}\` |`);
  });
});

describe('build cache', () => {
  it('names ECR repositories: created like the image repository when in its registry; flags for buildah', async () => {
    const { readBuildCache, cacheArgs, cacheRepositories } = await import('./build-cache.ts');
    const rt = recordingRuntime({
      inputs: {
        'cache-from': 'app/cache',
        'cache-to': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/cache',
      },
    });
    const cache = readBuildCache(rt);
    const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    expect(cacheRepositories(cache, registry)).toEqual(['app/cache']);
    expect(cacheRepositories(cache, 'other.example')).toEqual(['app/cache']);
    expect(cacheArgs(rt, cache, registry, 'buildah')).toEqual({
      cacheFrom: `${registry}/app/cache`,
      cacheTo: `${registry}/app/cache`,
    });
    expect(thrown(() => cacheArgs(rt, cache, registry, 'docker'))).toMatch(
      /^`cache-to` \/ `cache-from` need buildah or podman; the build uses docker\. Fix: Set `container-cli: buildah`/,
    );
    expect(
      cacheArgs(
        recordingRuntime({ inputs: {} }),
        readBuildCache(recordingRuntime({ inputs: {} })),
        registry,
        'docker',
      ),
    ).toEqual({});
  });
});
