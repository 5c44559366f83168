import { CiKitError, type CiRuntime, getInput, getListInput, inputName } from '@aws-ci-kit/core';
import { INPUTS } from './names.ts';
import type { CliArgInputs } from './read-cli-args.ts';

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

function ociLabels(runtime: CiRuntime, entries: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const { repositoryUrl: source, commitSha } = runtime.context;
  if (source) labels['org.opencontainers.image.source'] = source;
  if (commitSha) labels['org.opencontainers.image.revision'] = commitSha;
  for (const entry of entries) {
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
): void {
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

/**
 * The build, when `dockerfile` or `context` asks for one (secrets are read, masked and checked in
 * every mode). `platform` is the one platform to build: `platform`, or the only entry of `platforms`.
 */
export function readBuild(
  runtime: CiRuntime,
  args: CliArgInputs,
  platform: string | undefined,
): BuildPlan | undefined {
  const { dockerfile, context, buildArgs } = args;
  const secrets = readBuildSecrets(runtime);
  refuseSecretBuildArgs(runtime, buildArgs, secrets);
  const network = getInput(runtime, INPUTS.network);
  if (!dockerfile && !context) {
    if (secrets.length === 0) return undefined;
    throw new CiKitError(
      'input',
      `\`${inputName(runtime, INPUTS.buildSecrets)}\` is set, but nothing is built.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${inputName(runtime, INPUTS.dockerfile)}\` or \`${inputName(runtime, INPUTS.context)}\` to build, or drop the secrets.`,
      },
    );
  }
  return {
    context: context ?? '.',
    ...(dockerfile ? { dockerfile } : {}),
    buildArgs,
    secrets,
    ...(args.target ? { target: args.target } : {}),
    ...(platform ? { platform } : {}),
    ...(network ? { network } : {}),
    labels: ociLabels(runtime, args.labels),
  };
}
