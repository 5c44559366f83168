import { isRetryableError } from './is-retryable-error.ts';
import type { RetryPolicy } from './types.ts';

export interface RetryHooks {
  /** Called before waiting for the next attempt. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, retrying only retryable errors (throttling, 5xx, network) with
 * full-jitter exponential back-off, at most `maxAttempts` times and never past `totalMs`.
 * `fn` receives the attempt number, so callers can fetch fresh inputs (an OIDC token) each time.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? defaultSleep;
  const deadline = now() + policy.totalMs;
  const base = policy.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryableError(error)) throw error;
      const delay = Math.round(Math.random() * Math.min(5000, base * 2 ** (attempt - 1)));
      if (now() + delay >= deadline) throw error;
      hooks.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
