import { CiKitError, type CiRuntime, settleAll, withStepDeadline } from '@aws-ci-kit/core';
import type { KMSClient } from '@aws-sdk/client-kms';
import { cacheRepositories } from './build-cache.ts';
import { type Destination, destinationOf, type Pushed } from './destination.ts';
import {
  CONTAINER_CLIS,
  ContainerCli,
  createEcrClient,
  createEcrPublicClient,
  ECR_PUBLIC_REGISTRY,
  type ECRClient,
  type ECRPUBLICClient,
  ensureRepository,
  parseEcrHost,
  RegistryClient,
  type RegistryClientOptions,
  removeDockerConfigDir,
} from './ecr/index.ts';
import { finishPush } from './finish-push.ts';
import { logIn, type Session } from './log-in.ts';
import { INPUTS, STATE } from './names.ts';
import { type EcrPushPlan, type PushPlan, readEcrPushPlan } from './plan.ts';
import { pushArchive, pushPlatformBuild, pushSavedImage } from './push-daemonless.ts';
import { buildImage, buildImageIndex, pushWithCli } from './push-with-cli.ts';

export { outputSuffix } from './log-in.ts';

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

/** One ECR client (one credential resolution, one role assumption) for the whole step. */
function memoised(deps: EcrPushDeps): EcrPushDeps {
  let ecrClient: Promise<ECRClient> | undefined;
  return {
    ...deps,
    ecr: (runtime) => {
      ecrClient ??= deps.ecr(runtime);
      return ecrClient;
    },
  };
}

/** The actions of the ECR step, on a plan read and checked up front. */
async function runEcrPush(runtime: CiRuntime, plan: EcrPushPlan, deps: EcrPushDeps): Promise<void> {
  const startedOn = new Date();
  const clients = memoised(deps);
  if (plan.kind === 'login') {
    await logIn(runtime, clients, plan);
    return;
  }
  // `create-repository`: the image's repository is looked for (and made) while the login is had,
  // neither waits on the other, when its registry is known before it (see registryBeforeLogin).
  const early = registryBeforeLogin(plan);
  // Both settled, the login's failure first: it is the one to show.
  const [session, made] = await settleAll([
    logIn(runtime, clients, plan),
    early ? ensureRepositories(runtime, clients, plan, early.host, [plan.target.name]) : [],
  ]);
  const destination = destinationOf(plan, session.logins);
  // The rest (the build cache's repositories in the same registry) once the login named the registry.
  const cache = cacheRepositories(plan.cache, destination.host).filter((name) => name !== plan.target.name);
  const late = early ? cache : [plan.target.name, ...cache];
  const all = [...made, ...(await ensureRepositories(runtime, clients, plan, destination.host, late))];
  for (const [name, created] of all)
    runtime.log.info(created ? `Created repository ${name}.` : `Repository ${name} exists.`);
  const pushed = await push(runtime, clients, plan, session, destination);
  await finishPush(runtime, clients, plan, destination, pushed, startedOn);
}

/**
 * The registry of the image's repository when it is certain before the login: the caller's own (a
 * bare name) or the ECR registry the name gives. Not for ECR Public or another host (the login may
 * refuse it: nothing is created for a step that fails on its input).
 */
function registryBeforeLogin(plan: PushPlan): { readonly host: string | undefined } | undefined {
  if (plan.login.registryType === 'public') return undefined;
  const { host } = plan.target;
  if (host === undefined) return { host };
  return parseEcrHost(host) ? { host } : undefined;
}

/** `create-repository`: each repository found or made (at once) in a registry; whether it was made. */
async function ensureRepositories(
  runtime: CiRuntime,
  deps: EcrPushDeps,
  plan: PushPlan,
  host: string | undefined,
  names: readonly string[],
): Promise<[string, boolean][]> {
  const settings = plan.settings.createRepository;
  if (!settings || host === ECR_PUBLIC_REGISTRY || names.length === 0) return [];
  const account = host === undefined ? undefined : parseEcrHost(host)?.account;
  const ecr = await deps.ecr(runtime);
  const options = { ...settings, ...(account ? { registryId: account } : {}) };
  return Promise.all(
    names.map(async (name) => [name, await ensureRepository(ecr, name, options)] as [string, boolean]),
  );
}

/** The container CLI a mode that builds or pushes a local image needs (the login found it). */
function cliOf(session: Session): ContainerCli {
  if (!session.cli) throw new CiKitError('internal', 'No container CLI for the build.', { code: 'Internal' });
  return session.cli;
}

/** Builds (if asked) and pushes, along the plan's mode. */
async function push(
  runtime: CiRuntime,
  deps: EcrPushDeps,
  plan: PushPlan,
  session: Session,
  destination: Destination,
): Promise<Pushed> {
  const { image } = plan;
  const { configDir } = session;
  const factory = deps.registryClient;
  switch (image.kind) {
    case 'archive':
      return pushArchive(runtime, factory, plan, destination, image);
    case 'build-platforms': {
      const what = { build: image.build, platforms: image.platforms, cache: plan.cache };
      const built = await buildImageIndex(runtime, cliOf(session), what, destination, configDir);
      return pushPlatformBuild(runtime, factory, plan, destination, built);
    }
    case 'build':
    case 'engine': {
      const cli = cliOf(session);
      const local =
        image.kind === 'build'
          ? await buildImage(runtime, cli, image.build, plan.cache, destination)
          : image.image;
      if (image.push === 'cli') return pushWithCli(runtime, cli, local, destination, configDir);
      return pushSavedImage(runtime, factory, plan, destination, { cli, image: local, configDir });
    }
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
  const saved = runtime.state.get(STATE.cli);
  const cliName = CONTAINER_CLIS.find((name) => name === saved);
  if (cliName) {
    const cli = new ContainerCli(runtime, cliName, configDir);
    for (const registry of (runtime.state.get(STATE.registries) ?? '').split(',').filter(Boolean)) {
      await cli.logout(registry);
    }
  }
  await removeDockerConfigDir(configDir);
  runtime.log.info(`Logged out; removed ${configDir}.`);
}
