import { collectResponseBody } from "./collect-response-body.js";
let loaded;
/** The STS client module, loaded on first use (steps that never call STS do not pay for it). */
export function loadSts() {
    loaded ??= import("./sts-client.js");
    return loaded;
}
/**
 * An STS client with our own retry loop in charge (`maxAttempts: 1`), so an OIDC token can be
 * fetched again per attempt and the total time stays bounded.
 */
export async function stsSession(context, credentials) {
    const sts = await loadSts();
    const client = new sts.STSClient({
        region: context.region,
        requestHandler: context.requestHandler,
        maxAttempts: 1,
        streamCollector: collectResponseBody,
        ...(context.endpoint ? { endpoint: context.endpoint } : {}),
        ...(credentials ? { credentials: toStatic(credentials) } : {}),
    });
    return { sts, client };
}
/** Only the key fields: never hand the SDK our provenance fields. */
function toStatic(credentials) {
    return {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
        ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
    };
}
/** The retry hooks of an STS call: each retry is a debug line naming the action and the error. */
export function stsRetryOptions(context, action) {
    return {
        onRetry: (error, attempt, ms) => context.debug(`${action}: attempt ${attempt} failed (${error.name}); retrying in ${ms} ms`),
    };
}
