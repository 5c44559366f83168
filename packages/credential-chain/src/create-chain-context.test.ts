import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createChainContext } from './create-chain-context.ts';
import { readCredentialSettings } from './read-credential-settings.ts';

describe('createChainContext', () => {
  it('region, STS endpoint, retry policy, profile and the default session name, from the settings', async () => {
    const runtime = recordingRuntime({
      rules: { sessionPrefix: 'GitHubActions' },
      context: { repository: 'octo/webapp', runId: '12', runAttempt: '1' },
      inputs: {
        'aws-region': 'eu-west-1',
        'sts-endpoint': 'http://127.0.0.1:5000',
        'retry-max-attempts': '4',
      },
      env: { HOME: '/h' },
    });
    const { context, regionSource } = await createChainContext(
      runtime,
      readCredentialSettings(runtime),
      9_000,
    );
    expect(regionSource).toBe('input `aws-region`');
    expect(context.sts).toMatchObject({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000' });
    expect(context.sts.requestHandler).toBe(context.requestHandler);
    expect(context.retry).toEqual({ maxAttempts: 4, totalMs: 9_000 });
    expect(context.profile).toMatchObject({ name: 'default', explicit: false });
    expect(context.defaultSessionName).toBe('GitHubActions-webapp-12-1');
  });

  it("the CI's own session name wins", async () => {
    const runtime = recordingRuntime({
      rules: { roleSessionName: 'fixed' },
      inputs: { 'aws-region': 'eu-west-1' },
    });
    const { context } = await createChainContext(runtime, readCredentialSettings(runtime), 1_000);
    expect(context.defaultSessionName).toBe('fixed');
    expect(context.sts).not.toHaveProperty('endpoint');
  });
});
