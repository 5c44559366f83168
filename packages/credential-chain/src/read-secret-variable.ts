import type { CiRuntime } from '@aws-ci-kit/core';
import { maskOnce } from './mask-once.ts';

/**
 * A variable holding a secret, masked before anything can print it. The process environment is
 * read first (the runtime's snapshot, which no CI library logs); only then the CI's own variable
 * store (Azure secret variables live there, and the agent already masks those).
 */
export function readSecretVariable(runtime: CiRuntime, name: string): string | undefined {
  const fromEnvironment = runtime.environment()[name];
  if (fromEnvironment) {
    maskOnce(runtime, fromEnvironment);
    return fromEnvironment;
  }
  const value = runtime.variable(name);
  if (value) maskOnce(runtime, value);
  return value;
}
