import type { CiRuntime } from '@aws-ci-kit/core';
import type { ProfileFiles } from './profile-files.ts';
export interface ResolvedRegion {
    readonly region: string;
    /** Where it came from: "input `aws-region`", "AWS_REGION", ... */
    readonly from: string;
}
/**
 * The region, first found of: the input, the `AWS.Region` pipeline variable, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's `region`, instance metadata (unless disabled).
 */
export declare function resolveRegion(runtime: CiRuntime, input: string | undefined, profile: ProfileFiles): Promise<ResolvedRegion>;
