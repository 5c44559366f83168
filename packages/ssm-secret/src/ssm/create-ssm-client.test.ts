import { describe, expect, it } from 'vitest';
import { createSsmClient } from './create-ssm-client.ts';

describe('createSsmClient', () => {
  it("uses adaptive retry with enough attempts, over the session's own handler", async () => {
    const handler = {
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      handle: async () => {
        throw new Error('not used');
      },
    };
    const client = createSsmClient({
      region: 'eu-central-1',
      credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      requestHandler: handler,
      maxAttempts: 3,
      retryStrategy: 'ignored',
    });
    expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(8);
    expect(client.config.requestHandler).toBe(handler);
    client.destroy();
  });
});
