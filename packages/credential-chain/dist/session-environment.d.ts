import type { AwsSession } from './resolve-aws-session.ts';
/**
 * The AWS environment a tool or script needs for this session (already masked by the chain):
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN when there is one, AWS_REGION and
 * AWS_DEFAULT_REGION. Hand it to `runtime.exec(..., { env })` only: it is never exported.
 */
export declare function sessionEnvironment(session: AwsSession): Promise<Record<string, string>>;
