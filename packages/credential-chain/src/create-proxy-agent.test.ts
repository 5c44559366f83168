// Proxy URLs as users write them (a password with %, @ or :), and proxies that refuse the tunnel:
// each works, or fails in one line with a stable code and a fix, and the password is never printed.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCiKitError } from '@aws-ci-kit/core';
import { recordingRuntime, startRecordingProxy } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyAgent } from './create-proxy-agent.ts';
import { createRequestHandler } from './create-request-handler.ts';
import { readProxySettings } from './read-proxy-settings.ts';

let target: { url: string; port: number; close: () => void };
beforeAll(async () => {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  target = {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
});
afterAll(() => target?.close());

/** GET the target through `proxy`: the body, or the error. */
async function through(proxy: string): Promise<string> {
  const agent = await createProxyAgent(proxy, undefined);
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = request(target.url, { agent }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += String(c);
        });
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    agent.destroy();
  }
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('expected a failure');
  return error;
}

describe('proxy passwords with special characters', () => {
  // [password, how it is written in the URL]
  const cases: Array<[string, string]> = [
    ['p@ss', 'p@ss'],
    ['p@ss', 'p%40ss'],
    ['pa:ss', 'pa:ss'],
    ['pa:ss', 'pa%3Ass'],
    ['pa%ss', 'pa%25ss'],
    ['@:%/#?', '%40%3A%25%2F%23%3F'],
    ['p@ss:w0rd', 'p@ss:w0rd'],
  ];
  it.each(cases)('%j written as %j logs in to the proxy and is masked', async (password, written) => {
    const proxy = await startRecordingProxy({ auth: { user: 'ci', password } });
    try {
      const url = proxy.url.replace(/\/\/[^@]*@/, `//ci:${written}@`);
      await expect(through(url)).resolves.toBe('200 ok');
      expect(proxy.connects).toEqual([{ target: `127.0.0.1:${target.port}`, status: 200 }]);
      const runtime = recordingRuntime({ env: { HTTPS_PROXY: url } });
      expect(readProxySettings(runtime, undefined, undefined).proxy).toBe(url);
      expect(runtime.masked.has(password)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it.each(['pa%ss', '100%', '%zz', 'a%4'])(
    'a bare %% (%j) is one line, InputInvalid, with the fix, and the password never printed',
    async (password) => {
      const url = `http://ci:${password}@127.0.0.1:9`;
      const error = await failure(createProxyAgent(url, undefined));
      expect(isCiKitError(error)).toBe(true);
      expect(error.code).toBe('InputInvalid');
      expect(error.message).toBe(
        "The proxy URL's password holds a % that is not followed by two hex digits, so it cannot be decoded.",
      );
      expect(error.hint).toMatch(/% as %25, @ as %40, : as %3A/);
      expect(`${error.message} ${error.hint}`).not.toContain(password);
      // Masked as written, before anything could print it.
      const runtime = recordingRuntime({ inputs: {} });
      readProxySettings(runtime, url, undefined);
      expect(runtime.masked.has(password)).toBe(true);
    },
  );
});

describe('a proxy that refuses the tunnel', () => {
  it('407 (no or a wrong login) is one line, ProxyAuthRequired, the password never printed', async () => {
    const proxy = await startRecordingProxy({ auth: { user: 'ci', password: 'right-one' } });
    try {
      for (const url of [
        proxy.url.replace('right-one', 'wr0ng-pa55'),
        proxy.url.replace(/\/\/[^@]*@/, '//'),
      ]) {
        const error = await failure(through(url));
        expect(error.code).toBe('ProxyAuthRequired');
        expect(error.message).toMatch(
          /^The proxy 127\.0\.0\.1:\d+ asked for a login \(HTTP 407 Proxy Authentication Required\) to reach 127\.0\.0\.1:\d+\.$/,
        );
        expect(`${error.message} ${error.hint}`).not.toMatch(/wr0ng|right-one/);
      }
    } finally {
      await proxy.stop();
    }
  });

  it.each([403, 502])('HTTP %s to CONNECT is one line, ProxyRefused', async (status) => {
    const proxy = await startRecordingProxy({ status });
    try {
      const error = await failure(through(proxy.url));
      expect(error.code).toBe('ProxyRefused');
      expect(error.message).toMatch(
        new RegExp(`refused the tunnel to 127\\.0\\.0\\.1:\\d+ \\(HTTP ${status}\\)\\.$`),
      );
    } finally {
      await proxy.stop();
    }
  });

  it('an AWS call through a proxy answering 407 fails with ProxyAuthRequired, not "Unknown"', async () => {
    const proxy = await startRecordingProxy({ status: 407 });
    const handler = await createRequestHandler({ proxy: proxy.url, requestTimeoutMs: 5_000 });
    try {
      const req = {
        protocol: 'https:',
        hostname: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        query: {},
      };
      const error = await failure(handler.handle(req as unknown as Parameters<typeof handler.handle>[0]));
      expect(error.code).toBe('ProxyAuthRequired');
    } finally {
      handler.destroy();
      await proxy.stop();
    }
  });

  it('a proxy that is not an http(s) URL is one line, InputInvalid, with the fix', async () => {
    const hint = 'Set `http-proxy` (or HTTPS_PROXY) to a URL such as http://proxy.example:3128.';
    const ftp = await failure(createProxyAgent('ftp://proxy.example:21', undefined));
    expect([ftp.message, ftp.code, ftp.hint]).toEqual([
      'The proxy URL uses ftp:, not http: or https:.',
      'InputInvalid',
      hint,
    ]);
    const broken = await failure(createProxyAgent('http://[::1', undefined));
    expect([broken.message, broken.code, broken.hint]).toEqual([
      'The proxy URL is not a valid URL.',
      'InputInvalid',
      hint,
    ]);
  });
});
