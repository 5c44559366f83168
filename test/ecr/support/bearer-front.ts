import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BearerFront {
  readonly url: string;
  readonly host: string;
  /** Token requests seen: the scopes asked for. */
  readonly tokenScopes: string[][];
  stop(): Promise<void>;
}

/**
 * Token auth (the distribution token spec, as Docker Hub, GHCR and Harbor speak it) in front of a
 * registry that only knows Basic: `/token` issues a bearer token for the requested scopes to a
 * client with the right Basic credentials; other requests need a token whose scope covers the
 * repository, and are forwarded with the registry's own Basic credentials.
 */
export async function startBearerFront(
  upstream: string,
  client: { user: string; password: string },
  registryAuth: { user: string; password: string },
): Promise<BearerFront> {
  const target = new URL(upstream);
  const tokens = new Map<string, string[]>();
  const tokenScopes: string[][] = [];
  const basic = (u: { user: string; password: string }) =>
    `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}`;
  let url = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x');
    if (path.pathname === '/token') {
      if (req.headers.authorization !== basic(client)) {
        res.writeHead(401).end();
        return;
      }
      const scopes = path.searchParams.getAll('scope');
      tokenScopes.push(scopes);
      const token = randomBytes(12).toString('hex');
      tokens.set(token, scopes);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const repo = /^\/v2\/(.+?)\/(blobs|manifests|tags)\//.exec(path.pathname)?.[1];
    const needed = repo ? `repository:${repo}:pull,push` : '';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const granted = bearer ? tokens.get(bearer) : undefined;
    if (!granted || (needed && !granted.includes(needed))) {
      const scope = needed ? `,scope="${needed}"` : '';
      res
        .writeHead(401, { 'www-authenticate': `Bearer realm="${url}/token",service="bearer-front"${scope}` })
        .end();
      return;
    }
    const headers = { ...req.headers, authorization: basic(registryAuth) };
    const up = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    host: `127.0.0.1:${port}`,
    tokenScopes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
