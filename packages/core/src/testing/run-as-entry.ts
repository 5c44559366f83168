import type { CiRuntime } from '../runtime.ts';

/**
 * Runs a step the way the entry files do: a thrown error is reported through `runtime.fail`, never
 * rethrown (a recording runtime then holds it in `failures`).
 */
export async function runAsEntry(
  runtime: CiRuntime,
  step: (runtime: CiRuntime) => Promise<void>,
): Promise<void> {
  try {
    await step(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
