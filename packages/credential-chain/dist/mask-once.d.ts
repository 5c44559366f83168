import type { CiRuntime } from '@aws-ci-kit/core';
/**
 * Registers each secret with the CI once per runtime (the chain meets the same keys several times;
 * the CI needs one registration, and repeated `add-mask` lines only add noise). Empty values are skipped.
 */
export declare function maskOnce(runtime: CiRuntime, ...secrets: ReadonlyArray<string | undefined>): void;
