import type { CiRuntime } from '@aws-ci-kit/core';
import { CiKitError, inputName } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import type { CredentialSettings } from './read-credential-settings.ts';
import type { CallerIdentity } from './types.ts';

/** GetCallerIdentity, the account masked when asked, and `allowed-account-ids` enforced. */
export async function checkIdentity(
  runtime: CiRuntime,
  settings: Pick<CredentialSettings, 'maskAccountId' | 'allowedAccountIds'>,
  call: () => Promise<CallerIdentity>,
): Promise<CallerIdentity> {
  const identity = await call();
  if (settings.maskAccountId && identity.account) maskOnce(runtime, identity.account);
  if (settings.allowedAccountIds.length > 0 && !settings.allowedAccountIds.includes(identity.account)) {
    throw new CiKitError(
      'permission',
      `The credentials belong to account ${identity.account}, which \`${inputName(runtime, IN.allowedAccountIds)}\` does not list.`,
      {
        code: 'AccountNotAllowed',
        hint: `Use credentials for one of ${settings.allowedAccountIds.join(', ')}, or add the account to \`${inputName(runtime, IN.allowedAccountIds)}\`.`,
      },
    );
  }
  return identity;
}
