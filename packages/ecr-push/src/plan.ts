import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getChoiceInput,
  getInput,
  getListInput,
  inputDefault,
  inputName,
  quoteValue,
} from '@aws-ci-kit/core';
import { type BuildCachePlan, readBuildCache } from './build-cache.ts';
import { readPlatforms } from './build-platforms.ts';
import {
  normaliseRepositoryName,
  shortSha,
  splitRepository,
  validateRepositoryName,
  validateTag,
} from './ecr/index.ts';
import { IMAGE_SOURCES, INPUTS, type PushMode } from './names.ts';
import { type BuildPlan, readBuild } from './read-build.ts';
import { type CliArgInputs, readCliArgInputs } from './read-cli-args.ts';
import { type LoginPlan, readLoginPlan } from './read-login-plan.ts';
import { type PushSettings, readPushSettings } from './read-push-settings.ts';
import { readSupplyChainPlan, type SupplyChainPlan } from './supply-chain-plan.ts';

export type { BuildPlan, BuildSecret } from './read-build.ts';
export type { LoginPlan } from './read-login-plan.ts';
export type { PushSettings } from './read-push-settings.ts';

/** Where to push: a registry host when the input named one, and the repository name. */
export interface Target {
  readonly host: string | undefined;
  readonly name: string;
}

/** How a local image reaches the registry: `docker push` (and its kin), or saved and sent over the registry API. */
export type LocalPush = Exclude<PushMode, 'auto'>;

/** Where the pushed image comes from, and how it goes: each mode a type of its own. */
export type ImagePlan =
  /** Built here for one platform by the container CLI, then pushed by it (or saved, daemonless). */
  | { readonly kind: 'build'; readonly build: BuildPlan; readonly push: LocalPush }
  /** Built here for several platforms into one OCI image index, pushed daemonless. */
  | { readonly kind: 'build-platforms'; readonly build: BuildPlan; readonly platforms: readonly string[] }
  /** An image of the container engine, pushed by the CLI (or saved, daemonless). */
  | { readonly kind: 'engine'; readonly image: string; readonly push: LocalPush }
  /** An OCI layout or archive (`path`, or `path:ref` for one image of several), pushed daemonless. */
  | {
      readonly kind: 'archive';
      readonly path: string;
      readonly ref?: string;
      /** `platforms` to find in the archive's index (none: whatever it holds). */
      readonly platforms: readonly string[];
    };

/** No repository: log in (and hand the login on), nothing else. */
export interface LoginOnlyPlan {
  readonly kind: 'login';
  readonly login: LoginPlan;
}

/** Log in, then push one image under every tag. */
export interface PushPlan {
  readonly kind: 'push';
  readonly login: LoginPlan;
  readonly target: Target;
  readonly tags: readonly string[];
  readonly image: ImagePlan;
  readonly settings: PushSettings;
  /** `platforms` as listed (the provenance records them). */
  readonly platforms: readonly string[];
  /** `provenance` and `sign-with-kms-key`: what is attached to the image after the push. */
  readonly supplyChain: SupplyChainPlan;
  /** `cache-from` / `cache-to`: build cache repositories in ECR. */
  readonly cache: BuildCachePlan;
}

/** Everything the ECR step will do, read and checked from the inputs before any work. */
export type EcrPushPlan = LoginOnlyPlan | PushPlan;

function readTarget(runtime: CiRuntime, forceNaming: boolean): Target | undefined {
  const raw = getInput(runtime, INPUTS.repository);
  if (raw === undefined) return undefined;
  const { host, name: given } = splitRepository(raw);
  const label = inputName(runtime, INPUTS.repository);
  const name = forceNaming ? normaliseRepositoryName(given) : given;
  if (name !== given)
    runtime.log.info(`Repository name normalised: ${quoteValue(given)} -> ${quoteValue(name)}.`);
  validateRepositoryName(name, label, inputName(runtime, INPUTS.forceNaming));
  return { host, name };
}

/** `push-tag` first, then `tags`; neither: the short commit SHA and latest. */
function readTags(runtime: CiRuntime): string[] {
  const listed = getListInput(runtime, INPUTS.tags);
  const pushTag = getInput(runtime, INPUTS.pushTag);
  const sha = shortSha(runtime.context.commitSha);
  const fallback = sha ? [sha, 'latest'] : ['latest'];
  const tags = pushTag ? [pushTag, ...listed] : listed.length > 0 ? listed : fallback;
  const unique = [...new Set(tags)];
  for (const tag of unique) validateTag(tag, inputName(runtime, INPUTS.tags));
  return unique;
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

/** The local image the user named: an engine's image (with `source-image-tag`), or a path. */
async function localImageName(runtime: CiRuntime, args: CliArgInputs): Promise<string | undefined> {
  // The AWS Toolkit's ECRPushImage choice: an image id instead of a name.
  if (getChoiceInput(runtime, INPUTS.imageSource, IMAGE_SOURCES) === 'imageid') return args.sourceImageId;
  const { image, sourceImageTag: tag } = args;
  if (!image || !tag || /[:@][^/]*$/.test(image)) return image;
  // The agent passes task.json's `sourceImageTag` default (latest) on every run: it names a tag of an
  // engine's image; an OCI layout or archive path takes only a tag the user set (`path:ref`).
  const byDefault = tag.toLowerCase() === inputDefault(runtime, INPUTS.sourceImageTag);
  if (byDefault && (await isPath(image))) return image;
  return `${image}:${tag}`;
}

/** Several platforms from one local image: an engine's image is one platform. */
function multiPlatformNeedsIndex(runtime: CiRuntime): CiKitError {
  const name = inputName(runtime, INPUTS.platforms);
  return new CiKitError('input', `\`${name}\` lists several platforms, but a local image is one platform.`, {
    code: 'InputInvalid',
    hint: `Build here (\`${inputName(runtime, INPUTS.dockerfile)}\`) or push an OCI layout or archive holding an index.`,
  });
}

function nothingToPush(runtime: CiRuntime): CiKitError {
  const name = inputName(runtime, INPUTS.image);
  return new CiKitError(
    'input',
    `Nothing to push: set \`${name}\` or build with \`${inputName(runtime, INPUTS.dockerfile)}\`.`,
    {
      code: 'InputMissing',
      hint: `Set \`${name}\` to a local image, an OCI layout directory or a \`docker save\` archive.`,
    },
  );
}

function pathNeedsDaemonless(runtime: CiRuntime): CiKitError {
  return new CiKitError(
    'input',
    `\`${inputName(runtime, INPUTS.image)}\` is a path, which a container CLI cannot push.`,
    {
      code: 'InputInvalid',
      hint: `Set \`${inputName(runtime, INPUTS.pushMode)}\` to daemonless (or auto) to push an OCI layout or archive.`,
    },
  );
}

/** The mode: a build wins over `image`; `auto` pushes a path daemonless and an engine's image with its CLI. */
async function readImagePlan(
  runtime: CiRuntime,
  args: CliArgInputs,
  build: BuildPlan | undefined,
  platforms: readonly string[],
  mode: PushMode,
): Promise<ImagePlan> {
  if (build && platforms.length > 1) return { kind: 'build-platforms', build, platforms };
  if (build) return { kind: 'build', build, push: mode === 'auto' ? 'cli' : mode };
  const image = await localImageName(runtime, args);
  const path = image ? await splitPathRef(image) : undefined;
  if (path) {
    if (mode === 'cli') throw pathNeedsDaemonless(runtime);
    return { kind: 'archive', ...path, platforms };
  }
  if (platforms.length > 1) throw multiPlatformNeedsIndex(runtime);
  if (!image) throw nothingToPush(runtime);
  return { kind: 'engine', image, push: mode === 'auto' ? 'cli' : mode };
}

/**
 * Reads and checks every input of the ECR step once, before any AWS call or tool (a typo fails in
 * one line, and nothing is half done), also those the mode does not use; the step then only acts
 * on the plan.
 */
export async function readEcrPushPlan(runtime: CiRuntime): Promise<EcrPushPlan> {
  const login = readLoginPlan(runtime);
  const args = readCliArgInputs(runtime);
  const settings = readPushSettings(runtime);
  const target = readTarget(runtime, getBooleanInput(runtime, INPUTS.forceNaming));
  const tags = target ? readTags(runtime) : [];
  const platforms = readPlatforms(runtime, args.platform);
  const build = readBuild(runtime, args, platforms.length === 1 ? platforms[0] : args.platform);
  const supplyChain = readSupplyChainPlan(runtime);
  const cache = readBuildCache(runtime);
  if (!target) return { kind: 'login', login };
  const image = await readImagePlan(runtime, args, build, platforms, settings.pushMode);
  return { kind: 'push', login, target, tags, image, settings, platforms, supplyChain, cache };
}
