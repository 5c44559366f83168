import { awsError } from '@aws-ci-kit/core';
/** The credential chain's wording for STS errors (kind and code come from the shared classifier). */
const STS_ERRORS = {
    hints: {
        'access-denied': "Check the role's trust policy (principal, external id, session tags) and the caller's permissions.",
        throttled: 'AWS STS throttled the calls: retry the job when other callers are quieter.',
        unavailable: 'AWS STS answered with a server error (HTTP 5xx): retry the job; if it persists, check the AWS Health Dashboard for the region.',
    },
};
/** An STS call's error as a one-line CiKitError: `<action> failed: <AWS name>: <message>`, with a fix. */
export function stsError(error, action) {
    return awsError(error, STS_ERRORS, { action });
}
