import { type RunContext, runContext } from '@aws-ci-kit/core';

type Env = Readonly<Record<string, string | undefined>>;

/** Azure Pipelines' predefined variables, as the agent passes them to a task's environment. */
export function azureRunContext(env: Env): RunContext {
  return runContext({
    repository: env.BUILD_REPOSITORY_NAME,
    pipeline: env.BUILD_DEFINITIONNAME,
    runId: env.BUILD_BUILDID,
    runAttempt: env.SYSTEM_JOBATTEMPT,
    commitSha: env.BUILD_SOURCEVERSION,
    branch: env.BUILD_SOURCEBRANCHNAME,
    actor: env.BUILD_REQUESTEDFOR,
    serverUrl: env.SYSTEM_COLLECTIONURI,
    repositoryUrl: env.BUILD_REPOSITORY_URI,
    workspace: env.BUILD_SOURCESDIRECTORY,
  });
}
