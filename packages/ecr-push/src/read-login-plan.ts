import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getChoiceInput,
  getInput,
  getListInput,
  inputName,
  quoteValue,
} from '@aws-ci-kit/core';
import { CONTAINER_CLIS, parseEcrHost } from './ecr/index.ts';
import { INPUTS, REGISTRY_TYPES } from './names.ts';

/** How the step logs in, in every mode (a login-only run does nothing else). */
export interface LoginPlan {
  readonly registryType: (typeof REGISTRY_TYPES)[number];
  /** Other accounts' registries to log in to (account ids). */
  readonly registryIds: readonly string[];
  /** A registry endpoint to push to instead of the login's (e.g. a VPC endpoint). */
  readonly registryEndpoint: string | undefined;
  /** `container-cli` as given (`auto`, a CLI's name, or unset: the first found on PATH). */
  readonly containerCli: string | undefined;
  readonly skipLogout: boolean;
  readonly outputDockerCredentials: boolean;
}

/**
 * amazon-ecr-login's `mask-password: false` leaves the registry password unmasked so that another
 * job can read it from an output: a secret in the clear, which this step never makes.
 */
function refuseUnmaskedPassword(runtime: CiRuntime): void {
  if (getBooleanInput(runtime, INPUTS.maskPassword, true)) return;
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

function readContainerCli(runtime: CiRuntime): string | undefined {
  const value = getInput(runtime, INPUTS.containerCli);
  const cli = value?.toLowerCase();
  if (cli === undefined || cli === 'auto' || CONTAINER_CLIS.some((known) => known === cli)) return value;
  const name = inputName(runtime, INPUTS.containerCli);
  throw new CiKitError('input', `Input \`${name}\` names an unknown container CLI ${quoteValue(cli)}.`, {
    code: 'InputInvalid',
    hint: `Set \`${name}\` to auto or one of ${CONTAINER_CLIS.join(', ')}.`,
  });
}

function readRegistryEndpoint(runtime: CiRuntime): string | undefined {
  const endpoint = getInput(runtime, INPUTS.registryEndpoint);
  if (endpoint === undefined || /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(endpoint))
    return endpoint;
  const name = inputName(runtime, INPUTS.registryEndpoint);
  throw new CiKitError('input', `Input \`${name}\` is not a registry host or URL: ${quoteValue(endpoint)}.`, {
    code: 'InputInvalid',
    hint: `Set \`${name}\` to a host[:port] or https://host[:port].`,
  });
}

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

/** The login's inputs, each read once and checked (also in a mode that pushes nothing). */
export function readLoginPlan(runtime: CiRuntime): LoginPlan {
  refuseUnmaskedPassword(runtime);
  const containerCli = readContainerCli(runtime);
  const registryEndpoint = readRegistryEndpoint(runtime);
  return {
    registryType: getChoiceInput(runtime, INPUTS.registryType, REGISTRY_TYPES) ?? 'private',
    registryIds: readRegistryIds(runtime),
    registryEndpoint,
    containerCli,
    skipLogout: getBooleanInput(runtime, INPUTS.skipLogout, false),
    outputDockerCredentials: getBooleanInput(runtime, INPUTS.outputDockerCredentials),
  };
}
