import { withRetry } from '@aws-ci-kit/core';
import { assumedRoleFrom } from "./assumed-role-from.js";
import { stsError } from "./sts-error.js";
import { stsRetryOptions, stsSession } from "./sts-session.js";
function transitive(tags, keys) {
    const present = (keys ?? []).filter((key) => tags?.some((t) => t.Key === key));
    return present.length > 0 ? { TransitiveTagKeys: present } : {};
}
/**
 * STS AssumeRole with the source credentials: external id, session tags (dropped and retried
 * once if AWS says the packed policy is too large), session policies, bounded retries for
 * retryable errors only. AccessDenied fails at once with one line.
 */
export async function assumeRole(context, source, params, retry) {
    const { sts, client } = await stsSession(context, source);
    const action = `AssumeRole on ${params.roleArn} with credentials from ${params.sourceName}`;
    const call = (tags) => withRetry((_attempt, abortSignal) => client.send(new sts.AssumeRoleCommand({
        RoleArn: params.roleArn,
        RoleSessionName: params.sessionName,
        DurationSeconds: params.durationSeconds,
        ...(params.externalId ? { ExternalId: params.externalId } : {}),
        ...(tags?.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
        ...transitive(tags, params.transitiveTagKeys),
        ...(params.policy ? { Policy: params.policy } : {}),
        ...(params.policyArns?.length ? { PolicyArns: params.policyArns.map((arn) => ({ arn })) } : {}),
    }), { abortSignal }), retry, stsRetryOptions(context, action));
    try {
        let response;
        try {
            response = await call(params.tags);
        }
        catch (error) {
            const name = error.name;
            if (!params.tags?.length || !name.startsWith('PackedPolicyTooLarge'))
                throw error;
            context.debug(`${action}: the session tags make the packed policy too large; retrying once without them`);
            response = await call(undefined);
        }
        return assumedRoleFrom(response, action, params.roleArn);
    }
    catch (error) {
        throw stsError(error, action);
    }
    finally {
        client.destroy();
    }
}
