import type { Step } from '@aws-ci-kit/core';
import { createExampleRuntime } from './example-runtime.ts';

/** Runs a step as an Example CI entry: failures set the exit code; the process is never exited. */
export async function runOnExample(step: Step): Promise<void> {
  const runtime = createExampleRuntime(process.env, (line) => process.stderr.write(`${line}\n`));
  try {
    await step(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
