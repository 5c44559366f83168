import { describe, expect, it } from 'vitest';
import type { AwsSession } from './resolve-aws-session.ts';
import { sessionEnvironment } from './session-environment.ts';

function session(c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): AwsSession {
  return {
    region: 'eu-central-1',
    regionSource: 'AWS_REGION',
    credentials: async () => c,
    clientConfig: () => ({ region: 'eu-central-1', credentials: async () => c }),
    source: 'environment',
    requestHandler: undefined as never,
    retryMaxAttempts: 3,
  };
}

describe('sessionEnvironment', () => {
  it('sets the AWS variables a tool reads; the token only when there is one', async () => {
    expect(
      await sessionEnvironment(session({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' })),
    ).toEqual({
      AWS_ACCESS_KEY_ID: 'A',
      AWS_SECRET_ACCESS_KEY: 'S',
      AWS_SESSION_TOKEN: 'T',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    expect(await sessionEnvironment(session({ accessKeyId: 'A', secretAccessKey: 'S' }))).not.toHaveProperty(
      'AWS_SESSION_TOKEN',
    );
  });
});
