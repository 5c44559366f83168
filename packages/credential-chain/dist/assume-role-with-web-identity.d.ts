import type { RetryPolicy } from '@aws-ci-kit/core';
import type { AssumedRole } from './assume-role.ts';
import { type StsContext } from './sts-session.ts';
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
export declare function assumeRoleWithWebIdentity(context: StsContext, token: () => Promise<string>, params: WebIdentityParams, retry: RetryPolicy): Promise<AssumedRole>;
