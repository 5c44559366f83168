import { isRetryableAwsError } from './aws-error.ts';

/** Bounds for retrying one operation. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** Time budget for all tries and waits, in ms: no wait runs past it, and each try's signal aborts at it. */
  readonly totalMs: number;
  /** The back-off cap of the first wait (doubling per try up to `maxDelayMs`); default 200 ms. */
  readonly baseDelayMs?: number;
  /** The largest back-off cap; default 5 s. */
  readonly maxDelayMs?: number;
}

export interface RetryOptions {
  /** Which failures are worth another try; default: AWS throttling, 5xx, timeouts and network errors. */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Called before each wait (for debug output). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Cancels the whole operation (waits included). */
  readonly signal?: AbortSignal;
  /** For tests. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

const sleepFor = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Full-jitter exponential back-off: a wait drawn uniformly from [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]
 * before try n + 1 (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs ?? 5_000, (policy.baseDelayMs ?? 200) * 2 ** (attempt - 1));
  return Math.round(random() * cap);
}

/**
 * Runs one operation until it succeeds, retrying only retryable failures, at most `maxAttempts` tries and
 * never past `totalMs`: each try gets an AbortSignal that fires at the deadline (pass it to the SDK's
 * `abortSignal` or the HTTP request), and no wait starts that would end past it. Retry an operation in
 * one place only: a retried function must not retry itself.
 */
export async function withRetry<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const isRetryable = options.isRetryable ?? isRetryableAwsError;
  const deadline = now() + policy.totalMs;
  const budget = AbortSignal.timeout(Math.max(1, policy.totalMs));
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt, signal);
    } catch (error) {
      if (attempt >= policy.maxAttempts || signal.aborted || !isRetryable(error)) throw error;
      const delay = backoffDelay(policy, attempt, options.random);
      if (now() + delay >= deadline) throw error;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}
