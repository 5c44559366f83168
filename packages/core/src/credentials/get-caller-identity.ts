import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { awsErrorToCiKitError } from './aws-error-to-ci-kit-error.ts';
import { type StsContext, stsSession } from './sts-session.ts';
import type { CallerIdentity, RetryPolicy } from './types.ts';
import { withRetries } from './with-retries.ts';

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
    const r = await withRetries(() => client.send(new sts.GetCallerIdentityCommand({})), retry, {
      onRetry: (error, attempt, ms) =>
        context.debug(
          `${action}: attempt ${attempt} failed (${(error as Error).name}); retrying in ${ms} ms`,
        ),
    });
    return { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' };
  } catch (error) {
    throw awsErrorToCiKitError(error, action);
  } finally {
    client.destroy();
  }
}
