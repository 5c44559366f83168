import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

export interface RecordingProxyOptions {
  /** Require this login (`Proxy-Authorization: Basic`); a CONNECT without it gets 407. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 407, 502). */
  readonly status?: number;
  /** Names the proxy resolves itself (to a loopback address), so a client can ask for a non-loopback host. */
  readonly hosts?: Readonly<Record<string, string>>;
}

export interface RecordingProxy {
  /** `http://[user:password@]127.0.0.1:<port>` (the password percent-encoded). */
  readonly url: string;
  /** Each CONNECT: its target `host:port` and the status it got. */
  readonly connects: Array<{ readonly target: string; readonly status: number }>;
  /** Every byte the client sent through a tunnel, as latin1 text (to search for a secret in clear). */
  tunnelled(): string;
  stop(): Promise<void>;
}

/**
 * A loopback HTTP CONNECT proxy for tests: tunnels to loopback targets only, records each CONNECT and
 * every byte the client sends through a tunnel, so a test can prove a request went through the proxy
 * and that no secret crossed it in plain text.
 */
export async function startRecordingProxy(options: RecordingProxyOptions = {}): Promise<RecordingProxy> {
  const connects: Array<{ target: string; status: number }> = [];
  const sent: Buffer[] = [];
  const { auth } = options;
  const expected = auth
    ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
    : undefined;
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    const refuse = (status: number, text: string): void => {
      connects.push({ target, status });
      client.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\n\r\n`);
    };
    if (options.status) return refuse(options.status, 'Refused');
    if (expected && req.headers['proxy-authorization'] !== expected)
      return refuse(407, 'Proxy Authentication Required');
    const at = target.lastIndexOf(':');
    const name = target.slice(0, at);
    const host = options.hosts?.[name] ?? name;
    if (!host.startsWith('127.')) return refuse(403, 'Forbidden');
    connects.push({ target, status: 200 });
    const upstream = connect(Number(target.slice(at + 1)), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) {
        sent.push(Buffer.from(head));
        upstream.write(head);
      }
      client.on('data', (chunk: Buffer) => sent.push(Buffer.from(chunk)));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const login = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '';
  return {
    url: `http://${login}127.0.0.1:${port}`,
    connects,
    tunnelled: () => Buffer.concat(sent).toString('latin1'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
