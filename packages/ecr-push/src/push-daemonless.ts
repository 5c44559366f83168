import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type CiRuntime, getInput, stepDeadlineOf } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS, createProxyAgent, readProxySettings } from '@aws-ci-kit/credential-chain';
import { checkSourcePlatforms, type PlatformBuild } from './build-platforms.ts';
import type { Destination, Pushed } from './destination.ts';
import type { ImageSource } from './ecr/image-types.ts';
import {
  type ContainerCli,
  formatBlobLine,
  formatPushLine,
  hasUncompressedLayers,
  openImageSource,
  pushImage,
  type RegistryClient,
  type RegistryClientOptions,
} from './ecr/index.ts';
import type { PushPlan, PushSettings } from './plan.ts';

/** Makes the registry client (tests pass one pointed at a fake registry). */
export type RegistryClientFactory = (options: RegistryClientOptions) => RegistryClient;

/** A registry client for the push target, with the step's proxy settings and deadline. */
export async function openRegistryClient(
  runtime: CiRuntime,
  factory: RegistryClientFactory,
  settings: Pick<PushSettings, 'concurrency'>,
  destination: Pick<Destination, 'login' | 'url'>,
): Promise<RegistryClient> {
  const maxSockets = settings.concurrency + 2;
  // The push honours the same proxy settings as every AWS call (`http-proxy`, HTTPS_PROXY, NO_PROXY).
  const { proxy, noProxy } = readProxySettings(
    runtime,
    getInput(runtime, CREDENTIAL_INPUTS.httpProxy),
    getInput(runtime, CREDENTIAL_INPUTS.noProxy),
  );
  const agent = proxy ? await createProxyAgent(proxy, noProxy, { maxSockets }) : undefined;
  const deadline = stepDeadlineOf(runtime);
  const { username, password } = destination.login;
  return factory({
    url: destination.url,
    credentials: { username, password },
    maxSockets,
    debug: (message) => runtime.log.debug(message),
    ...(agent ? { agent } : {}),
    ...(deadline ? { signal: deadline.signal, waitingFor: deadline.waitingFor } : {}),
  });
}

/** Sends an image over the registry API (no daemon): every blob, then the manifests, under every tag. */
export async function pushDaemonless(
  runtime: CiRuntime,
  factory: RegistryClientFactory,
  plan: PushPlan,
  destination: Destination,
  source: ImageSource,
): Promise<Pushed> {
  runtime.log.info(`Source: ${source.kind} ${source.path}, ${source.top.mediaType}.`);
  const { concurrency, chunkSize, mountFrom } = plan.settings;
  const client = await openRegistryClient(runtime, factory, plan.settings, destination);
  try {
    // Compression loads only for the layers a `docker save` archive holds uncompressed.
    const { image, done } =
      plan.settings.gzip && hasUncompressedLayers(source.top)
        ? await (await import('./compress-archive.ts')).compressArchive(runtime, client, plan, source)
        : { image: source, done: undefined };
    const result = await pushImage({
      client,
      repository: plan.target.name,
      source: image,
      tags: [...plan.tags],
      concurrency,
      mountFrom,
      ...(chunkSize ? { chunkSize } : {}),
      ...(done ? { done } : {}),
      onBlob: (report) => runtime.log.info(formatBlobLine(report)),
    });
    runtime.log.info(formatPushLine(result));
    // What was pushed: after compression its manifests (and so the platform digests) are new ones.
    return { digest: result.digest, daemonless: { result, top: image.top } };
  } finally {
    client.close();
  }
}

const daemonlessGroup = (destination: Destination): string =>
  `Push ${destination.repositoryUri} (daemonless)`;

/** An OCI layout or archive, pushed as it is (the platforms asked for checked against its index). */
export function pushArchive(
  runtime: CiRuntime,
  factory: RegistryClientFactory,
  plan: PushPlan,
  destination: Destination,
  archive: { readonly path: string; readonly ref?: string; readonly platforms: readonly string[] },
): Promise<Pushed> {
  return runtime.log.group(daemonlessGroup(destination), async () => {
    const source = await openImageSource(archive.path, archive.ref ? { ref: archive.ref } : {});
    if (archive.platforms.length > 1) checkSourcePlatforms(runtime, source.top, archive.platforms);
    return pushDaemonless(runtime, factory, plan, destination, source);
  });
}

/** The index a multi-platform build wrote, pushed and then deleted. */
export function pushPlatformBuild(
  runtime: CiRuntime,
  factory: RegistryClientFactory,
  plan: PushPlan,
  destination: Destination,
  built: PlatformBuild,
): Promise<Pushed> {
  return runtime.log.group(daemonlessGroup(destination), async () => {
    try {
      return await pushDaemonless(runtime, factory, plan, destination, built.source);
    } finally {
      await built.cleanup();
    }
  });
}

/** An engine's image, saved by its CLI to an archive in the private config directory and pushed from there. */
export function pushSavedImage(
  runtime: CiRuntime,
  factory: RegistryClientFactory,
  plan: PushPlan,
  destination: Destination,
  local: { readonly cli: ContainerCli; readonly image: string; readonly configDir: string },
): Promise<Pushed> {
  return runtime.log.group(daemonlessGroup(destination), async () => {
    const { cli, image, configDir } = local;
    const archive = join(configDir, 'image.tar');
    try {
      runtime.log.info(`Saving ${image} with ${cli.name} for a daemonless push.`);
      await cli.save(image, archive);
      const source = await openImageSource(archive, { ref: image });
      const pushed = await pushDaemonless(runtime, factory, plan, destination, source);
      return { ...pushed, local: { cli, image } };
    } finally {
      await rm(archive, { force: true });
    }
  });
}
