import type { AwsClientConfig } from '@aws-ci-kit/credential-chain';
import { SSMClient } from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface SsmClientOptions {
  /** Attempts per call, throttling included (adaptive retry: client-side rate limiting plus back-off). */
  readonly maxAttempts?: number;
  /** Time to connect, and for the whole response, per attempt. */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** Attempts per SSM call unless `retry-max-attempts` asks for fewer. */
export const SSM_DEFAULT_MAX_ATTEMPTS = 8;
const SSM_DEFAULTS = {
  maxAttempts: SSM_DEFAULT_MAX_ATTEMPTS,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 20_000,
} as const;

/**
 * An SSM client over a resolved session's config, with adaptive retry (throttling slows the client
 * down instead of failing it) and bounded time per attempt. The session's own request handler
 * (proxy, timeouts that throw) is kept when it has one.
 */
export function createSsmClient(config: AwsClientConfig, options: SsmClientOptions = {}): SSMClient {
  const { retryStrategy: _ignored, ...rest } = config as AwsClientConfig & { retryStrategy?: unknown };
  const session = rest.requestHandler as NodeHttpHandler | undefined;
  return new SSMClient({
    ...rest,
    retryMode: 'adaptive',
    // Throttling bursts need a few more attempts than a session's default; a larger configured value wins.
    maxAttempts: options.maxAttempts ?? Math.max(Number(rest.maxAttempts ?? 0), SSM_DEFAULTS.maxAttempts),
    requestHandler:
      session ??
      new NodeHttpHandler({
        connectionTimeout: options.connectionTimeoutMs ?? SSM_DEFAULTS.connectionTimeoutMs,
        requestTimeout: options.requestTimeoutMs ?? SSM_DEFAULTS.requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
  });
}
