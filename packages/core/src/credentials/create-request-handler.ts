import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { CiKitError } from '../errors.ts';
import type { StepDeadline } from '../step-deadline.ts';
import { createProxyAgent } from './create-proxy-agent.ts';

export interface ProxySettings {
  /** Proxy URL (`http://user:pass@host:port`); undefined for direct connections. */
  readonly proxy?: string;
  /** NO_PROXY list: host names, `.suffix`, `*`, optional `:port`. */
  readonly noProxy?: string;
  /** Connection timeout in ms (bounds an unreachable endpoint). */
  readonly connectionTimeoutMs?: number;
  /** Time for a whole response in ms; a slower answer fails (and is retried) instead of hanging. */
  readonly requestTimeoutMs?: number;
  /** The step's deadline: every request is aborted when it passes, and says what it waits for. */
  readonly deadline?: StepDeadline;
}

/**
 * What node's http refuses in a header value (its `validateHeaderValue` rule): anything but tab,
 * visible ASCII, space and bytes 0x80-0xff. Checked here so node:http is not imported at start (its
 * ES-module facade loads node's fetch and web streams).
 */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The HTTP handler for every AWS client of a step: bounded connection and response timeouts (smithy
 * only warns when a response outlives requestTimeout unless told to throw) and,
 * when a proxy is configured, a CONNECT proxy agent that honours NO_PROXY per target host.
 * The proxy agent is loaded only when a proxy is set.
 */
export async function createRequestHandler(settings: ProxySettings): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await import('./node-http-handler.ts');
  // smithy arms a socket-usage timer before http.request, which throws synchronously on a header
  // value it cannot carry (a control character in a key or token); the timer is then never cleared
  // and keeps the process alive for requestTimeout + connectionTimeout. Check headers first.
  class Guarded extends NodeHttpHandler {
    override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
      const [request, options] = args;
      const deadline = settings.deadline;
      if (deadline) {
        const target = request.headers['x-amz-target']?.split('.').pop();
        deadline.waitingFor(`an answer from ${request.hostname}${target ? ` (${target})` : ''}`);
        const signal = options?.abortSignal
          ? AbortSignal.any([options.abortSignal as AbortSignal, deadline.signal])
          : deadline.signal;
        args[1] = { ...options, abortSignal: signal };
      }
      for (const [name, value] of Object.entries(request.headers)) {
        if (INVALID_HEADER_VALUE.test(value)) {
          return Promise.reject(
            new CiKitError(
              'credentials',
              `The ${name === 'authorization' || name.startsWith('x-amz-') ? 'AWS credentials hold' : `header ${name} holds`} a character HTTP cannot carry (a control character or line break).`,
              {
                code: 'CredentialsInvalid',
                hint: 'Copy the access key id, secret access key and session token again, without line breaks or control characters.',
              },
            ),
          );
        }
      }
      return super.handle(...args);
    }
  }
  const timeouts = {
    connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
    requestTimeout: settings.requestTimeoutMs ?? 60_000,
    throwOnRequestTimeout: true,
  };
  const agent = settings.proxy ? await createProxyAgent(settings.proxy, settings.noProxy) : undefined;
  const handler = new Guarded(agent ? { ...timeouts, httpAgent: agent, httpsAgent: agent } : timeouts);
  // When the step's deadline passes, its open connections go too (nothing keeps the process alive).
  settings.deadline?.signal.addEventListener('abort', () => handler.destroy(), { once: true });
  return handler;
}
