import type { CiRuntime } from '@aws-ci-kit/core';
/**
 * A variable holding a secret, masked before anything can print it. The process environment is
 * read first (the runtime's snapshot, which no CI library logs); only then the CI's own variable
 * store (Azure secret variables live there, and the agent already masks those).
 */
export declare function readSecretVariable(runtime: CiRuntime, name: string): string | undefined;
