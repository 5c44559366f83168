import type { Step } from '@aws-ci-kit/core';
import * as tl from 'azure-pipelines-task-lib';
import { createAzureRuntime } from './azure-runtime.ts';

const IS_POST = 'AWS_CI_KIT_IS_POST';

/**
 * Runs a step as an Azure Pipelines task entry point. With a post step, the same bundle serves
 * `execution` and `postjobexecution`: main records a task variable that the post-job run sees.
 * Failures set the task result and exit code; the process is never exited.
 */
export async function runOnAzure(main: Step, post?: Step): Promise<void> {
  // The SDK warns on node 20 that its *future* releases need node 22: the bundle pins its SDK, so the
  // warning says nothing a pipeline's owner can act on (both CIs run the bundle on node 24 where they can).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const runtime = createAzureRuntime();
  const isPost = tl.getTaskVariable(IS_POST) === 'true';
  if (!isPost && post) tl.setTaskVariable(IS_POST, 'true');
  try {
    await (isPost ? (post ?? (async () => {})) : main)(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
