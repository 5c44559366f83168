import { describe, expect, it } from 'vitest';
import { azureRunContext, genericRunContext, githubRunContext } from '../src/run-context.ts';

describe('run context from each CI own variables', () => {
  it('GitHub Actions', () => {
    expect(
      githubRunContext({
        GITHUB_REPOSITORY: 'octo/repo',
        GITHUB_WORKFLOW: 'deploy',
        GITHUB_RUN_ID: '123',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SHA: 'abc123',
        GITHUB_REF_NAME: 'main',
        GITHUB_ACTOR: 'octocat',
        GITHUB_SERVER_URL: 'https://github.com',
        BUILD_BUILDID: 'ignored',
      }),
    ).toEqual({
      repository: 'octo/repo',
      pipeline: 'deploy',
      runId: '123',
      runAttempt: '2',
      commitSha: 'abc123',
      branch: 'main',
      actor: 'octocat',
      serverUrl: 'https://github.com',
      repositoryUrl: 'https://github.com/octo/repo',
    });
  });

  it('Azure Pipelines', () => {
    expect(
      azureRunContext({
        BUILD_REPOSITORY_NAME: 'contoso/app',
        BUILD_DEFINITIONNAME: 'ci',
        BUILD_BUILDID: '77',
        SYSTEM_JOBATTEMPT: '1',
        BUILD_SOURCEVERSION: 'def456',
        BUILD_SOURCEBRANCHNAME: 'release',
        BUILD_REQUESTEDFOR: 'Jane Doe',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
        BUILD_REPOSITORY_URI: 'https://dev.azure.com/contoso/app/_git/app',
        GITHUB_SHA: 'ignored',
      }),
    ).toEqual({
      repository: 'contoso/app',
      pipeline: 'ci',
      runId: '77',
      runAttempt: '1',
      commitSha: 'def456',
      branch: 'release',
      actor: 'Jane Doe',
      serverUrl: 'https://dev.azure.com/contoso/',
      repositoryUrl: 'https://dev.azure.com/contoso/app/_git/app',
    });
  });

  it('other CIs, best effort (GitLab, Buildkite)', () => {
    expect(
      genericRunContext({
        CI_PROJECT_PATH: 'group/proj',
        CI_PIPELINE_ID: '9',
        CI_COMMIT_SHA: 'aaa',
        CI_COMMIT_REF_NAME: 'dev',
        GITLAB_USER_LOGIN: 'dev1',
      }),
    ).toEqual({ repository: 'group/proj', runId: '9', commitSha: 'aaa', branch: 'dev', actor: 'dev1' });
    expect(genericRunContext({ BUILDKITE_REPO: 'r', BUILDKITE_COMMIT: 'c', BUILDKITE_BRANCH: 'b' })).toEqual({
      repository: 'r',
      commitSha: 'c',
      branch: 'b',
    });
  });

  it('unset and empty variables are left out', () => {
    expect(githubRunContext({ GITHUB_REPOSITORY: '', GITHUB_SHA: 'abc' })).toEqual({ commitSha: 'abc' });
    expect(azureRunContext({})).toEqual({});
  });
});
