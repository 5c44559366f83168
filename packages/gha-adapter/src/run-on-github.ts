import * as core from '@actions/core';
import type { Step } from '@aws-ci-kit/core';
import { createGithubRuntime } from './github-runtime.ts';

const IS_POST = 'isPost';

/**
 * Runs a step as a GitHub Action entry point. With a post step, the same bundle serves
 * `runs.main` and `runs.post`: main records a state flag that GitHub hands to the post run.
 * Failures set the exit code; the process is never exited.
 */
export async function runOnGithub(main: Step, post?: Step): Promise<void> {
  // The SDK warns on node 20 that its *future* releases need node 22: the bundle pins its SDK, so the
  // warning says nothing a pipeline's owner can act on (both CIs run the bundle on node 24 where they can).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const runtime = createGithubRuntime();
  const isPost = core.getState(IS_POST) === 'true';
  if (!isPost && post) core.saveState(IS_POST, 'true');
  try {
    await (isPost ? (post ?? (async () => {})) : main)(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
