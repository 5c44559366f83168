import type { StepDeadline } from '@aws-ci-kit/core';
import { CiKitError } from '@aws-ci-kit/core';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { createProxyAgent } from './create-proxy-agent.ts';

export interface ProxySettings {
  /** Proxy URL (`http://user:pass@host:port`); undefined for direct connections. */
  readonly proxy?: string;
  /** NO_PROXY list: host names, `.suffix`, `*`, optional `:port`. */
  readonly noProxy?: string;
  /** Connection timeout in ms (bounds an unreachable endpoint). */
  readonly connectionTimeoutMs?: number;
  /** Time for a whole response in ms, per try; a slower answer fails (and is retried) instead of hanging. */
  readonly requestTimeoutMs?: number;
  /** Time for one AWS API call in ms, all its tries and waits together (default AWS_CALL_BUDGET_MS). */
  readonly callBudgetMs?: number;
  /** The step's deadline: every request is aborted when it passes, and says what it waits for. */
  readonly deadline?: StepDeadline;
}

/**
 * What node's http refuses in a header value (its `validateHeaderValue` rule, which throws): anything
 * but tab, visible ASCII, space and bytes 0x80-0xff. Tested before each request, so a key pasted with
 * a line break fails in one line that says so.
 */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Per try: time to connect, and for the whole response. */
export const AWS_CONNECT_TIMEOUT_MS = 10_000;
export const AWS_REQUEST_TIMEOUT_MS = 30_000;
/** One AWS API call, every try and wait of the SDK's retries together: a black hole costs a minute. */
export const AWS_CALL_BUDGET_MS = 60_000;

/**
 * The time left to each AWS API call. The SDK sends one `amz-sdk-invocation-id` with every try of
 * a call (its retries included), so the handler, which sees single tries, can bound the call.
 */
function callBudgets(budgetMs: number): (invocation: string | undefined) => number {
  const started = new Map<string, number>();
  return (invocation) => {
    if (!invocation) return budgetMs;
    let start = started.get(invocation);
    if (start === undefined) {
      start = Date.now();
      started.set(invocation, start);
      setTimeout(() => started.delete(invocation), budgetMs + 1_000).unref();
    }
    return budgetMs - (Date.now() - start);
  };
}

/** A call whose budget is spent: not retried by the SDK, classified as "no answer" (network) by ours. */
function callTimeout(host: string, target: string | undefined, budgetMs: number): Error {
  const error = new Error(
    `No answer from ${host}${target ? ` (${target})` : ''} within ${Math.round(budgetMs / 1000)} s, all tries of the call together.`,
  );
  error.name = 'AwsCallTimeout';
  return error;
}

/**
 * The HTTP handler for every AWS client of a step: bounded connection and response timeouts (smithy
 * only warns when a response outlives requestTimeout unless told to throw) and,
 * when a proxy is configured, a CONNECT proxy agent that honours NO_PROXY per target host.
 * The proxy agent is loaded only when a proxy is set.
 */
export async function createRequestHandler(settings: ProxySettings): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await import('./node-http-handler.ts');
  const budgetMs = settings.callBudgetMs ?? AWS_CALL_BUDGET_MS;
  const callLeft = callBudgets(budgetMs);
  const timeouts = {
    connectionTimeout: settings.connectionTimeoutMs ?? AWS_CONNECT_TIMEOUT_MS,
    requestTimeout: settings.requestTimeoutMs ?? AWS_REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
  };
  // Each try gets what is left of its call's budget. smithy arms a socket-usage timer before
  // http.request, which throws synchronously on a header value it cannot carry (a control character
  // in a key or token); the timer is then never cleared and keeps the process alive for
  // requestTimeout + connectionTimeout. Check headers first.
  class Guarded extends NodeHttpHandler {
    override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
      const [request, options] = args;
      const deadline = settings.deadline;
      const target = request.headers['x-amz-target']?.split('.').pop();
      const left = callLeft(request.headers['amz-sdk-invocation-id']);
      if (left <= 0) return Promise.reject(callTimeout(request.hostname, target, budgetMs));
      args[1] = {
        ...options,
        requestTimeout: Math.min(options?.requestTimeout ?? timeouts.requestTimeout, left),
      };
      if (deadline) {
        deadline.waitingFor(`an answer from ${request.hostname}${target ? ` (${target})` : ''}`);
        const signal = options?.abortSignal
          ? AbortSignal.any([options.abortSignal as AbortSignal, deadline.signal])
          : deadline.signal;
        args[1] = { ...args[1], abortSignal: signal };
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
  const agent = settings.proxy ? await createProxyAgent(settings.proxy, settings.noProxy) : undefined;
  const handler = new Guarded(agent ? { ...timeouts, httpAgent: agent, httpsAgent: agent } : timeouts);
  // When the step's deadline passes, its open connections go too (nothing keeps the process alive).
  settings.deadline?.signal.addEventListener('abort', () => handler.destroy(), { once: true });
  return handler;
}
