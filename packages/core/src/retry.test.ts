import { describe, expect, it } from 'vitest';
import { isRetryableAwsError } from './aws-error.ts';
import { CiKitError } from './errors.ts';
import { backoffDelay, withRetry } from './retry.ts';

describe('retries', () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const denied = Object.assign(new Error('not authorized'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  });

  it('classifies throttling, 5xx and network errors as retryable, AccessDenied not', () => {
    expect(isRetryableAwsError(throttled)).toBe(true);
    expect(isRetryableAwsError({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableAwsError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableAwsError(denied)).toBe(false);
    expect(isRetryableAwsError(new CiKitError('input', 'bad'))).toBe(false);
  });

  it('retries retryable errors up to maxAttempts, with the attempt number', async () => {
    const attempts: number[] = [];
    const sleeps: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw throttled;
        return 'ok';
      },
      { maxAttempts: 5, totalMs: 60_000 },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(sleeps).toHaveLength(2);
    for (const [i, ms] of sleeps.entries()) expect(ms).toBeLessThanOrEqual(200 * 2 ** i);
  });

  it('fails at once on a non-retryable error, and stops at maxAttempts or the deadline', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw denied;
        },
        { maxAttempts: 5, totalMs: 60_000 },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw throttled;
        },
        { maxAttempts: 3, totalMs: 60_000 },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(throttled);
    expect(calls).toBe(3);

    let now = 0;
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw throttled;
        },
        { maxAttempts: 50, totalMs: 1000, baseDelayMs: 5000 },
        {
          now: () => now,
          sleep: async (ms) => {
            now += ms;
          },
        },
      ),
    ).rejects.toBe(throttled);
    expect(now).toBeLessThan(1000);
  });
});

describe('withRetry bounds', () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  it('waits with full jitter: uniform in [0, min(max, base * 2^(n-1))]', () => {
    const policy = { maxAttempts: 9, totalMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 8, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it('gives each try a signal that aborts at the deadline, and does not try again after it', async () => {
    let calls = 0;
    const started = Date.now();
    const error = await withRetry(
      (_attempt, signal) => {
        calls++;
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(throttled), { once: true });
        });
      },
      { maxAttempts: 5, totalMs: 300 },
    ).catch((e: unknown) => e);
    expect(error).toBe(throttled);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never retries a CiKitError or a body that does not parse', async () => {
    const garbage = Object.assign(new SyntaxError('Unexpected token < in JSON at position 0'), {
      $metadata: { httpStatusCode: 200 },
    });
    for (const error of [new CiKitError('network', 'x'), garbage]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw error;
          },
          { maxAttempts: 5, totalMs: 60_000 },
          { sleep: async () => {} },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });
});
