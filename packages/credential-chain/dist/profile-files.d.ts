import type { CiRuntime } from '@aws-ci-kit/core';
/** Which shared-config profile the chain reads, and from which files. */
export interface ProfileFiles {
    readonly name: string;
    /** Named by an input or AWS_PROFILE (a missing profile is then an error, not a fall-through). */
    readonly explicit: boolean;
    readonly credentialsPath: string;
    readonly configPath: string;
    /** Paths set explicitly (passed on to the SDK providers). */
    readonly filepath?: string;
    readonly configFilepath?: string;
}
/** The profile and file paths, read through the runtime (input `aws-profile`, AWS_PROFILE, AWS_*_FILE). */
export declare function profileFiles(runtime: CiRuntime, inputProfile: string | undefined): ProfileFiles;
