import { type RunContext, runContext } from '@aws-ci-kit/core';

type Env = Readonly<Record<string, string | undefined>>;

/** GitHub Actions' default variables. */
export function githubRunContext(env: Env): RunContext {
  return runContext({
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
    workspace: env.GITHUB_WORKSPACE,
  });
}
