/** Moved to test/support/ci/mask-check.ts; kept for test/ecr, which still imports it from here. */
export * from '../support/ci/mask-check.ts';
