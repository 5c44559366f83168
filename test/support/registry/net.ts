import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, isIP } from 'node:net';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `address:port` can be bound right now (as root, 443 included). */
export function canListen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

export interface Basic {
  user: string;
  password: string;
}

export interface StatusOptions {
  basic?: Basic | undefined;
  /** PEM of a CA to trust for this request only (instead of NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer | undefined;
}

/**
 * GET `url` and return the status code. Uses node:http(s) rather than fetch so
 * a CA can be given per request without an undici dependency.
 */
export function httpStatus(url: string, opts: StatusOptions = {}): Promise<number> {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  if (opts.basic) {
    const token = Buffer.from(`${opts.basic.user}:${opts.basic.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        headers,
        ca: opts.ca,
        servername: isIP(target.hostname) ? undefined : target.hostname,
        agent: false,
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
