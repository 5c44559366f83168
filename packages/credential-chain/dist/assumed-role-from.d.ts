import type { AssumedRole } from './assume-role.ts';
/** The part of an AssumeRole / AssumeRoleWithWebIdentity response the chain uses. */
export interface RoleResponse {
    readonly Credentials?: {
        readonly AccessKeyId?: string | undefined;
        readonly SecretAccessKey?: string | undefined;
        readonly SessionToken?: string | undefined;
        readonly Expiration?: Date | string | number | undefined;
    } | undefined;
    readonly AssumedRoleUser?: {
        readonly Arn?: string | undefined;
    } | undefined;
}
/** The role's credentials from an STS response; an answer without keys is an AWS error, not a success. */
export declare function assumedRoleFrom(response: RoleResponse, action: string, roleArn: string): AssumedRole;
