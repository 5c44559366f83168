import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getIntegerInput,
  getListInput,
  type InputSpec,
  inputName,
  quoteValue,
  setByUser,
} from '@aws-ci-kit/core';
import { type BuildCachePlan, readBuildCache } from './build-cache.ts';
import { readPlatforms } from './build-platforms.ts';
import { checkEcrInputs } from './check-ecr-inputs.ts';
import {
  normaliseRepositoryName,
  parseEcrHost,
  type RepositorySettings,
  shortSha,
  splitRepository,
  validateRepositoryName,
  validateTag,
} from './ecr/index.ts';
import { INPUTS, PUSH_MODES, type PushMode } from './names.ts';
import { readSupplyChainPlan, type SupplyChainPlan } from './supply-chain-plan.ts';

const MiB = 1024 * 1024;

/** Where to push: a registry host when the input named one, and the repository name. */
export interface Target {
  readonly host: string | undefined;
  readonly name: string;
}

/** One build secret: its value reaches the builder through the child's environment only. */
export interface BuildSecret {
  readonly id: string;
  readonly env: string;
  readonly value: string;
}

/** What to build with the container CLI before pushing. */
export interface BuildPlan {
  readonly context: string;
  readonly dockerfile?: string;
  readonly buildArgs: readonly string[];
  /** Build secrets: `id` as the Dockerfile's `RUN --mount=type=secret,id=...` names it, `env` the variable. */
  readonly secrets: readonly BuildSecret[];
  readonly target?: string;
  readonly platform?: string;
  readonly network?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Everything the ECR step will do, read and checked from the inputs before any work. */
export interface EcrPushPlan {
  /** Undefined: log in only. */
  readonly target: Target | undefined;
  readonly tags: readonly string[];
  /** `cli` or `daemonless` (`auto` resolved: a path pushes daemonless). */
  readonly mode: Exclude<PushMode, 'auto'>;
  readonly registryType: 'private' | 'public';
  /** Other accounts' registries to log in to (account ids). */
  readonly registryIds: readonly string[];
  /** A registry endpoint to push to instead of the login's (e.g. a VPC endpoint). */
  readonly registryEndpoint: string | undefined;
  /** A local image (CLI) to push, or to save for a daemonless push. */
  readonly image: string | undefined;
  /** An OCI layout or archive to push daemonless (`path` or `path:ref`). */
  readonly path: { readonly path: string; readonly ref?: string } | undefined;
  readonly build: BuildPlan | undefined;
  /** Whether a container CLI must be found (else the login only goes to the Docker config file). */
  readonly needsCli: boolean;
  readonly containerCli: string | undefined;
  /** Create the repository when missing, with these settings. */
  readonly createRepository: RepositorySettings | undefined;
  readonly concurrency: number;
  readonly chunkSize: number | undefined;
  readonly mountFrom: readonly string[];
  readonly gzip: boolean;
  readonly skipLogout: boolean;
  readonly maskPassword: boolean;
  readonly outputDockerCredentials: boolean;
  readonly outputVariable: string | undefined;
  /** ECRPushImage's `removeDockerImage`: `rmi -f` the local source image after the push. */
  readonly removeImage: boolean;
  /** `platforms`: with two or more, the build is one OCI image index (pushed daemonless). */
  readonly platforms: readonly string[];
  /** `provenance` and `sign-with-kms-key`: what is attached to the image after the push. */
  readonly supplyChain: SupplyChainPlan;
  /** `cache-from` / `cache-to`: build cache repositories in ECR. */
  readonly cache: BuildCachePlan;
}

function checkChoice(runtime: CiRuntime, spec: InputSpec, choices: readonly string[]): string | undefined {
  const value = getInput(runtime, spec);
  if (value === undefined || choices.includes(value.toLowerCase())) return value?.toLowerCase();
  const name = inputName(runtime, spec);
  throw new CiKitError(
    'input',
    `Input \`${name}\` must be one of ${choices.join(', ')}, got ${quoteValue(value)}.`,
    {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to one of ${choices.join(', ')}.`,
    },
  );
}

function readPushMode(runtime: CiRuntime): PushMode {
  const mode = (getInput(runtime, INPUTS.pushMode) ?? 'auto').toLowerCase();
  if (!(PUSH_MODES as readonly string[]).includes(mode)) {
    const name = inputName(runtime, INPUTS.pushMode);
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be one of ${PUSH_MODES.join(', ')}, got ${quoteValue(mode)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to cli (docker push) or daemonless (registry API, no daemon).`,
      },
    );
  }
  return mode as PushMode;
}

function readChunkSize(runtime: CiRuntime): number | undefined {
  const chunk = getIntegerInput(runtime, INPUTS.chunkSize, { min: 0, max: 4096, default: 0 }) as number;
  if (chunk > 0 && chunk < 5) {
    const name = inputName(runtime, INPUTS.chunkSize);
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be 0 or at least 5 (ECR's smallest upload part is 5 MiB).`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to 0 (one request per layer) or 5 or more.`,
      },
    );
  }
  return chunk > 0 ? chunk * MiB : undefined;
}

function readTarget(runtime: CiRuntime): Target | undefined {
  const raw = getInput(runtime, INPUTS.repository);
  if (raw === undefined) return undefined;
  const { host, name: given } = splitRepository(raw);
  const label = inputName(runtime, INPUTS.repository);
  const name = getBooleanInput(runtime, INPUTS.forceNaming) ? normaliseRepositoryName(given) : given;
  if (name !== given)
    runtime.log.info(`Repository name normalised: ${quoteValue(given)} -> ${quoteValue(name)}.`);
  validateRepositoryName(name, label, inputName(runtime, INPUTS.forceNaming));
  return { host, name };
}

function readTags(runtime: CiRuntime): string[] {
  const listed = getListInput(runtime, INPUTS.tags);
  const pushTag = getInput(runtime, INPUTS.pushTag);
  let tags: string[];
  if (listed.length > 0) tags = pushTag ? [pushTag, ...listed] : listed;
  else if (pushTag) tags = [pushTag];
  else {
    const sha = shortSha(runtime.context.commitSha);
    tags = sha ? [sha, 'latest'] : ['latest'];
  }
  const unique = [...new Set(tags)];
  for (const tag of unique) validateTag(tag, inputName(runtime, INPUTS.tags));
  return unique;
}

async function localImageName(runtime: CiRuntime): Promise<string | undefined> {
  // The AWS Toolkit's ECRPushImage choice: an image id instead of a name.
  if ((getInput(runtime, INPUTS.imageSource) ?? 'imagename') === 'imageid') {
    return getInput(runtime, INPUTS.sourceImageId);
  }
  const image = getInput(runtime, INPUTS.image);
  const tag = getInput(runtime, INPUTS.sourceImageTag);
  if (!image || !tag || /[:@][^/]*$/.test(image)) return image;
  // The agent passes task.json's `sourceImageTag` default (latest) on every run: it names a tag of an
  // engine's image; an OCI layout or archive path takes only a tag the user set (`path:ref`).
  if ((await isPath(image)) && !setByUser(runtime, INPUTS.sourceImageTag, 'latest')) return image;
  return `${image}:${tag}`;
}

/** A file (an archive), or a directory that is an OCI image layout; a plain directory is not an image. */
async function isPath(value: string): Promise<boolean> {
  const info = await stat(value).catch(() => undefined);
  if (!info) return false;
  if (!info.isDirectory()) return true;
  return (await stat(join(value, 'oci-layout')).catch(() => undefined)) !== undefined;
}

/** `image` may be `path` or `path:ref` (which image of a layout/archive holding several, e.g. `app/web:v1`). */
async function splitPathRef(value: string): Promise<{ path: string; ref?: string } | undefined> {
  if (await isPath(value)) return { path: value };
  for (let colon = value.indexOf(':'); colon > 0; colon = value.indexOf(':', colon + 1)) {
    if (await isPath(value.slice(0, colon)))
      return { path: value.slice(0, colon), ref: value.slice(colon + 1) };
  }
  return undefined;
}

function ociLabels(runtime: CiRuntime): Record<string, string> {
  const labels: Record<string, string> = {};
  const { repositoryUrl: source, commitSha } = runtime.context;
  if (source) labels['org.opencontainers.image.source'] = source;
  if (commitSha) labels['org.opencontainers.image.revision'] = commitSha;
  for (const entry of getListInput(runtime, INPUTS.labels, { separators: 'lines' })) {
    const eq = entry.indexOf('=');
    if (eq > 0) labels[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return labels;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * `build-secrets`: one per line or comma-separated, `NAME` (id and variable alike) or `ID=NAME`. Each
 * variable must be set; its value is masked before anything else sees it.
 */
function readBuildSecrets(runtime: CiRuntime): BuildSecret[] {
  const name = inputName(runtime, INPUTS.buildSecrets);
  return getListInput(runtime, INPUTS.buildSecrets).map((entry) => {
    const eq = entry.indexOf('=');
    const id = (eq > 0 ? entry.slice(0, eq) : entry).trim();
    const env = (eq > 0 ? entry.slice(eq + 1) : entry).trim();
    if (!SECRET_NAME.test(id) || !SECRET_NAME.test(env)) {
      throw new CiKitError('input', `\`${name}\` entry "${entry}" is not NAME or ID=NAME.`, {
        code: 'InputInvalid',
        hint: `List variable names in \`${name}\` (e.g. NUGET_TOKEN), never their values.`,
      });
    }
    const value = runtime.variable(env);
    if (value === undefined) {
      throw new CiKitError('input', `Build secret ${id}: the variable ${env} is not set.`, {
        code: 'InputMissing',
        hint: `Set ${env} in this step's environment (or as a pipeline variable) before the build.`,
      });
    }
    runtime.mask(value);
    return { id, env, value };
  });
}

/** A build arg carrying a masked secret would be stored in the image's history: refuse it. */
function refuseSecretBuildArgs(
  runtime: CiRuntime,
  buildArgs: readonly string[],
  secrets: readonly BuildSecret[],
) {
  const isMasked = (value: string): boolean =>
    runtime.isMasked?.(value) === true || secrets.some((s) => s.value === value);
  for (const arg of buildArgs) {
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    // `KEY` alone: the CLI takes the value from the environment.
    const value = eq > 0 ? arg.slice(eq + 1) : runtime.variable(key);
    if (value && isMasked(value)) {
      const args = inputName(runtime, INPUTS.buildArgs);
      const secretsInput = inputName(runtime, INPUTS.buildSecrets);
      throw new CiKitError(
        'input',
        `Build arg ${key} carries a secret, which the image's history would keep for anyone who can pull it.`,
        {
          code: 'SecretBuildArgRefused',
          hint: `Move ${key} from \`${args}\` to \`${secretsInput}\` and read it in the Dockerfile with RUN --mount=type=secret,id=${key}.`,
        },
      );
    }
  }
}

function readBuild(runtime: CiRuntime): BuildPlan | undefined {
  const dockerfile = getInput(runtime, INPUTS.dockerfile);
  const context = getInput(runtime, INPUTS.context);
  const secrets = readBuildSecrets(runtime);
  const buildArgs = getListInput(runtime, INPUTS.buildArgs, { separators: 'lines' });
  refuseSecretBuildArgs(runtime, buildArgs, secrets);
  if (!dockerfile && !context) {
    if (secrets.length > 0) {
      throw new CiKitError(
        'input',
        `\`${inputName(runtime, INPUTS.buildSecrets)}\` is set, but nothing is built.`,
        {
          code: 'InputInvalid',
          hint: `Set \`${inputName(runtime, INPUTS.dockerfile)}\` or \`${inputName(runtime, INPUTS.context)}\` to build, or drop the secrets.`,
        },
      );
    }
    return undefined;
  }
  const target = getInput(runtime, INPUTS.target);
  const platform = getInput(runtime, INPUTS.platform);
  const network = getInput(runtime, INPUTS.network);
  return {
    context: context ?? '.',
    ...(dockerfile ? { dockerfile } : {}),
    buildArgs,
    secrets,
    ...(target ? { target } : {}),
    ...(platform ? { platform } : {}),
    ...(network ? { network } : {}),
    labels: ociLabels(runtime),
  };
}

function readRepositorySettings(runtime: CiRuntime): RepositorySettings | undefined {
  if (!getBooleanInput(runtime, INPUTS.createRepository)) return undefined;
  const mutability = checkChoice(runtime, INPUTS.tagMutability, ['mutable', 'immutable']) ?? 'mutable';
  const encryption = checkChoice(runtime, INPUTS.encryptionType, ['aes256', 'kms']) ?? 'aes256';
  const kmsKey = getInput(runtime, INPUTS.kmsKey);
  return {
    tagMutability: mutability === 'immutable' ? 'IMMUTABLE' : 'MUTABLE',
    scanOnPush: getBooleanInput(runtime, INPUTS.scanOnPush),
    encryption: { type: encryption === 'kms' ? 'KMS' : 'AES256', ...(kmsKey ? { kmsKey } : {}) },
  };
}

/**
 * Reads and checks every input of the ECR step once, before any AWS call or tool (a typo fails in
 * one line, and nothing is half done); the step then only acts on the plan.
 */
/** `registries` (amazon-ecr-login's): AWS account ids, or ECR registry hosts; anything else is refused. */
function readRegistryIds(runtime: CiRuntime): string[] {
  return getListInput(runtime, INPUTS.registries).map((entry) => {
    const account = parseEcrHost(entry)?.account ?? entry;
    if (/^\d{12}$/.test(account)) return account;
    const name = inputName(runtime, INPUTS.registries);
    throw new CiKitError(
      'input',
      `Input \`${name}\` lists ${quoteValue(entry)}, which is not an AWS account id.`,
      {
        code: 'InputInvalid',
        hint: `List 12-digit account ids (or ECR registry hosts) in \`${name}\`, separated by commas.`,
      },
    );
  });
}

export async function readEcrPushPlan(runtime: CiRuntime): Promise<EcrPushPlan> {
  const maskPassword = getBooleanInput(runtime, INPUTS.maskPassword, true);
  if (!maskPassword) {
    // amazon-ecr-login's `mask-password: false` leaves the registry password unmasked so that
    // another job can read it from an output: a secret in the clear, which this step never makes.
    const name = inputName(runtime, INPUTS.maskPassword);
    throw new CiKitError(
      'input',
      `\`${name}: false\` would leave the ECR password unmasked, which aws-ci-kit never does.`,
      {
        code: 'UnmaskedPasswordRefused',
        hint: `Drop \`${name}\` and log in with this step in the job that pushes (it needs no password from another job).`,
      },
    );
  }
  checkEcrInputs(runtime);
  for (const spec of [
    INPUTS.forceNaming,
    INPUTS.removeImage,
    INPUTS.createRepository,
    INPUTS.scanOnPush,
    INPUTS.maskPassword,
    INPUTS.outputDockerCredentials,
    INPUTS.skipLogout,
  ]) {
    getBooleanInput(runtime, spec);
  }
  const concurrency = getIntegerInput(runtime, INPUTS.concurrency, { min: 1, max: 32, default: 4 }) as number;
  const chunkSize = readChunkSize(runtime);
  checkChoice(runtime, INPUTS.tagMutability, ['mutable', 'immutable']);
  checkChoice(runtime, INPUTS.encryptionType, ['aes256', 'kms']);
  const registryType = (checkChoice(runtime, INPUTS.registryType, ['private', 'public']) ?? 'private') as
    | 'private'
    | 'public';
  checkChoice(runtime, INPUTS.imageSource, ['imagename', 'imageid']);
  const gzip = (checkChoice(runtime, INPUTS.compression, ['gzip', 'none']) ?? 'gzip') === 'gzip';
  const mode = readPushMode(runtime);
  const skipLogout = getBooleanInput(runtime, INPUTS.skipLogout, false);
  const createRepository = readRepositorySettings(runtime);

  const target = readTarget(runtime);
  const tags = target ? readTags(runtime) : [];
  const image = target ? await localImageName(runtime) : undefined;
  const path = image ? await splitPathRef(image) : undefined;
  const platforms = readPlatforms(runtime);
  const read = readBuild(runtime);
  const build = read && platforms.length === 1 ? { ...read, platform: platforms[0] as string } : read;
  const multiPlatform = platforms.length > 1 && !!build;
  if (platforms.length > 1 && target && !build && !path) throw multiPlatformNeedsIndex(runtime);
  const effective: Exclude<PushMode, 'auto'> =
    multiPlatform || (mode === 'auto' && path) ? 'daemonless' : mode === 'auto' ? 'cli' : mode;

  if (path && effective === 'cli' && !build) {
    throw new CiKitError(
      'input',
      `\`${inputName(runtime, INPUTS.image)}\` is a path, which a container CLI cannot push.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${inputName(runtime, INPUTS.pushMode)}\` to daemonless (or auto) to push an OCI layout or archive.`,
      },
    );
  }
  if (target && !path && !image && !build) {
    const name = inputName(runtime, INPUTS.image);
    throw new CiKitError(
      'input',
      `Nothing to push: set \`${name}\` or build with \`${inputName(runtime, INPUTS.dockerfile)}\`.`,
      {
        code: 'InputMissing',
        hint: `Set \`${name}\` to a local image, an OCI layout directory or a \`docker save\` archive.`,
      },
    );
  }

  return {
    target,
    tags,
    mode: effective,
    registryType,
    registryIds: readRegistryIds(runtime),
    registryEndpoint: getInput(runtime, INPUTS.registryEndpoint),
    image: image && !path ? image : undefined,
    path,
    build,
    needsCli: !target || !!build || effective === 'cli' || (!path && effective === 'daemonless'),
    containerCli: getInput(runtime, INPUTS.containerCli),
    createRepository,
    concurrency,
    chunkSize,
    mountFrom: getListInput(runtime, INPUTS.mountFrom),
    gzip,
    skipLogout,
    maskPassword,
    outputDockerCredentials: getBooleanInput(runtime, INPUTS.outputDockerCredentials),
    outputVariable: getInput(runtime, INPUTS.outputVariable),
    removeImage: getBooleanInput(runtime, INPUTS.removeImage),
    platforms,
    supplyChain: readSupplyChainPlan(runtime),
    cache: readBuildCache(runtime),
  };
}

/** Several platforms from one local image: an engine's image is one platform. */
function multiPlatformNeedsIndex(runtime: CiRuntime): CiKitError {
  const name = inputName(runtime, INPUTS.platforms);
  return new CiKitError('input', `\`${name}\` lists several platforms, but a local image is one platform.`, {
    code: 'InputInvalid',
    hint: `Build here (\`${inputName(runtime, INPUTS.dockerfile)}\`) or push an OCI layout or archive holding an index.`,
  });
}
