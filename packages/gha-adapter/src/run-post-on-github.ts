import type { Step } from '@aws-ci-kit/core';
import { createGithubRuntime } from './github-runtime.ts';

/**
 * Runs a post step on its own, for a tool that runs it as an entry of its own (an entry's exported
 * `post()`). Failures set the exit code; the process is never exited.
 */
export async function runPostOnGithub(post: Step): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const runtime = createGithubRuntime();
  try {
    await post(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
