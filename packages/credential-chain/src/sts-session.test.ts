import { describe, expect, it } from 'vitest';
import { createRequestHandler } from './create-request-handler.ts';
import { stsRetryOptions, stsSession } from './sts-session.ts';

describe('stsSession', () => {
  it('one attempt per SDK call (our retry loop is in charge), on the configured endpoint', async () => {
    const requestHandler = await createRequestHandler({});
    const { client } = await stsSession(
      { region: 'eu-west-1', requestHandler, endpoint: 'http://127.0.0.1:5000', debug: () => {} },
      { accessKeyId: 'A', secretAccessKey: 'S' },
    );
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(1);
    const endpoint = await client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:5000');
    client.destroy();
  });
});

describe('stsRetryOptions', () => {
  it('each retry is a debug line naming the action and the error', () => {
    const lines: string[] = [];
    const options = stsRetryOptions(
      { region: 'eu-west-1', requestHandler: undefined as never, debug: (m) => lines.push(m) },
      'GetCallerIdentity',
    );
    const error = Object.assign(new Error('slow down'), { name: 'Throttling' });
    options.onRetry?.(error, 1, 200);
    expect(lines).toEqual(['GetCallerIdentity: attempt 1 failed (Throttling); retrying in 200 ms']);
  });
});
