// GitHub's OIDC token request goes through the job's proxy (as @actions/http-client, and so
// configure-aws-credentials, does) and under its own deadline.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRecordingProxy } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ID_TOKEN_TIMEOUT_MS, idTokenProxy, requestIdToken } from './request-id-token.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vYXBwIn0.c2ln';
let server: Server;
let port: number;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url?.startsWith('/hang')) return; // accepts, never answers
    res.writeHead(req.headers.authorization === 'Bearer req-token' ? 200 : 401, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify({ value: JWT }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the OIDC token request and the proxy', () => {
  it('goes through HTTP_PROXY / HTTPS_PROXY (the proxy records the tunnel), with the audience', async () => {
    const proxy = await startRecordingProxy({ hosts: { 'token.actions.test': '127.0.0.1' } });
    try {
      const token = await requestIdToken(
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://token.actions.test:${port}/token?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
          HTTP_PROXY: proxy.url,
        },
        'sts.amazonaws.com',
      );
      expect(token).toBe(JWT);
      expect(proxy.connects).toEqual([{ target: `token.actions.test:${port}`, status: 200 }]);
      expect(seen.at(-1)).toBe('/token?api-version=2.0&audience=sts.amazonaws.com');
    } finally {
      await proxy.stop();
    }
  });

  it('an https URL uses https_proxy / HTTPS_PROXY', async () => {
    const proxy = await startRecordingProxy({ hosts: { 'token.actions.test': '127.0.0.1' } });
    try {
      // The loopback server speaks plain HTTP, so TLS fails after the tunnel: the tunnel is what counts.
      await expect(
        requestIdToken(
          {
            ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.actions.test:${port}/token?x=1`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
            https_proxy: proxy.url,
          },
          undefined,
        ),
      ).rejects.toThrow();
      expect(proxy.connects.map((c) => c.target)).toEqual([`token.actions.test:${port}`]);
    } finally {
      await proxy.stop();
    }
  });

  it('a proxy that asks for a login is one line (ProxyAuthRequired), not a stack trace', async () => {
    const proxy = await startRecordingProxy({ status: 407 });
    try {
      const error = await requestIdToken(
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.actions.test:${port}/token?x=1`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
          HTTPS_PROXY: proxy.url,
        },
        undefined,
      ).then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(error?.code).toBe('ProxyAuthRequired');
    } finally {
      await proxy.stop();
    }
  });

  it('NO_PROXY and loopback hosts go direct', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.actions.githubusercontent.com' };
    expect(idTokenProxy(env, new URL('https://pipelines.actions.githubusercontent.com/x'))).toEqual({
      proxy: 'http://proxy:3128',
      noProxy: '.actions.githubusercontent.com',
    });
    expect(
      idTokenProxy({ HTTPS_PROXY: 'http://proxy:3128' }, new URL('https://127.0.0.1:9/x')),
    ).toBeUndefined();
    expect(
      idTokenProxy({ HTTPS_PROXY: 'http://proxy:3128' }, new URL('http://example.test/x')),
    ).toBeUndefined();
    expect(idTokenProxy({ HTTP_PROXY: 'http://p:1' }, new URL('http://example.test/x'))).toEqual({
      proxy: 'http://p:1',
    });
  });
});

describe('the OIDC token request has its own deadline', () => {
  it(`gives up after ${ID_TOKEN_TIMEOUT_MS / 1000} s on an endpoint that never answers, with ETIMEDOUT`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = requestIdToken(
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/hang?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token',
        },
        undefined,
      ).then(
        () => undefined,
        (e: unknown) => e as { code?: string; message?: string },
      );
      await vi.waitFor(() => expect(seen.some((u) => u.startsWith('/hang'))).toBe(true), { interval: 20 });
      vi.advanceTimersByTime(ID_TOKEN_TIMEOUT_MS);
      const error = await pending;
      expect(error?.code).toBe('ETIMEDOUT');
      expect(error?.message).toBe(
        `GitHub did not answer the OIDC token request within ${ID_TOKEN_TIMEOUT_MS / 1000} s.`,
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
