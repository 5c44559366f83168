import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  type InputSpec,
  inputName,
  withStepDeadline,
} from '@aws-ci-kit/core';
import { AWS_ENV, resolveAwsSession } from '@aws-ci-kit/credential-chain';
import {
  EXPORTED_VARIABLES,
  type ExportedVariable,
  OUTPUTS,
  PROFILE_VARIABLE,
  SKIP_CLEANUP_VARIABLE,
  STEP_INPUTS,
} from './names.ts';
import { restorePrevious, savePrevious } from './previous-values.ts';
import { profileExists, writeProfile } from './write-profile.ts';

function profilePaths(runtime: CiRuntime): { credentials: string; config: string } {
  const home = runtime.variable('HOME') ?? runtime.variable('USERPROFILE') ?? runtime.tempDir;
  return {
    credentials: runtime.variable(AWS_ENV.credentialsFile) ?? join(home, '.aws', 'credentials'),
    config: runtime.variable(AWS_ENV.configFile) ?? join(home, '.aws', 'config'),
  };
}

/** configure-aws-credentials' profile-name rule: no whitespace, brackets or path separators. */
function checkProfileName(runtime: CiRuntime, name: string): void {
  if (!/[\s[\]/\\]/.test(name)) return;
  const input = inputName(runtime, STEP_INPUTS.profile);
  throw new CiKitError('input', `Input \`${input}\` ("${name}") is not a valid profile name.`, {
    code: 'InputInvalid',
    hint: `Use a name without spaces, brackets or slashes in \`${input}\`.`,
  });
}

/** `use-existing-credentials`: the machine's own credentials (environment, files, metadata) pass GetCallerIdentity. */
async function existingCredentialsValid(runtime: CiRuntime): Promise<boolean> {
  try {
    const session = await resolveAwsSession(runtime, { ambientOnly: true, verify: true });
    return session.identity !== undefined;
  } catch (error) {
    runtime.log.debug(`No valid existing credentials: ${(error as Error).message}`);
    return false;
  }
}

async function configure(runtime: CiRuntime): Promise<void> {
  const profileName = getInput(runtime, STEP_INPUTS.profile);
  if (profileName !== undefined) checkProfileName(runtime, profileName);
  const overwriteProfile = getBooleanInput(runtime, STEP_INPUTS.overwriteProfile);
  // configure-aws-credentials: with a profile, nothing goes to the environment unless asked for.
  const outputEnv = getBooleanInput(runtime, STEP_INPUTS.outputEnvCredentials, profileName === undefined);
  const outputCredentials = getBooleanInput(runtime, STEP_INPUTS.outputCredentials);

  if (getBooleanInput(runtime, STEP_INPUTS.useExistingCredentials)) {
    if (await existingCredentialsValid(runtime)) {
      runtime.log.info('Pre-existing credentials are valid. No need to generate new ones.');
      return;
    }
    runtime.log.info('No valid credentials exist. Running as normal.');
  }

  const paths = profileName ? profilePaths(runtime) : undefined;
  if (paths && profileName && !overwriteProfile && (await profileExists(profileName, paths))) {
    const input = inputName(runtime, STEP_INPUTS.overwriteProfile);
    throw new CiKitError(
      'configuration',
      `Profile "${profileName}" already exists in ${paths.credentials}.`,
      {
        code: 'ProfileExists',
        hint: `Set \`${input}: true\` to replace it, or choose another \`${inputName(runtime, STEP_INPUTS.profile)}\`.`,
      },
    );
  }

  const session = await resolveAwsSession(runtime);
  const c = await session.credentials();
  runtime.log.info(`AWS credentials from ${session.source}.`);
  runtime.log.info(`AWS region ${session.region} (from ${session.regionSource}).`);
  if (session.identity) runtime.log.info(`Authenticated as ${session.identity.arn}.`);

  const variables: ExportedVariable[] = outputEnv
    ? [...EXPORTED_VARIABLES, ...(profileName ? [PROFILE_VARIABLE] : [])]
    : [];
  // Only for a post step: elsewhere the copy (which holds the previous secret key) would stay on disk.
  if (runtime.rules.postStep)
    await savePrevious(runtime, variables, paths ? [paths.credentials, paths.config] : []);

  const values = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken ?? '',
    region: session.region,
    profile: profileName ?? '',
  };
  for (const v of variables) runtime.setVariable(v.name, values[v.pick], { secret: v.secret });
  if (paths && profileName) {
    await writeProfile(profileName, paths, { ...values, sessionToken: c.sessionToken });
    runtime.log.info(`Wrote profile \`${profileName}\` to ${paths.credentials} and ${paths.config}.`);
  }

  const out = (spec: InputSpec, value: string, secret = false) =>
    runtime.setOutput(inputName(runtime, spec), value, { secret });
  out(OUTPUTS.region, session.region);
  if (session.identity) {
    out(OUTPUTS.accountId, session.identity.account);
    out(OUTPUTS.authenticatedArn, session.identity.arn);
  }
  if (c.expiration) out(OUTPUTS.expiration, c.expiration.toISOString());
  if (outputCredentials) {
    out(OUTPUTS.accessKeyId, c.accessKeyId, true);
    out(OUTPUTS.secretAccessKey, c.secretAccessKey, true);
    if (c.sessionToken) out(OUTPUTS.sessionToken, c.sessionToken, true);
  }
}

/**
 * The credentials step: resolves credentials from every source (core's chain), assumes the
 * configured role, verifies the identity, then exports masked credentials and the region for
 * later steps and/or writes a named profile (0600), and sets outputs. `action-timeout-s` bounds
 * all of it.
 */
export function credentialsStep(runtime: CiRuntime): Promise<void> {
  // One deadline for every step (core's withStepDeadline): on by default, because
  // configure-aws-credentials' default (no bound) lets a black-hole endpoint hang a job
  // (docs/migration.md); 0 turns it off as there.
  return withStepDeadline(
    runtime,
    { input: STEP_INPUTS.actionTimeoutS, defaultSeconds: 120, step: 'The credentials step' },
    () => configure(runtime),
  );
}

/** Post step: restores what the exported variables and profile files held before the step. */
export async function credentialsPostStep(runtime: CiRuntime): Promise<void> {
  if (runtime.variable(SKIP_CLEANUP_VARIABLE)?.toLowerCase() === 'true') {
    runtime.log.info(`${SKIP_CLEANUP_VARIABLE} is true: leaving the credentials in place.`);
    return;
  }
  await restorePrevious(runtime, [...EXPORTED_VARIABLES, PROFILE_VARIABLE]);
}
