import type { Agent, ClientRequest } from 'node:http';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { checkServerIdentity, type PeerCertificate, connect as tlsConnect } from 'node:tls';
import { CiKitError } from '@aws-ci-kit/core';
import { bypassesProxy } from './bypasses-proxy.ts';

/**
 * A keep-alive agent that tunnels through an HTTP(S) proxy with CONNECT, for http and https targets,
 * and connects directly to hosts NO_PROXY lists. Shared by every AWS client and the registry push,
 * so both honour `http-proxy`, HTTPS_PROXY and NO_PROXY alike. A proxy that is not an http(s) URL
 * is an error at once.
 */
export async function createProxyAgent(
  proxy: string,
  noProxy: string | undefined,
  options: { readonly ca?: string | Buffer; readonly maxSockets?: number } = {},
): Promise<Agent> {
  const url = proxyUrl(proxy);
  const proxyHost = url.host;
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  type ConnectOpts = Parameters<InstanceType<typeof HttpsProxyAgent>['connect']>[1];
  class ProxyAgent extends HttpsProxyAgent<string> {
    override async connect(req: ClientRequest, opts: ConnectOpts): Promise<Socket> {
      if (bypassesProxy(opts.host ?? '', opts.port ?? '', noProxy)) {
        return opts.secureEndpoint
          ? tlsConnect({
              ...opts,
              servername: opts.servername ?? opts.host,
              ...(options.ca ? { ca: options.ca } : {}),
            })
          : netConnect(opts);
      }
      let status = 0;
      req.once('proxyConnect', (answer: { statusCode?: number }) => {
        status = answer.statusCode ?? 0;
      });
      const target = opts.host ?? '';
      const socket = await super.connect(req, {
        ...opts,
        ...(options.ca ? { ca: options.ca } : {}),
        // The TLS upgrade inside the tunnel drops `host`: an IP target is checked against itself, not "localhost".
        ...(isIP(target)
          ? { checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(target, cert) }
          : {}),
      } as ConnectOpts);
      if (status !== 200) {
        socket.destroy();
        throw proxyRefused(proxyHost, `${target}:${opts.port}`, status);
      }
      return socket;
    }
  }
  return new ProxyAgent(url.href, {
    keepAlive: true,
    ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}),
  }) as unknown as Agent;
}

const PROXY_HINT = 'Set `http-proxy` (or HTTPS_PROXY) to a URL such as http://proxy.example:3128.';

/** A proxy setting that cannot work: one line, and the fix. */
function badProxy(message: string, hint = PROXY_HINT): CiKitError {
  return new CiKitError('input', message, { code: 'InputInvalid', hint });
}

/** The proxy as a URL (`http://` when it names none): http or https, its login decodable. */
function proxyUrl(proxy: string): URL {
  let url: URL;
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw badProxy('The proxy URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badProxy(`The proxy URL uses ${url.protocol.slice(0, 20)}, not http: or https:.`);
  }
  checkProxyLogin(url);
  return url;
}

/**
 * The proxy's user and password are percent-encoded in its URL (`%40` for @, `%3A` for :, `%25` for %):
 * a `%` that starts no escape cannot be decoded, and would fail every request later. Never prints them.
 */
function checkProxyLogin(url: URL): void {
  for (const [what, text] of [
    ['user', url.username],
    ['password', url.password],
  ] as const) {
    try {
      decodeURIComponent(text);
    } catch {
      throw badProxy(
        `The proxy URL's ${what} holds a % that is not followed by two hex digits, so it cannot be decoded.`,
        "Percent-encode the special characters of the proxy's user and password: % as %25, @ as %40, : as %3A (e.g. http://ci:pa%25ss@proxy.example:3128).",
      );
    }
  }
}

/** A CONNECT the proxy did not accept: 407 (login), or any other status, as one line with a fix. */
function proxyRefused(proxy: string, target: string, status: number): CiKitError {
  if (status === 407) {
    return new CiKitError(
      'network',
      `The proxy ${proxy} asked for a login (HTTP 407 Proxy Authentication Required) to reach ${target}.`,
      {
        code: 'ProxyAuthRequired',
        hint: "Put the proxy's user and password in its URL (`http-proxy` or HTTPS_PROXY), percent-encoded: http://user:pa%40ss@proxy.example:3128; check that they are current.",
      },
    );
  }
  return new CiKitError(
    'network',
    `The proxy ${proxy} refused the tunnel to ${target} (${status ? `HTTP ${status}` : 'no answer to CONNECT'}).`,
    {
      code: 'ProxyRefused',
      hint: 'Check that the proxy allows CONNECT to that host and port, or list the host in NO_PROXY (`no-proxy`).',
    },
  );
}
