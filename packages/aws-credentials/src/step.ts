import { CiKitError, type CiRuntime, type InputSpec, inputName, withStepDeadline } from '@aws-ci-kit/core';
import { type AwsSession, resolveAwsSession } from '@aws-ci-kit/credential-chain';
import {
  EXPORTED_VARIABLES,
  OUTPUTS,
  PROFILE_VARIABLE,
  SKIP_CLEANUP_VARIABLE,
  STEP_INPUTS,
} from './names.ts';
import { type CredentialsPlan, type ProfileTarget, readCredentialsPlan } from './plan.ts';
import { restorePrevious, savePrevious } from './previous-values.ts';
import { profileExists, writeProfile } from './write-profile.ts';

type Credentials = Awaited<ReturnType<AwsSession['credentials']>>;

/** `use-existing-credentials`: the machine's own credentials (environment, files, metadata) pass GetCallerIdentity. */
async function existingCredentialsValid(runtime: CiRuntime): Promise<boolean> {
  try {
    const session = await resolveAwsSession(runtime, { ambientOnly: true, verify: true });
    return session.identity !== undefined;
  } catch (error) {
    runtime.log.debug(
      `No valid existing credentials: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

/** Without `overwrite-aws-profile`, a profile of that name already there is an error, before any AWS call. */
async function checkProfileFree(runtime: CiRuntime, profile: ProfileTarget): Promise<void> {
  if (profile.overwrite || !(await profileExists(profile.name, profile.paths))) return;
  const input = inputName(runtime, STEP_INPUTS.overwriteProfile);
  throw new CiKitError(
    'configuration',
    `Profile "${profile.name}" already exists in ${profile.paths.credentials}.`,
    {
      code: 'ProfileExists',
      hint: `Set \`${input}: true\` to replace it, or choose another \`${inputName(runtime, STEP_INPUTS.profile)}\`.`,
    },
  );
}

/** The variables for later steps and the profile file, as the plan says. */
async function exportCredentials(
  runtime: CiRuntime,
  plan: CredentialsPlan,
  session: AwsSession,
  c: Credentials,
): Promise<void> {
  const { profile } = plan;
  // Only for a post step: elsewhere the copy (which holds the previous secret key) would stay on disk.
  if (runtime.rules.postStep)
    await savePrevious(
      runtime,
      plan.variables,
      profile ? [profile.paths.credentials, profile.paths.config] : [],
    );
  const values = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken ?? '',
    region: session.region,
    profile: profile?.name ?? '',
  };
  for (const v of plan.variables) runtime.setVariable(v.name, values[v.pick], { secret: v.secret });
  if (profile) {
    await writeProfile(profile.name, profile.paths, { ...values, sessionToken: c.sessionToken });
    runtime.log.info(
      `Wrote profile \`${profile.name}\` to ${profile.paths.credentials} and ${profile.paths.config}.`,
    );
  }
}

function setOutputs(runtime: CiRuntime, plan: CredentialsPlan, session: AwsSession, c: Credentials): void {
  const out = (spec: InputSpec, value: string, secret = false) =>
    runtime.setOutput(inputName(runtime, spec), value, { secret });
  out(OUTPUTS.region, session.region);
  if (session.identity) {
    out(OUTPUTS.accountId, session.identity.account);
    out(OUTPUTS.authenticatedArn, session.identity.arn);
  }
  if (c.expiration) out(OUTPUTS.expiration, c.expiration.toISOString());
  if (plan.outputCredentials) {
    out(OUTPUTS.accessKeyId, c.accessKeyId, true);
    out(OUTPUTS.secretAccessKey, c.secretAccessKey, true);
    if (c.sessionToken) out(OUTPUTS.sessionToken, c.sessionToken, true);
  }
}

async function configure(runtime: CiRuntime): Promise<void> {
  const plan = readCredentialsPlan(runtime);
  if (plan.useExistingCredentials) {
    if (await existingCredentialsValid(runtime)) {
      runtime.log.info('Pre-existing credentials are valid. No need to generate new ones.');
      return;
    }
    runtime.log.info('No valid credentials exist. Running as normal.');
  }
  if (plan.profile) await checkProfileFree(runtime, plan.profile);

  const session = await resolveAwsSession(runtime);
  const c = await session.credentials();
  runtime.log.info(`AWS credentials from ${session.source}.`);
  runtime.log.info(`AWS region ${session.region} (from ${session.regionSource}).`);
  if (session.identity) runtime.log.info(`Authenticated as ${session.identity.arn}.`);
  await exportCredentials(runtime, plan, session, c);
  setOutputs(runtime, plan, session, c);
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
