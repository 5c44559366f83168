import type { CiRuntime } from '@aws-ci-kit/core';
/**
 * The AWS Toolkit's `logRequest` / `logResponse`: a logger for SDK v3 clients (their `logger`
 * option) that prints each call's request and/or response, one line each. The SDK already redacts
 * members its models mark sensitive (SSM parameter values, STS secret keys); tokens, secrets and
 * passwords are redacted here too, and the CI masks every registered secret in what remains.
 */
export declare function awsCallLogger(runtime: CiRuntime, log: {
    readonly request: boolean;
    readonly response: boolean;
}): {
    trace: () => void;
    debug: () => void;
    warn: () => void;
    info: (entry: unknown) => void;
    error: (entry: unknown) => void;
};
