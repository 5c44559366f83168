import { CiKitError } from '@aws-ci-kit/core';
/** The role's credentials from an STS response; an answer without keys is an AWS error, not a success. */
export function assumedRoleFrom(response, action, roleArn) {
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
        // STS always sends keys with a 2xx; an answer without them is not an AWS response (a portal, a proxy page).
        throw new CiKitError('aws', `${action} returned no credentials: the answer is not an AWS response.`, {
            code: 'ProtocolError',
            hint: 'The endpoint answered something that is not an AWS response: check the endpoint URL (AWS_ENDPOINT_URL, sts-endpoint) and any proxy in between.',
        });
    }
    return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
        assumedRoleArn: response.AssumedRoleUser?.Arn ?? roleArn,
    };
}
