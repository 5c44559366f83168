/**
 * A loopback stand-in for the IAM Identity Center (SSO) portal API that the SDK's SSO provider
 * calls: `GET /federation/credentials?account_id=…&role_name=…` with the cached access token in
 * `x-amz-sso_bearer_token`, answering role credentials (moto does not serve this API).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiration: number;
}

export interface SsoPortal {
  readonly endpoint: string;
  requests(): Array<{ accountId: string; roleName: string; token: string; status: number }>;
  stop(): Promise<void>;
}

export async function startSsoPortal(
  accessToken: string,
  roles: Readonly<Record<string, RoleCredentials>>,
): Promise<SsoPortal> {
  const log: Array<{ accountId: string; roleName: string; token: string; status: number }> = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = String(req.headers['x-amz-sso_bearer_token'] ?? '');
    const accountId = url.searchParams.get('account_id') ?? '';
    const roleName = url.searchParams.get('role_name') ?? '';
    const entry = { accountId, roleName, token, status: 200 };
    log.push(entry);
    const reply = (status: number, body: unknown, type?: string) => {
      entry.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/federation/credentials') {
      reply(404, { message: 'not found' }, 'ResourceNotFoundException');
      return;
    }
    if (token !== accessToken) {
      reply(401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
      return;
    }
    const credentials = roles[`${accountId}/${roleName}`];
    if (!credentials) {
      reply(403, { message: 'No access' }, 'ForbiddenException');
      return;
    }
    reply(200, { roleCredentials: credentials });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => log.map((r) => ({ ...r })),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
