import type { StepDeadline } from '@aws-ci-kit/core';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
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
/** Per try: time to connect, and for the whole response. */
export declare const AWS_CONNECT_TIMEOUT_MS = 10000;
export declare const AWS_REQUEST_TIMEOUT_MS = 30000;
/** One AWS API call, every try and wait of the SDK's retries together: a black hole costs a minute. */
export declare const AWS_CALL_BUDGET_MS = 60000;
/**
 * The HTTP handler for every AWS client of a step: bounded connection and response timeouts (smithy
 * only warns when a response outlives requestTimeout unless told to throw) and,
 * when a proxy is configured, a CONNECT proxy agent that honours NO_PROXY per target host.
 * The proxy agent is loaded only when a proxy is set.
 */
export declare function createRequestHandler(settings: ProxySettings): Promise<NodeHttpHandler>;
