import type { RunContext } from './runtime.ts';

type Env = Readonly<Record<string, string | undefined>>;

function clean(context: Record<string, string | undefined>): RunContext {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) if (value) out[key] = value;
  return out;
}

/** GitHub Actions' default variables. */
export function githubRunContext(env: Env): RunContext {
  return clean({
    repository: env.GITHUB_REPOSITORY,
    pipeline: env.GITHUB_WORKFLOW,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    commitSha: env.GITHUB_SHA,
    branch: env.GITHUB_REF_NAME,
    actor: env.GITHUB_ACTOR,
    serverUrl: env.GITHUB_SERVER_URL,
    repositoryUrl:
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
        : undefined,
  });
}

/** Azure Pipelines' predefined variables, as the agent passes them to a task's environment. */
export function azureRunContext(env: Env): RunContext {
  return clean({
    repository: env.BUILD_REPOSITORY_NAME,
    pipeline: env.BUILD_DEFINITIONNAME,
    runId: env.BUILD_BUILDID,
    runAttempt: env.SYSTEM_JOBATTEMPT,
    commitSha: env.BUILD_SOURCEVERSION,
    branch: env.BUILD_SOURCEBRANCHNAME,
    actor: env.BUILD_REQUESTEDFOR,
    serverUrl: env.SYSTEM_COLLECTIONURI,
    repositoryUrl: env.BUILD_REPOSITORY_URI,
  });
}

/** Other CIs (GitLab, Jenkins, Buildkite, CircleCI, plain git): best effort from their well-known variables. */
export function genericRunContext(env: Env): RunContext {
  return clean({
    repository: env.CI_PROJECT_PATH ?? env.BUILDKITE_REPO ?? env.CIRCLE_PROJECT_REPONAME ?? env.GIT_URL,
    pipeline: env.CI_PIPELINE_NAME ?? env.BUILDKITE_PIPELINE_SLUG ?? env.JOB_NAME,
    runId: env.CI_PIPELINE_ID ?? env.BUILDKITE_BUILD_ID ?? env.BUILD_ID ?? env.CIRCLE_WORKFLOW_ID,
    runAttempt: env.CI_JOB_ID ?? env.BUILDKITE_RETRY_COUNT,
    commitSha: env.CI_COMMIT_SHA ?? env.BUILDKITE_COMMIT ?? env.GIT_COMMIT ?? env.CIRCLE_SHA1,
    branch: env.CI_COMMIT_REF_NAME ?? env.BUILDKITE_BRANCH ?? env.GIT_BRANCH ?? env.CIRCLE_BRANCH,
    actor: env.GITLAB_USER_LOGIN ?? env.BUILDKITE_BUILD_CREATOR ?? env.CIRCLE_USERNAME,
  });
}
