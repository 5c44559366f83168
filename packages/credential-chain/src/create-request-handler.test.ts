import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRequestHandler } from './create-request-handler.ts';

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

describe('one AWS call has one time budget, all its tries together', () => {
  it('an SDK client retrying against a black hole gives up at the call budget, with AwsCallTimeout', async () => {
    const { STSClient, GetCallerIdentityCommand } = await import('./sts-client.ts');
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Per try 1 s, per call 2.5 s: tries at 0-1 s, ~1-2 s, ~2-2.5 s, then no more, whatever maxAttempts says.
    const handler = await createRequestHandler({ requestTimeoutMs: 1_000, callBudgetMs: 2_500 });
    const client = new STSClient({
      region: 'eu-central-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: handler,
      maxAttempts: 12,
    });
    const started = Date.now();
    try {
      const error = await client.send(new GetCallerIdentityCommand({})).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      const took = Date.now() - started;
      expect(error?.name).toBe('AwsCallTimeout');
      expect(error?.message).toMatch(
        /^No answer from 127\.0\.0\.1 within 3 s, all tries of the call together\.$/,
      );
      expect(took).toBeGreaterThanOrEqual(2_400);
      expect(took).toBeLessThan(10_000); // the budget plus back-off, on a loaded machine
      const { awsError } = await import('@aws-ci-kit/core');
      expect(awsError(error, {}, { action: 'sts:GetCallerIdentity' }).code).toBe('NetworkError');
    } finally {
      client.destroy();
      handler.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('the defaults: 10 s to connect, 30 s per try, 60 s per call', async () => {
    const { AWS_CALL_BUDGET_MS, AWS_CONNECT_TIMEOUT_MS, AWS_REQUEST_TIMEOUT_MS } = await import(
      './create-request-handler.ts'
    );
    expect([AWS_CONNECT_TIMEOUT_MS, AWS_REQUEST_TIMEOUT_MS, AWS_CALL_BUDGET_MS]).toEqual([
      10_000, 30_000, 60_000,
    ]);
  });
});
