import { describe, expect, it } from 'vitest';
import { githubRules } from './github-rules.ts';

describe('GitHub rules', () => {
  const rules = githubRules({});

  it('variable names: environment names, not GITHUB_*, RUNNER_* or NODE_OPTIONS', () => {
    expect(rules.variableNameProblem('DB_PASSWORD')).toBeUndefined();
    expect(rules.variableNameProblem('/app/x')).toMatch(/environment variable names/);
    expect(rules.variableNameProblem('1X')).toBeDefined();
    expect(rules.variableNameProblem('GITHUB_TOKEN')).toMatch(/GitHub/);
    expect(rules.variableNameProblem('NODE_OPTIONS')).toMatch(/GitHub/);
    expect(rules.variableNameProblem('A\nB')).toBeDefined();
    expect(rules.caseInsensitiveVariables).toBe(false);
  });

  it('configure-aws-credentials names, multi-line secrets allowed', () => {
    expect(rules.inputNaming).toBe('kebab');
    expect(rules.sessionPrefix).toBe('GitHubActions');
    expect(rules.multilineSecretHint()).toBeUndefined();
  });

  it("configure-aws-credentials' session name and tag keys (Branch is the full ref there)", () => {
    expect(rules.roleSessionName).toBe('GitHubActions');
    expect(
      githubRules({
        GITHUB_REPOSITORY: 'octo/repo',
        GITHUB_WORKFLOW: 'deploy',
        GITHUB_ACTION: '__run_2',
        GITHUB_ACTOR: 'octocat',
        GITHUB_SHA: 'abc123',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_RUN_ID: '123',
        GITHUB_BASE_REF: '',
      }).sessionTags,
    ).toEqual({
      GitHub: 'Actions',
      Repository: 'octo/repo',
      Workflow: 'deploy',
      Action: '__run_2',
      Actor: 'octocat',
      Commit: 'abc123',
      Branch: 'refs/heads/main',
      EventName: 'push',
      RunId: '123',
    });
  });

  it('runs a post step (restore and clean up)', () => {
    expect(rules.postStep).toBe(true);
  });

  it('a job id token only when the job may request one (id-token: write)', () => {
    expect(rules.jobIdToken).toBe(false);
    expect(githubRules({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }).jobIdToken).toBe(false);
    expect(
      githubRules({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })
        .jobIdToken,
    ).toBe(true);
  });
});
