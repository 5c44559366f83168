import type { RetryPolicy } from '@aws-ci-kit/core';
import { withRetry } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { stsError } from './sts-error.ts';
import { type StsContext, stsRetryOptions, stsSession } from './sts-session.ts';
import type { CallerIdentity } from './types.ts';

/** STS GetCallerIdentity with bounded retries. */
export async function getCallerIdentity(
  context: StsContext,
  credentials: AwsCredentialIdentity,
  retry: RetryPolicy,
  sourceName: string,
): Promise<CallerIdentity> {
  const { sts, client } = await stsSession(context, credentials);
  const action = `GetCallerIdentity with credentials from ${sourceName}`;
  try {
    const r = await withRetry(
      (_attempt, abortSignal) => client.send(new sts.GetCallerIdentityCommand({}), { abortSignal }),
      retry,
      stsRetryOptions(context, action),
    );
    return { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' };
  } catch (error) {
    throw stsError(error, action);
  } finally {
    client.destroy();
  }
}
