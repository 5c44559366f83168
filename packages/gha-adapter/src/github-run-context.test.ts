import { describe, expect, it } from 'vitest';
import { githubRunContext } from './github-run-context.ts';

describe("the run context from GitHub Actions' default variables", () => {
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
        GITHUB_WORKSPACE: '/home/runner/work/repo/repo',
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
      workspace: '/home/runner/work/repo/repo',
    });
  });
  it('unset and empty variables are left out', () => {
    expect(githubRunContext({ GITHUB_REPOSITORY: '', GITHUB_SHA: 'abc' })).toEqual({ commitSha: 'abc' });
  });
});
