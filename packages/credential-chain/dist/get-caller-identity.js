import { withRetry } from '@aws-ci-kit/core';
import { stsError } from "./sts-error.js";
import { stsRetryOptions, stsSession } from "./sts-session.js";
/** STS GetCallerIdentity with bounded retries. */
export async function getCallerIdentity(context, credentials, retry, sourceName) {
    const { sts, client } = await stsSession(context, credentials);
    const action = `GetCallerIdentity with credentials from ${sourceName}`;
    try {
        const r = await withRetry((_attempt, abortSignal) => client.send(new sts.GetCallerIdentityCommand({}), { abortSignal }), retry, stsRetryOptions(context, action));
        return { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' };
    }
    catch (error) {
        throw stsError(error, action);
    }
    finally {
        client.destroy();
    }
}
