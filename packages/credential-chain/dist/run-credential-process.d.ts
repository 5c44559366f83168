import type { AwsCredentialIdentity } from '@aws-sdk/types';
/** How long a `credential_process` may take (the SDK's own provider waits forever). */
export declare const CREDENTIAL_PROCESS_TIMEOUT_MS = 30000;
/**
 * Runs a profile's `credential_process` (through the shell, as the SDK and the AWS CLI do) under a
 * deadline, killing its whole process group when the deadline passes, and reads the credentials
 * JSON (Version 1). Its error output is never shown: helpers print tokens there.
 */
export declare function runCredentialProcess(command: string, profile: string, timeoutMs?: number): Promise<AwsCredentialIdentity>;
