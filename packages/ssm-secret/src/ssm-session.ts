import { type CiRuntime, getBooleanInput, getListInput, settleAll } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS, resolveAwsSession } from '@aws-ci-kit/credential-chain';
import { createSsmClient, SSM_DEFAULT_MAX_ATTEMPTS, type SsmSender } from './ssm/index.ts';

const identityChecks = new WeakMap<object, Promise<unknown>>();

/**
 * Whether the identity check must finish before SSM is called: when the user asks for what it
 * guards (`allowed-account-ids`: no call with another account's credentials; `mask-aws-account-id`:
 * the account masked before anything can print it). Otherwise it runs alongside the first reads.
 */
export function identityCheckFirst(runtime: CiRuntime): boolean {
  return (
    getListInput(runtime, CREDENTIAL_INPUTS.allowedAccountIds).length > 0 ||
    getBooleanInput(runtime, CREDENTIAL_INPUTS.maskAwsAccountId)
  );
}

/** An SSM client with the credentials and region of the step's credential chain. */
export async function createSessionSsmClient(runtime: CiRuntime): Promise<SsmSender> {
  const session = await resolveAwsSession(runtime, { verifyAlongside: !identityCheckFirst(runtime) });
  runtime.log.info(`AWS credentials: ${session.source}; region ${session.region}.`);
  // SSM takes up to its own default of attempts (throttling bursts), never more than `retry-max-attempts` says.
  const client = createSsmClient(session.clientConfig(), {
    maxAttempts: Math.min(session.retryMaxAttempts, SSM_DEFAULT_MAX_ATTEMPTS),
  });
  if (session.verified) identityChecks.set(client, session.verified);
  return client;
}

/**
 * `work` once the identity check of the client's session (if still under way) is back too: nothing
 * is set or printed before both are. The check's error comes first, as when it ran before the reads.
 */
export async function withIdentityCheck<T>(client: object, work: Promise<T>): Promise<T> {
  const [, result] = await settleAll([identityChecks.get(client), work]);
  return result;
}
