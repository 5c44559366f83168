import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getInput,
  inputName,
  stepDeadlineOf,
  withStepDeadline,
} from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS, createProxyAgent, readProxySettings } from '@aws-ci-kit/credential-chain';
import type { KMSClient } from '@aws-sdk/client-kms';
import { cacheArgs, cacheRepositories } from './build-cache.ts';
import {
  buildPlatforms,
  checkSourcePlatforms,
  type PlatformBuild,
  platformDigests,
  platformDigestsMarkdown,
} from './build-platforms.ts';
import type { ManifestNode } from './ecr/image-types.ts';
import {
  addDockerAuth,
  type CompressedImage,
  ContainerCli,
  type ContainerCliName,
  cliPushSummaryMarkdown,
  compressLayers,
  createDockerConfigDir,
  createEcrClient,
  createEcrPublicClient,
  detectContainerCli,
  ECR_PUBLIC_REGISTRY,
  type ECRClient,
  type ECRPUBLICClient,
  type EcrLogin,
  ensureRepository,
  formatBlobLine,
  formatBytes,
  formatPushLine,
  getEcrLogins,
  getEcrPublicLogin,
  hasUncompressedLayers,
  type ImageSource,
  identityCheckOf,
  openImageSource,
  type PushResult,
  parseEcrHost,
  pushImage,
  pushSummaryMarkdown,
  RegistryClient,
  type RegistryClientOptions,
  removeDockerConfigDir,
} from './ecr/index.ts';
import { INPUTS, OUTPUTS, STATE, VARIABLES } from './names.ts';
import { type EcrPushPlan, readEcrPushPlan, type Target } from './plan.ts';
import { wantsSupplyChain } from './supply-chain-plan.ts';

/** What the step needs from outside; tests pass clients pointed at the loopback bed. */
export interface EcrPushDeps {
  ecr(runtime: CiRuntime): Promise<ECRClient>;
  ecrPublic(runtime: CiRuntime): Promise<ECRPUBLICClient>;
  registryClient(options: RegistryClientOptions): RegistryClient;
  /** The KMS client that signs (`sign-with-kms-key`); default: one with the step's credentials. */
  kms?(runtime: CiRuntime): Promise<KMSClient>;
}

export const defaultEcrPushDeps: EcrPushDeps = {
  ecr: createEcrClient,
  ecrPublic: createEcrPublicClient,
  registryClient: (options) => new RegistryClient(options),
};

/** amazon-ecr-login's output suffix: every run of non-alphanumerics becomes `_`. */
export function outputSuffix(registry: string): string {
  return registry.replace(/[^a-zA-Z0-9_]+/g, '_');
}

async function login(runtime: CiRuntime, deps: EcrPushDeps, plan: EcrPushPlan): Promise<EcrLogin[]> {
  const mask = (secret: string): void => runtime.mask(secret);
  const { target } = plan;
  if (plan.registryType === 'public' || target?.host === ECR_PUBLIC_REGISTRY) {
    return [await getEcrPublicLogin(await deps.ecrPublic(runtime), mask)];
  }
  const ecr = await deps.ecr(runtime);
  const ids = plan.registryIds;
  const targetAccount = target?.host ? parseEcrHost(target.host)?.account : undefined;
  if (target?.host && !targetAccount && !plan.registryEndpoint) {
    throw new CiKitError('input', `${target.host} is not an Amazon ECR registry.`, {
      code: 'RegistryNotEcr',
      hint: 'Give a repository name, or <account>.dkr.ecr.<region>.amazonaws.com/<name>.',
    });
  }
  // The token call and the identity check go out together; nothing is printed before both are back.
  const [logins] = await Promise.all([getEcrLogins(ecr, { registryIds: ids, mask }), identityCheckOf(ecr)]);
  const wantsDefault = target && !targetAccount && ids.length > 0;
  const wantsTarget =
    targetAccount && !logins.some((l) => parseEcrHost(l.registry)?.account === targetAccount);
  if (wantsDefault || wantsTarget) {
    const more = await getEcrLogins(ecr, { registryIds: wantsTarget ? [targetAccount as string] : [], mask });
    for (const l of more) if (!logins.some((x) => x.registry === l.registry)) logins.push(l);
  }
  return logins;
}

function pickLogin(logins: EcrLogin[], target: Target, ids: readonly string[]): EcrLogin {
  if (target.host) {
    const found = logins.find((l) => l.registry === target.host);
    if (found) return found;
    const account = parseEcrHost(target.host)?.account;
    const sameAccount = logins.find((l) => parseEcrHost(l.registry)?.account === account);
    if (sameAccount) return sameAccount;
  }
  // A bare name goes to the caller's own registry: the login that no `registries` entry asked for.
  return (
    logins.find((l) => !ids.includes(parseEcrHost(l.registry)?.account ?? '')) ?? (logins[0] as EcrLogin)
  );
}

/**
 * Where the login goes. A job-private directory, recorded for the post step (or, where the CI runs
 * none, for the clean-up when the command ends). Logging in only on a CI without a post step, the
 * login must outlive the command: it goes to the Docker config the user named (DOCKER_CONFIG),
 * never to a directory nobody would remove.
 */
async function loginConfigDir(runtime: CiRuntime, plan: EcrPushPlan, logins: EcrLogin[]): Promise<string> {
  if (runtime.rules.postStep || plan.target) {
    const dir = await createDockerConfigDir(runtime.tempDir, existingDockerConfig(runtime));
    runtime.state.save(STATE.configDir, dir);
    runtime.state.save(STATE.registries, logins.map((l) => l.registry).join(','));
    // skip-logout keeps a login for later steps; a pushing command without a post step has none.
    runtime.state.save(STATE.skipLogout, String(plan.skipLogout && runtime.rules.postStep));
    return dir;
  }
  const named = runtime.variable(VARIABLES.dockerConfig);
  if (!named) {
    throw new CiKitError(
      'configuration',
      `Logging in only: ${runtime.rules.displayName} runs no post step that would remove the login, so it needs a Docker config you name.`,
      {
        code: 'DockerConfigUnnamed',
        hint: 'Set DOCKER_CONFIG to a directory of this job and delete it when the job is done, or push in the same command (repository) so the login lives only as long as it.',
      },
    );
  }
  await mkdir(named, { recursive: true, mode: 0o700 });
  await chmod(named, 0o700);
  runtime.log.info(
    `The registry login (its password) is in ${join(named, 'config.json')} until you remove it (docker logout, or delete ${named}).`,
  );
  return named;
}

/** The config.json docker would use now (DOCKER_CONFIG, else ~/.docker), to carry other logins over. */
function existingDockerConfig(runtime: CiRuntime): string | undefined {
  const dir = runtime.variable(VARIABLES.dockerConfig);
  if (dir) return join(dir, 'config.json');
  const home = runtime.environment().HOME ?? runtime.environment().USERPROFILE;
  return home ? join(home, '.docker', 'config.json') : undefined;
}

function setLoginOutputs(runtime: CiRuntime, plan: EcrPushPlan, logins: EcrLogin[], configDir: string): void {
  if (logins.length === 1)
    runtime.setOutput(inputName(runtime, OUTPUTS.registry), (logins[0] as EcrLogin).registry);
  runtime.setOutput(inputName(runtime, OUTPUTS.dockerConfig), configDir);
  if (!plan.outputDockerCredentials) return;
  for (const l of logins) {
    const suffix = outputSuffix(l.registry);
    runtime.setOutput(`${OUTPUTS.dockerUsernamePrefix}${suffix}`, l.username);
    runtime.setOutput(`${OUTPUTS.dockerPasswordPrefix}${suffix}`, l.password, { secret: true });
  }
}

/** A registry client for the push target, with the step's proxy settings and deadline. */
async function openRegistryClient(
  runtime: CiRuntime,
  deps: EcrPushDeps,
  plan: EcrPushPlan,
  registry: { login: EcrLogin; url: string },
): Promise<RegistryClient> {
  const { concurrency } = plan;
  // The push honours the same proxy settings as every AWS call (`http-proxy`, HTTPS_PROXY, NO_PROXY).
  const { proxy, noProxy } = readProxySettings(
    runtime,
    getInput(runtime, CREDENTIAL_INPUTS.httpProxy),
    getInput(runtime, CREDENTIAL_INPUTS.noProxy),
  );
  const agent = proxy ? await createProxyAgent(proxy, noProxy, { maxSockets: concurrency + 2 }) : undefined;
  const deadline = stepDeadlineOf(runtime);
  return deps.registryClient({
    url: registry.url,
    credentials: { username: registry.login.username, password: registry.login.password },
    maxSockets: concurrency + 2,
    debug: (message) => runtime.log.debug(message),
    ...(agent ? { agent } : {}),
    ...(deadline ? { signal: deadline.signal, waitingFor: deadline.waitingFor } : {}),
  });
}

async function pushDaemonless(
  runtime: CiRuntime,
  deps: EcrPushDeps,
  plan: EcrPushPlan,
  registry: { login: EcrLogin; url: string },
  repository: string,
  source: ImageSource,
): Promise<{ pushed: PushResult; top: ManifestNode }> {
  const { concurrency, chunkSize } = plan;
  const client = await openRegistryClient(runtime, deps, plan, registry);
  try {
    let image = source;
    let done: CompressedImage['done'] | undefined;
    if (plan.gzip && hasUncompressedLayers(source.top)) {
      const t0 = performance.now();
      const compressed = await compressLayers(source, {
        client,
        repository,
        reuseFrom: plan.tags,
        mountFrom: plan.mountFrom,
        onLayer: (from, to, how) =>
          runtime.log.info(
            how === 'reused'
              ? `reuse  ${from.digest.slice(7, 19)} -> ${to.digest.slice(7, 19)}  ${formatBytes(to.size)} already in the repository`
              : `gzip   ${from.digest.slice(7, 19)} -> ${to.digest.slice(7, 19)}  ${formatBytes(from.size)} -> ${formatBytes(to.size)}`,
          ),
      });
      runtime.log.info(
        `Compressed and uploaded the uncompressed layers in ${((performance.now() - t0) / 1000).toFixed(2)} s.`,
      );
      image = compressed.source;
      done = compressed.done;
    }
    const pushed = await pushImage({
      client,
      repository,
      source: image,
      tags: [...plan.tags],
      concurrency,
      mountFrom: plan.mountFrom,
      ...(chunkSize ? { chunkSize } : {}),
      ...(done ? { done } : {}),
      onBlob: (report) => runtime.log.info(formatBlobLine(report)),
    });
    // What was pushed: after compression its manifests (and so the platform digests) are new ones.
    return { pushed, top: image.top };
  } finally {
    client.close();
  }
}

/**
 * The ECR step: log in (job-private Docker config), optionally build, then tag and push with a
 * container CLI or straight over the registry API. Without a repository it only logs in.
 */
export function ecrPushStep(runtime: CiRuntime, deps: EcrPushDeps = defaultEcrPushDeps): Promise<void> {
  return withStepDeadline(
    runtime,
    { input: INPUTS.timeoutSeconds, defaultSeconds: 600, step: 'The ECR step' },
    async () => runEcrPush(runtime, await readEcrPushPlan(runtime), deps),
  );
}

/** The actions of the ECR step, on a plan read and checked up front. */
async function runEcrPush(runtime: CiRuntime, plan: EcrPushPlan, deps: EcrPushDeps): Promise<void> {
  const startedOn = new Date();
  const { target, tags, build } = plan;
  // One ECR client (one credential resolution, one role assumption) for the whole step.
  let ecrClient: Promise<ECRClient> | undefined;
  const memoDeps: EcrPushDeps = {
    ...deps,
    ecr: (rt) => {
      ecrClient ??= deps.ecr(rt);
      return ecrClient;
    },
  };

  const logins = await runtime.log.group('Log in to Amazon ECR', async () => {
    const found = await login(runtime, memoDeps, plan);
    for (const l of found)
      runtime.log.info(
        `Token for ${l.registry}${l.expiresAt ? ` (valid until ${l.expiresAt.toISOString()})` : ''}.`,
      );
    return found;
  });

  const configDir = await loginConfigDir(runtime, plan, logins);
  for (const l of logins) await addDockerAuth(configDir, l.registry, l.username, l.password);

  let cli: ContainerCli | undefined;
  if (plan.needsCli) {
    const name: ContainerCliName | undefined = await detectContainerCli(
      runtime,
      plan.containerCli,
      inputName(runtime, INPUTS.containerCli),
    ).catch((error) => {
      if (target) throw error; // login-only mode works without a CLI: the config file is written anyway
      runtime.log.info('No container CLI found: the login is in the Docker config file only.');
      return undefined;
    });
    if (name) {
      cli = new ContainerCli(runtime, name, configDir);
      runtime.state.save(STATE.cli, name);
      for (const l of logins) await cli.login(l.registry, l.username, l.password);
      runtime.log.info(
        `${name} is logged in to ${logins.map((l) => l.registry).join(', ')} (config in ${configDir}).`,
      );
    }
  }
  // Without a post step, a pushing command's private config is gone when it ends: nothing to hand on.
  if (runtime.rules.postStep || !target) {
    runtime.setVariable(VARIABLES.dockerConfig, configDir);
    runtime.setVariable(VARIABLES.registryAuthFile, join(configDir, 'config.json'));
    setLoginOutputs(runtime, plan, logins, configDir);
  }
  if (!target) return;

  const chosen = pickLogin(logins, target, plan.registryIds);
  const endpoint = plan.registryEndpoint;
  const registryUrl = (
    endpoint ? (/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`) : chosen.proxyEndpoint
  ).replace(/\/+$/, '');
  const host = chosen.registry;
  const repositoryUri = `${host}/${target.name}`;
  const refs = tags.map((t) => `${repositoryUri}:${t}`);

  if (plan.createRepository && chosen.registry !== ECR_PUBLIC_REGISTRY) {
    const account = parseEcrHost(host)?.account;
    for (const name of [target.name, ...cacheRepositories(plan.cache, host)]) {
      const created = await ensureRepository(await memoDeps.ecr(runtime), name, {
        ...plan.createRepository,
        ...(account ? { registryId: account } : {}),
      });
      runtime.log.info(created ? `Created repository ${name}.` : `Repository ${name} exists.`);
    }
  }

  const pathSource = plan.path;
  let localImage = plan.image;
  let multi: PlatformBuild | undefined;
  if (build && plan.platforms.length > 1) {
    if (!cli) throw new CiKitError('internal', 'No container CLI for the build.', { code: 'Internal' });
    const { platform: _one, ...what } = build;
    const cache = cacheArgs(runtime, plan.cache, host, cli.name);
    multi = await buildPlatforms(runtime, cli, { ...what, ...cache }, plan.platforms, configDir);
  } else if (build) {
    if (!cli) throw new CiKitError('internal', 'No container CLI for the build.', { code: 'Internal' });
    const builder = cli;
    localImage = refs[0] as string;
    await runtime.log.group(`Build ${localImage}`, () =>
      builder.build({
        ...build,
        buildArgs: [...build.buildArgs],
        secrets: [...build.secrets],
        labels: { ...build.labels },
        tags: refs,
        ...cacheArgs(runtime, plan.cache, host, builder.name),
      }),
    );
  }
  let digest: string | undefined;
  let result: PushResult | undefined;
  let pushedTop: ManifestNode | undefined;
  if (plan.mode === 'daemonless') {
    result = await runtime.log.group(`Push ${repositoryUri} (daemonless)`, async () => {
      let source: ImageSource;
      if (multi) source = multi.source;
      else if (pathSource) {
        source = await openImageSource(pathSource.path, pathSource.ref ? { ref: pathSource.ref } : {});
        if (plan.platforms.length > 1) checkSourcePlatforms(runtime, source.top, plan.platforms);
      } else {
        const saver = cli as ContainerCli;
        const archive = join(configDir, 'image.tar');
        runtime.log.info(`Saving ${localImage} with ${saver.name} for a daemonless push.`);
        await saver.save(localImage as string, archive);
        source = await openImageSource(archive, { ref: localImage as string });
      }
      runtime.log.info(`Source: ${source.kind} ${source.path}, ${source.top.mediaType}.`);
      try {
        const { pushed, top } = await pushDaemonless(
          runtime,
          memoDeps,
          plan,
          { login: chosen, url: registryUrl },
          target.name,
          source,
        );
        runtime.log.info(formatPushLine(pushed));
        pushedTop = top;
        return pushed;
      } finally {
        await multi?.cleanup();
        if (!pathSource) await rm(join(configDir, 'image.tar'), { force: true });
      }
    });
    digest = result.digest;
  } else {
    const pusher = cli as ContainerCli;
    digest = await runtime.log.group(`Push ${repositoryUri} (${pusher.name})`, async () => {
      let first: string | undefined;
      for (const ref of refs) {
        if (ref !== localImage) await pusher.tag(localImage as string, ref);
        const reported = await pusher.push(ref, join(configDir, 'digest'));
        first ??= reported;
      }
      return first;
    });
  }

  const imageUri = refs[0] as string;
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUri), imageUri);
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUris), refs.join(','));
  runtime.setOutput(inputName(runtime, OUTPUTS.tags), tags.join(','));
  if (digest) runtime.setOutput(inputName(runtime, OUTPUTS.digest), digest);
  const perPlatform = pushedTop ? platformDigests(pushedTop) : [];
  if (perPlatform.length > 0) {
    const value = perPlatform.map((p) => `${p.platform}=${p.digest}`).join(',');
    runtime.setOutput(inputName(runtime, OUTPUTS.platformDigests), value);
  }
  if (plan.outputVariable) runtime.setVariable(plan.outputVariable, imageUri);
  if (plan.removeImage) {
    if (localImage && !pathSource && cli) {
      await cli.remove(localImage);
      runtime.log.info(`Removed the local image ${localImage}.`);
    } else {
      runtime.log.info('No local image to remove: the image came from a file, not the engine.');
    }
  }
  runtime.log.info(`Pushed ${refs.join(', ')}${digest ? ` (${digest})` : ''}.`);
  let attachedMd = '';
  if (digest && wantsSupplyChain(plan.supplyChain)) {
    const image = { repository: target.name, repositoryUri, digest, children: perPlatform };
    attachedMd = await runtime.log.group('Sign and attest', async () => {
      const { attachSupplyChain, createKmsClient, provenanceInputs } = await import('./supply-chain.ts');
      const client = await openRegistryClient(runtime, memoDeps, plan, { login: chosen, url: registryUrl });
      try {
        return await attachSupplyChain(runtime, {
          client,
          kms: () => (deps.kms ?? createKmsClient)(runtime),
          plan: plan.supplyChain,
          image,
          inputs: provenanceInputs(plan, target.name),
          startedOn,
        });
      } finally {
        client.close();
      }
    });
  }
  if (result) {
    const platformsMd = pushedTop ? platformDigestsMarkdown(pushedTop) : '';
    await runtime.summary(`${pushSummaryMarkdown(result, 'daemonless')}${platformsMd}${attachedMd}`);
  } else {
    const pushed = cliPushSummaryMarkdown({ repositoryUri, digest, tags, cli: cli?.name ?? 'cli' });
    await runtime.summary(`${pushed}${attachedMd}`);
  }
}

/** Post step: log the CLI out of every registry and delete the job-private config. */
export async function ecrPushPostStep(runtime: CiRuntime): Promise<void> {
  const configDir = runtime.state.get(STATE.configDir);
  if (!configDir) return;
  if (runtime.state.get(STATE.skipLogout) === 'true') {
    runtime.log.info('skip-logout: the registry logins stay in place.');
    return;
  }
  const cliName = runtime.state.get(STATE.cli) as ContainerCliName | undefined;
  if (cliName) {
    const cli = new ContainerCli(runtime, cliName, configDir);
    for (const registry of (runtime.state.get(STATE.registries) ?? '').split(',').filter(Boolean)) {
      await cli.logout(registry);
    }
  }
  await removeDockerConfigDir(configDir);
  runtime.log.info(`Logged out; removed ${configDir}.`);
}
