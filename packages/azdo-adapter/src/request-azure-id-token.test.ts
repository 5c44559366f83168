import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCode, isCiKitError } from '@aws-ci-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { requestAzureIdToken } from './request-azure-id-token.ts';

let server: Server | undefined;

/** A fake `System.OidcRequestUri` answering `status` and `body`; records each request. */
async function fakeAgent(
  status: number,
  body: string,
): Promise<{ uri: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/org/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken`,
    requests,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isCiKitError(error)) throw error;
    return { code: errorCode(error), message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  throw new Error('expected a failure');
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('requestAzureIdToken', () => {
  it('POSTs to the OIDC URI with the access token, api-version 7.1 and the service connection', async () => {
    const agent = await fakeAgent(200, JSON.stringify({ oidcToken: 'eyJ.token' }));
    const token = await requestAzureIdToken({
      uri: agent.uri,
      accessToken: 'access',
      serviceConnectionId: 'sc-1',
    });
    expect(token).toBe('eyJ.token');
    const [request] = agent.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe('Bearer access');
    const url = new URL(request?.url ?? '', 'http://x');
    expect(url.searchParams.get('api-version')).toBe('7.1');
    expect(url.searchParams.get('serviceConnectionId')).toBe('sc-1');
  });

  it('cannot ask without the URI, the access token or a service connection (the chain may go on)', async () => {
    for (const settings of [
      { uri: undefined, accessToken: 'a', serviceConnectionId: 'sc' },
      { uri: 'http://127.0.0.1:9/', accessToken: undefined, serviceConnectionId: 'sc' },
      { uri: 'http://127.0.0.1:9/', accessToken: 'a', serviceConnectionId: undefined },
    ]) {
      expect(await failure(requestAzureIdToken(settings))).toEqual({
        code: 'OidcUnavailable',
        message: 'This Azure Pipelines job cannot request an OIDC token.',
        hint: 'Use a service connection with OIDC enabled and make System.AccessToken available to the task.',
      });
    }
  });

  it('says the agent refused, with its HTTP status', async () => {
    const agent = await fakeAgent(403, '{}');
    expect(
      await failure(requestAzureIdToken({ uri: agent.uri, accessToken: 'a', serviceConnectionId: 'sc' })),
    ).toEqual({
      code: 'OidcRequestFailed',
      message: 'Azure Pipelines refused the OIDC token request (HTTP 403).',
      hint: 'Check that the service connection uses workload identity federation and the pipeline may use it.',
    });
  });

  it('says an answer without a token is one', async () => {
    const agent = await fakeAgent(200, JSON.stringify({ oidcToken: '' }));
    expect(
      await failure(requestAzureIdToken({ uri: agent.uri, accessToken: 'a', serviceConnectionId: 'sc' })),
    ).toEqual({
      code: 'OidcRequestFailed',
      message: 'Azure Pipelines answered the OIDC token request without a token.',
    });
  });
});
