import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  inputName,
  withStepDeadline,
} from '@aws-ci-kit/core';
import { AWS_ENV, resolveAwsSession } from '@aws-ci-kit/core/credentials';
import { EXPORTED_VARIABLES, OUTPUTS, STEP_INPUTS } from './names.ts';
import { restorePrevious, savePrevious } from './previous-values.ts';
import { writeProfile } from './write-profile.ts';

function profilePaths(runtime: CiRuntime): { credentials: string; config: string } {
  const home = runtime.variable('HOME') ?? runtime.variable('USERPROFILE') ?? runtime.tempDir;
  return {
    credentials: runtime.variable(AWS_ENV.credentialsFile) ?? join(home, '.aws', 'credentials'),
    config: runtime.variable(AWS_ENV.configFile) ?? join(home, '.aws', 'config'),
  };
}

/**
 * The credentials step: resolves credentials from every source (core's chain), assumes the
 * configured role, verifies the identity, then exports masked credentials and the region for
 * later steps, optionally writes a named profile (0600) and sets outputs.
 */
export function credentialsStep(runtime: CiRuntime): Promise<void> {
  return withStepDeadline(
    runtime,
    { input: STEP_INPUTS.actionTimeoutS, defaultSeconds: 120, step: 'The credentials step' },
    () => configure(runtime),
  );
}

async function configure(runtime: CiRuntime): Promise<void> {
  const exportVariables = getBooleanInput(runtime, STEP_INPUTS.exportVariables, true);
  const outputCredentials = getBooleanInput(runtime, STEP_INPUTS.outputCredentials);
  const profileName = getInput(runtime, STEP_INPUTS.outputProfile);
  if (profileName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(profileName)) {
    const name = inputName(runtime, STEP_INPUTS.outputProfile);
    throw new CiKitError('input', `Input \`${name}\` is not a valid profile name.`, {
      code: 'InputInvalid',
      hint: `Use letters, digits and _+=,.@- in \`${name}\`.`,
    });
  }

  const session = await resolveAwsSession(runtime);
  const c = await session.credentials();
  runtime.log.info(`AWS credentials from ${session.source}.`);
  runtime.log.info(`AWS region ${session.region} (from ${session.regionSource}).`);
  if (session.identity) runtime.log.info(`Authenticated as ${session.identity.arn}.`);

  const variables = exportVariables ? EXPORTED_VARIABLES : [];
  const paths = profileName ? profilePaths(runtime) : undefined;
  await savePrevious(runtime, variables, paths ? [paths.credentials, paths.config] : []);

  const values = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken ?? '',
    region: session.region,
  };
  for (const v of variables) runtime.setVariable(v.name, values[v.pick], { secret: v.secret });
  if (paths && profileName) {
    await writeProfile(profileName, paths, { ...values, sessionToken: c.sessionToken });
    runtime.log.info(`Wrote profile \`${profileName}\` to ${paths.credentials} and ${paths.config}.`);
  }

  const out = (spec: { github: string; azure: string }, value: string, secret = false) =>
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

/** Post step: restores what the exported variables and profile files held before the step. */
export async function credentialsPostStep(runtime: CiRuntime): Promise<void> {
  await restorePrevious(runtime, EXPORTED_VARIABLES);
}
