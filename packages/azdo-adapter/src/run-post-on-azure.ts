import type { Step } from '@aws-ci-kit/core';
import { createAzureRuntime } from './azure-runtime.ts';

/**
 * Runs a post-job step on its own, for a tool that runs it as an entry of its own (an entry's
 * exported `post()`). Failures set the task result and exit code; the process is never exited.
 */
export async function runPostOnAzure(post: Step): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const runtime = createAzureRuntime();
  try {
    await post(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
