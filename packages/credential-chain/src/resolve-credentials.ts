import { CiKitError, inputName } from '@aws-ci-kit/core';
import { assumeRoleHops } from './assume-role-hops.ts';
import type { ChainContext } from './chain-context.ts';
import { CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import { sourceCredentials } from './source-credentials.ts';
import type { Resolution } from './types.ts';

/** configure-aws-credentials' `special-characters-workaround` test: no `!@#$%^&*()_+-=[]{};':"\\|,.<>/?`. */
const SPECIAL_CHARACTERS = /[!@#$%^&*()_+\-=[\]{};':"\\|,.<>/?]/;
const SPECIAL_CHARACTERS_ATTEMPTS = 30;

export interface ResolveCredentialsOptions {
  /** Assume the `role-to-assume` input's role. */
  readonly assumeInputRole: boolean;
  /** Only what is on the machine, and no role (`use-existing-credentials`). */
  readonly ambientOnly: boolean;
}

async function resolveOnce(context: ChainContext, options: ResolveCredentialsOptions): Promise<Resolution> {
  const base = await sourceCredentials(context, options.ambientOnly);
  maskOnce(context.runtime, base.accessKeyId, base.secretAccessKey, base.sessionToken);
  return assumeRoleHops(context, base, {
    sourceRole: !options.ambientOnly,
    inputRole: options.assumeInputRole && !options.ambientOnly,
  });
}

/**
 * Runs the chain once: source credentials, then the roles. With `special-characters-workaround`
 * and a role, asks STS again (up to 30 times) until the keys hold no special characters.
 */
export async function resolveCredentials(
  context: ChainContext,
  options: ResolveCredentialsOptions,
): Promise<Resolution> {
  const { runtime, settings } = context;
  for (let attempt = 1; ; attempt++) {
    const resolution = await resolveOnce(context, options);
    const { accessKeyId, secretAccessKey } = resolution.credentials;
    if (
      !settings.specialCharactersWorkaround ||
      resolution.roleArn === undefined ||
      !SPECIAL_CHARACTERS.test(accessKeyId + secretAccessKey)
    ) {
      return resolution;
    }
    if (attempt >= SPECIAL_CHARACTERS_ATTEMPTS) {
      throw new CiKitError(
        'credentials',
        `STS returned keys with special characters ${attempt} times in a row.`,
        {
          code: 'SpecialCharactersPersist',
          hint: `Drop \`${inputName(runtime, IN.specialCharactersWorkaround)}\` and quote the keys where they are used.`,
        },
      );
    }
    runtime.log.debug(
      `The role's secret access key holds special characters; asking STS again (${attempt}).`,
    );
  }
}
