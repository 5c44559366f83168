import type { RetryPolicy } from '@aws-ci-kit/core';
import { withRetry } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { assumedRoleFrom } from './assumed-role-from.ts';
import type { SessionTag } from './session-tags.ts';
import { stsError } from './sts-error.ts';
import { type StsContext, stsRetryOptions, stsSession } from './sts-session.ts';

export interface AssumeRoleParams {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
  readonly tags?: readonly SessionTag[];
  /** Tag keys passed on to roles assumed from this session; only keys among `tags` are sent. */
  readonly transitiveTagKeys?: readonly string[];
  /** Inline session policy (JSON). */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** Where the source credentials came from, for messages. */
  readonly sourceName: string;
}

export interface AssumedRole extends AwsCredentialIdentity {
  readonly assumedRoleArn: string;
}

function transitive(tags: readonly SessionTag[] | undefined, keys: readonly string[] | undefined) {
  const present = (keys ?? []).filter((key) => tags?.some((t) => t.Key === key));
  return present.length > 0 ? { TransitiveTagKeys: present } : {};
}

/**
 * STS AssumeRole with the source credentials: external id, session tags (dropped and retried
 * once if AWS says the packed policy is too large), session policies, bounded retries for
 * retryable errors only. AccessDenied fails at once with one line.
 */
export async function assumeRole(
  context: StsContext,
  source: AwsCredentialIdentity,
  params: AssumeRoleParams,
  retry: RetryPolicy,
): Promise<AssumedRole> {
  const { sts, client } = await stsSession(context, source);
  const action = `AssumeRole on ${params.roleArn} with credentials from ${params.sourceName}`;
  const call = (tags: readonly SessionTag[] | undefined) =>
    withRetry(
      (_attempt, abortSignal) =>
        client.send(
          new sts.AssumeRoleCommand({
            RoleArn: params.roleArn,
            RoleSessionName: params.sessionName,
            DurationSeconds: params.durationSeconds,
            ...(params.externalId ? { ExternalId: params.externalId } : {}),
            ...(tags?.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
            ...transitive(tags, params.transitiveTagKeys),
            ...(params.policy ? { Policy: params.policy } : {}),
            ...(params.policyArns?.length ? { PolicyArns: params.policyArns.map((arn) => ({ arn })) } : {}),
          }),
          { abortSignal },
        ),
      retry,
      stsRetryOptions(context, action),
    );
  try {
    let response: Awaited<ReturnType<typeof call>>;
    try {
      response = await call(params.tags);
    } catch (error) {
      const name = (error as Error).name;
      if (!params.tags?.length || !name.startsWith('PackedPolicyTooLarge')) throw error;
      context.debug(
        `${action}: the session tags make the packed policy too large; retrying once without them`,
      );
      response = await call(undefined);
    }
    return assumedRoleFrom(response, action, params.roleArn);
  } catch (error) {
    throw stsError(error, action);
  } finally {
    client.destroy();
  }
}
