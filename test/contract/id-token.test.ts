import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildContractBundles, type ContractBundles } from './bundles.ts';
import { checkContract } from './contract-checks.ts';
import type { Scenario } from './fixture/contract-step.ts';
import { type CiKind, runCi } from './harness.ts';

// Child processes: generous limits for a loaded machine (a run takes well under a second).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * OIDC id tokens from each CI's own token endpoint, served on 127.0.0.1: GitHub's
 * ACTIONS_ID_TOKEN_REQUEST_URL (GET, `audience` query, `{ value }`) and Azure's System.OidcRequestUri
 * (POST with `serviceConnectionId`, System.AccessToken as bearer, `{ oidcToken }`). The token must be
 * masked before the step can print it.
 */
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vY29udHJhY3QifQ.c2lnbmF0dXJlLWJ5dGVz';
const REQUEST_TOKEN = 'request-bearer-0123456789';

let server: Server;
let base: string;
let dir: string;
let bundles: ContractBundles;
const requests: Array<{ method: string; url: URL; authorization: string | undefined }> = [];

function record(request: IncomingMessage) {
  const url = new URL(request.url ?? '/', base);
  requests.push({ method: request.method ?? '', url, authorization: request.headers.authorization });
  return url;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = record(request);
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
        response.statusCode = 401;
        response.end('{}');
        return;
      }
      response.end(JSON.stringify(url.pathname === '/github' ? { value: TOKEN } : { oidcToken: TOKEN }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'contract-oidc-'));
  bundles = await buildContractBundles(dir);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const scenario: Scenario = { main: [{ op: 'idToken', audience: 'sts.amazonaws.com', connection: 'conn-1' }] };

const ciEnv = (ci: CiKind): Record<string, string> =>
  ci === 'github'
    ? {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/github?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      }
    : {
        SYSTEM_OIDCREQUESTURI: `${base}/azure/oidctoken`,
        // The agent hands System.AccessToken to a task as a secret variable.
        SECRET_SYSTEM_ACCESSTOKEN: REQUEST_TOKEN,
        VSTS_SECRET_VARIABLES: '["System.AccessToken"]',
      };

describe.each<CiKind>(['github', 'azure'])('%s id token', (ci) => {
  it.each([false, true])('is requested from the CI and masked before use (debug %s)', async (debug) => {
    requests.length = 0;
    const run = await runCi(ci, bundles[ci], { scenario, debug, env: ciEnv(ci) });
    checkContract(
      ci,
      run,
      { ok: true, variables: {}, outputs: { idTokenParts: '3' }, state: {}, secrets: [TOKEN] },
      debug,
    );
    expect(requests).toHaveLength(1);
    const [request] = requests;
    if (ci === 'github') {
      expect(request).toMatchObject({ method: 'GET', authorization: `Bearer ${REQUEST_TOKEN}` });
      expect(request?.url.searchParams.get('audience')).toBe('sts.amazonaws.com');
    } else {
      expect(request).toMatchObject({ method: 'POST', authorization: `Bearer ${REQUEST_TOKEN}` });
      expect(request?.url.pathname).toBe('/azure/oidctoken');
      expect(request?.url.searchParams.get('serviceConnectionId')).toBe('conn-1');
      expect(request?.url.searchParams.get('api-version')).toBe('7.1');
    }
  });
});
