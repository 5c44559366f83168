import type { Agent, ClientRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CiKitError } from '../errors.ts';
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
  const hint = 'Set `http-proxy` (or HTTPS_PROXY) to a URL such as http://proxy.example:3128.';
  let url: URL;
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw new CiKitError('input', 'The proxy URL is not a valid URL.', { code: 'InputInvalid', hint });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CiKitError('input', `The proxy URL uses ${url.protocol.slice(0, 20)}, not http: or https:.`, {
      code: 'InputInvalid',
      hint,
    });
  }
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
      return super.connect(req, { ...opts, ...(options.ca ? { ca: options.ca } : {}) } as ConnectOpts);
    }
  }
  return new ProxyAgent(url.href, {
    keepAlive: true,
    ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}),
  }) as unknown as Agent;
}
