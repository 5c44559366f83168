import { describe, expect, it } from 'vitest';
import { runContext } from './run-context.ts';

describe('runContext', () => {
  it('keeps the variables that are set, leaves out unset and empty ones', () => {
    expect(
      runContext({
        repository: 'octo/repo',
        pipeline: '',
        runId: '7',
        runAttempt: undefined,
        commitSha: 'abc',
        branch: undefined,
        actor: '',
        serverUrl: undefined,
        repositoryUrl: undefined,
        workspace: '/w',
      }),
    ).toEqual({ repository: 'octo/repo', runId: '7', commitSha: 'abc', workspace: '/w' });
  });
});
