import type { CiKitError } from '@aws-ci-kit/core';
/** An STS call's error as a one-line CiKitError: `<action> failed: <AWS name>: <message>`, with a fix. */
export declare function stsError(error: unknown, action: string): CiKitError;
