/** A loopback HTTP CONNECT proxy (what HTTPS_PROXY points at), with optional basic auth, recording tunnels. */
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

export interface ConnectProxy {
  readonly url: string;
  tunnels(): Array<{ target: string; status: number }>;
  stop(): Promise<void>;
}

export async function startConnectProxy(auth?: { user: string; password: string }): Promise<ConnectProxy> {
  const log: Array<{ target: string; status: number }> = [];
  const expected = auth
    ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
    : undefined;
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    if (expected && req.headers['proxy-authorization'] !== expected) {
      log.push({ target, status: 407 });
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host = '', port = '443'] = target.split(':');
    if (host !== '127.0.0.1') {
      log.push({ target, status: 403 });
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    log.push({ target, status: 200 });
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const credentials = auth ? `${auth.user}:${encodeURIComponent(auth.password)}@` : '';
  return {
    url: `http://${credentials}127.0.0.1:${port}`,
    tunnels: () => log.map((t) => ({ ...t })),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
