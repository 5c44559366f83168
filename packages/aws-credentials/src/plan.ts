import { join } from 'node:path';
import { CiKitError, type CiRuntime, getBooleanInput, getInput, inputName } from '@aws-ci-kit/core';
import { AWS_ENV } from '@aws-ci-kit/credential-chain';
import { EXPORTED_VARIABLES, type ExportedVariable, PROFILE_VARIABLE, STEP_INPUTS } from './names.ts';

/** The shared credentials and config files a profile is written to. */
export interface ProfilePaths {
  readonly credentials: string;
  readonly config: string;
}

/** `aws-profile`: the named profile the step writes (keys to `credentials`, region to `config`, 0600). */
export interface ProfileTarget {
  readonly name: string;
  readonly paths: ProfilePaths;
  /** `overwrite-aws-profile`: replace a profile of that name; else an existing one is an error. */
  readonly overwrite: boolean;
}

/** Every input of the credentials step itself (the chain reads its own), read and checked once. */
export interface CredentialsPlan {
  /** `use-existing-credentials`: do nothing when the machine's own credentials pass GetCallerIdentity. */
  readonly useExistingCredentials: boolean;
  /** Variables exported for later steps; none unless `output-env-credentials` (default: no profile). */
  readonly variables: readonly ExportedVariable[];
  /** The profile to write, when `aws-profile` is set. */
  readonly profile: ProfileTarget | undefined;
  /** `output-credentials`: the keys as (secret) step outputs. */
  readonly outputCredentials: boolean;
}

/** AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and ~/.aws/config. */
export function profilePaths(runtime: CiRuntime): ProfilePaths {
  const home = runtime.variable('HOME') ?? runtime.variable('USERPROFILE') ?? runtime.tempDir;
  return {
    credentials: runtime.variable(AWS_ENV.credentialsFile) ?? join(home, '.aws', 'credentials'),
    config: runtime.variable(AWS_ENV.configFile) ?? join(home, '.aws', 'config'),
  };
}

/** configure-aws-credentials' profile-name rule: no whitespace, brackets or path separators. */
function readProfileName(runtime: CiRuntime): string | undefined {
  const name = getInput(runtime, STEP_INPUTS.profile);
  if (name === undefined || !/[\s[\]/\\]/.test(name)) return name;
  const input = inputName(runtime, STEP_INPUTS.profile);
  throw new CiKitError('input', `Input \`${input}\` ("${name}") is not a valid profile name.`, {
    code: 'InputInvalid',
    hint: `Use a name without spaces, brackets or slashes in \`${input}\`.`,
  });
}

export function readCredentialsPlan(runtime: CiRuntime): CredentialsPlan {
  const profileName = readProfileName(runtime);
  const overwrite = getBooleanInput(runtime, STEP_INPUTS.overwriteProfile);
  // configure-aws-credentials: with a profile, nothing goes to the environment unless asked for.
  const outputEnv = getBooleanInput(runtime, STEP_INPUTS.outputEnvCredentials, profileName === undefined);
  const outputCredentials = getBooleanInput(runtime, STEP_INPUTS.outputCredentials);
  return {
    useExistingCredentials: getBooleanInput(runtime, STEP_INPUTS.useExistingCredentials),
    variables: outputEnv ? [...EXPORTED_VARIABLES, ...(profileName ? [PROFILE_VARIABLE] : [])] : [],
    profile:
      profileName === undefined ? undefined : { name: profileName, paths: profilePaths(runtime), overwrite },
    outputCredentials,
  };
}
