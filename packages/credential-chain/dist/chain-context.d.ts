import type { CiRuntime, RetryPolicy, StepDeadline } from '@aws-ci-kit/core';
import { CiKitError } from '@aws-ci-kit/core';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ProfileFiles } from './profile-files.ts';
import type { CredentialSettings } from './read-credential-settings.ts';
import type { StsContext } from './sts-session.ts';
/** What every link of the chain needs; built once per resolution. */
export interface ChainContext {
    readonly runtime: CiRuntime;
    readonly settings: CredentialSettings;
    readonly sts: StsContext;
    readonly requestHandler: NodeHttpHandler;
    readonly retry: RetryPolicy;
    /** Session name when nothing else names one (built from the run context). */
    readonly defaultSessionName: string;
    readonly profile: ProfileFiles;
    /** The step's deadline: a credential_process gets what is left of it (at most 30 s). */
    readonly deadline?: StepDeadline;
}
/** "Not configured here": the chain tries the next source. */
export declare function notConfigured(source: string): CiKitError;
