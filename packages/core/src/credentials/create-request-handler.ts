import type { ClientRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { CiKitError } from '../errors.ts';
import { bypassesProxy } from './bypasses-proxy.ts';

export interface ProxySettings {
  /** Proxy URL (`http://user:pass@host:port`); undefined for direct connections. */
  readonly proxy?: string;
  /** NO_PROXY list: host names, `.suffix`, `*`, optional `:port`. */
  readonly noProxy?: string;
  /** Connection timeout in ms (bounds an unreachable endpoint). */
  readonly connectionTimeoutMs?: number;
  /** Time for a whole response in ms; a slower answer fails (and is retried) instead of hanging. */
  readonly requestTimeoutMs?: number;
}

/**
 * The HTTP handler for every AWS client of a step: bounded connection and response timeouts (smithy
 * only warns when a response outlives requestTimeout unless told to throw) and,
 * when a proxy is configured, a CONNECT proxy agent that honours NO_PROXY per target host.
 * The proxy agent is loaded only when a proxy is set.
 */
export async function createRequestHandler(settings: ProxySettings): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await import('./node-http-handler.ts');
  const timeouts = {
    connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
    requestTimeout: settings.requestTimeoutMs ?? 60_000,
    throwOnRequestTimeout: true,
  };
  if (!settings.proxy) return new NodeHttpHandler(timeouts);
  let url: URL;
  try {
    url = new URL(settings.proxy.includes('://') ? settings.proxy : `http://${settings.proxy}`);
  } catch {
    throw new CiKitError('input', 'The proxy URL is not a valid URL.', {
      code: 'InputInvalid',
      hint: 'Set `http-proxy` (or HTTPS_PROXY) to a URL such as http://proxy.example:3128.',
    });
  }
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  type ConnectOpts = Parameters<InstanceType<typeof HttpsProxyAgent>['connect']>[1];
  const noProxy = settings.noProxy;
  class ProxyAgent extends HttpsProxyAgent<string> {
    override async connect(req: ClientRequest, opts: ConnectOpts): Promise<Socket> {
      if (bypassesProxy(opts.host ?? '', opts.port ?? '', noProxy)) {
        return opts.secureEndpoint
          ? tlsConnect({ ...opts, servername: opts.servername ?? opts.host })
          : netConnect(opts);
      }
      return super.connect(req, opts);
    }
  }
  const agent = new ProxyAgent(url.href, { keepAlive: true });
  return new NodeHttpHandler({ ...timeouts, httpAgent: agent, httpsAgent: agent });
}
