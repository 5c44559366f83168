import { AWS_ENV } from "./credential-inputs.js";
/**
 * The AWS environment a tool or script needs for this session (already masked by the chain):
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN when there is one, AWS_REGION and
 * AWS_DEFAULT_REGION. Hand it to `runtime.exec(..., { env })` only: it is never exported.
 */
export async function sessionEnvironment(session) {
    const c = await session.credentials();
    return {
        [AWS_ENV.accessKeyId]: c.accessKeyId,
        [AWS_ENV.secretAccessKey]: c.secretAccessKey,
        ...(c.sessionToken ? { [AWS_ENV.sessionToken]: c.sessionToken } : {}),
        [AWS_ENV.region]: session.region,
        [AWS_ENV.defaultRegion]: session.region,
    };
}
