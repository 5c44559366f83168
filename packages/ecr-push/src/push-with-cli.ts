import { join } from 'node:path';
import type { CiRuntime } from '@aws-ci-kit/core';
import { type BuildCachePlan, cacheArgs } from './build-cache.ts';
import { buildPlatforms, type PlatformBuild } from './build-platforms.ts';
import type { Destination, Pushed } from './destination.ts';
import type { ContainerCli } from './ecr/index.ts';
import type { BuildPlan } from './plan.ts';

/** Builds one platform with the container CLI, tagged with every reference; returns the image's name (the first). */
export async function buildImage(
  runtime: CiRuntime,
  cli: ContainerCli,
  build: BuildPlan,
  cache: BuildCachePlan,
  destination: Destination,
): Promise<string> {
  const image = destination.imageUri;
  await runtime.log.group(`Build ${image}`, () =>
    cli.build({
      ...build,
      buildArgs: [...build.buildArgs],
      secrets: [...build.secrets],
      labels: { ...build.labels },
      tags: [...destination.refs],
      ...cacheArgs(runtime, cache, destination.host, cli.name),
    }),
  );
  return image;
}

/** Builds several platforms into one local OCI layout or archive (an index), for the daemonless push. */
export function buildImageIndex(
  runtime: CiRuntime,
  cli: ContainerCli,
  plan: { readonly build: BuildPlan; readonly platforms: readonly string[]; readonly cache: BuildCachePlan },
  destination: Destination,
  configDir: string,
): Promise<PlatformBuild> {
  const { platform: _one, ...what } = plan.build;
  const cache = cacheArgs(runtime, plan.cache, destination.host, cli.name);
  return buildPlatforms(runtime, cli, { ...what, ...cache }, plan.platforms, configDir);
}

/** Tags the engine's image with every reference and pushes each; the digest is the first the CLI reports. */
export function pushWithCli(
  runtime: CiRuntime,
  cli: ContainerCli,
  image: string,
  destination: Destination,
  configDir: string,
): Promise<Pushed> {
  return runtime.log.group(`Push ${destination.repositoryUri} (${cli.name})`, async () => {
    let digest: string | undefined;
    for (const ref of destination.refs) {
      if (ref !== image) await cli.tag(image, ref);
      const reported = await cli.push(ref, join(configDir, 'digest'));
      digest ??= reported;
    }
    return { digest, cli: cli.name, local: { cli, image } };
  });
}
