import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRequestHandler } from '../src/credentials/create-request-handler.ts';

describe('createRequestHandler', () => {
  it('fails a response slower than requestTimeout instead of waiting for it', async () => {
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const handler = await createRequestHandler({ requestTimeoutMs: 200 });
    const started = Date.now();
    try {
      const request = {
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        method: 'GET',
        path: '/',
        headers: {},
        query: {},
      };
      await expect(handler.handle(request as Parameters<typeof handler.handle>[0])).rejects.toThrow(
        /timeout|timed out/i,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      handler.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
