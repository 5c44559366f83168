import { CiKitError, type CiRuntime, getInput, inputName } from '@aws-ci-kit/core';
import type { ContainerCliName } from './ecr/container-cli.ts';
import { splitRepository, validateRepositoryName } from './ecr/image-names.ts';
import { INPUTS } from './names.ts';

// A build cache in ECR: `cache-from` / `cache-to` name repositories (like `repository`, a name or
// <registry>/<name>) that buildah and podman fill with one cached image per layer (`--layers
// --cache-to`) and read back on the next build (`--cache-from`), so a changed source rebuilds only
// the steps after the change, also on a fresh runner.

export interface CacheRef {
  readonly host: string | undefined;
  readonly name: string;
}

export interface BuildCachePlan {
  readonly from: CacheRef | undefined;
  readonly to: CacheRef | undefined;
}

function readRef(
  runtime: CiRuntime,
  spec: typeof INPUTS.cacheFrom | typeof INPUTS.cacheTo,
): CacheRef | undefined {
  const raw = getInput(runtime, spec);
  if (raw === undefined) return undefined;
  const { host, name } = splitRepository(raw);
  validateRepositoryName(name, inputName(runtime, spec));
  return { host, name };
}

export function readBuildCache(runtime: CiRuntime): BuildCachePlan {
  return { from: readRef(runtime, INPUTS.cacheFrom), to: readRef(runtime, INPUTS.cacheTo) };
}

/** The repositories of the cache that live in `registry` (to create like the image's). */
export function cacheRepositories(cache: BuildCachePlan, registry: string): string[] {
  const names = [cache.from, cache.to]
    .filter((r): r is CacheRef => !!r && (r.host === undefined || r.host === registry))
    .map((r) => r.name);
  return [...new Set(names)];
}

/** `--cache-from` / `--cache-to` values for the builder: `<registry>/<name>`. */
export function cacheArgs(
  runtime: CiRuntime,
  cache: BuildCachePlan,
  registry: string,
  cli: ContainerCliName,
): { cacheFrom?: string; cacheTo?: string } {
  if (!cache.from && !cache.to) return {};
  if (cli !== 'buildah' && cli !== 'podman') {
    const name = inputName(runtime, INPUTS.cacheTo);
    throw new CiKitError(
      'input',
      `\`${name}\` / \`${inputName(runtime, INPUTS.cacheFrom)}\` need buildah or podman; the build uses ${cli}.`,
      {
        code: 'BuildCacheUnsupported',
        hint: `Set \`${inputName(runtime, INPUTS.containerCli)}: buildah\` (or podman) to keep the build cache in ECR, or drop \`${name}\`.`,
      },
    );
  }
  const ref = (r: CacheRef | undefined) => (r ? `${r.host ?? registry}/${r.name}` : undefined);
  const from = ref(cache.from);
  const to = ref(cache.to);
  return { ...(from ? { cacheFrom: from } : {}), ...(to ? { cacheTo: to } : {}) };
}
