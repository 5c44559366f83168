import type { RetryPolicy } from '@aws-ci-kit/core';
import { withRetry } from '@aws-ci-kit/core';
import type { AssumedRole } from './assume-role.ts';
import { assumedRoleFrom } from './assumed-role-from.ts';
import { stsError } from './sts-error.ts';
import { type StsContext, stsRetryOptions, stsSession } from './sts-session.ts';

export interface WebIdentityParams {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** "GitHub OIDC", "Azure Pipelines OIDC (service connection `x`)", "web identity token file …". */
  readonly tokenSource: string;
}

/**
 * STS AssumeRoleWithWebIdentity. The token is fetched again for every attempt (CI tokens are
 * short-lived and single-audience); a refused token or AccessDenied fails at once.
 */
export async function assumeRoleWithWebIdentity(
  context: StsContext,
  token: () => Promise<string>,
  params: WebIdentityParams,
  retry: RetryPolicy,
): Promise<AssumedRole> {
  const { sts, client } = await stsSession(context);
  const action = `AssumeRoleWithWebIdentity on ${params.roleArn} with a token from ${params.tokenSource}`;
  try {
    const response = await withRetry(
      async (_attempt, abortSignal) =>
        client.send(
          new sts.AssumeRoleWithWebIdentityCommand({
            RoleArn: params.roleArn,
            RoleSessionName: params.sessionName,
            DurationSeconds: params.durationSeconds,
            WebIdentityToken: await token(),
            ...(params.policy ? { Policy: params.policy } : {}),
            ...(params.policyArns?.length ? { PolicyArns: params.policyArns.map((arn) => ({ arn })) } : {}),
          }),
          { abortSignal },
        ),
      retry,
      stsRetryOptions(context, action),
    );
    return assumedRoleFrom(response, action, params.roleArn);
  } catch (error) {
    throw stsError(error, action);
  } finally {
    client.destroy();
  }
}
