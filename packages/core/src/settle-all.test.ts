import { describe, expect, it } from 'vitest';
import { settleAll } from './settle-all.ts';

const later = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(resolve, ms, value));
const failLater = (ms: number, message: string): Promise<never> =>
  new Promise((_, reject) => setTimeout(reject, ms, new Error(message)));

describe('settleAll', () => {
  it('gives every value in the order given', async () => {
    const [a, b, c] = await settleAll([later(10, 'a'), 2, later(1, true)] as const);
    expect([a, b, c]).toEqual(['a', 2, true]);
  });

  it('throws the first failure in the order given, not the first to happen', async () => {
    await expect(settleAll([failLater(20, 'first given'), failLater(1, 'first to fail')])).rejects.toThrow(
      'first given',
    );
  });

  it('throws only once every promise has settled', async () => {
    let finished = false;
    const slow = later(30, undefined).then(() => {
      finished = true;
    });
    await expect(settleAll([Promise.reject(new Error('at once')), slow])).rejects.toThrow('at once');
    expect(finished).toBe(true);
  });
});
