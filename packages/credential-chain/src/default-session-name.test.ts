import { describe, expect, it } from 'vitest';
import { defaultSessionName } from './default-session-name.ts';

describe('defaultSessionName', () => {
  it('builds the default from the run context', () => {
    expect(
      defaultSessionName('GitHubActions', { repository: 'octo/webapp', runId: '12', runAttempt: '3' }),
    ).toBe('GitHubActions-webapp-12-3');
    expect(defaultSessionName('AzurePipelines', { repository: 'contoso/web app', runId: '7' })).toBe(
      'AzurePipelines-web-app-7',
    );
    expect(defaultSessionName('aws-ci-kit', {})).toBe('aws-ci-kit');
  });
});
