import { describe, expect, it } from 'vitest';
import { memoizeProvider } from './memoize-provider.ts';

describe('memoizeProvider', () => {
  const counter = (values: Array<{ n: number; expires: boolean }>) => {
    let calls = 0;
    const provider = async () =>
      values[Math.min(calls++, values.length - 1)] as { n: number; expires: boolean };
    return { provider, calls: () => calls };
  };

  it('asks once for a value that cannot expire', async () => {
    const { provider, calls } = counter([{ n: 1, expires: false }]);
    const memo = memoizeProvider(
      provider,
      () => true,
      (v) => v.expires,
    );
    expect((await memo()).n).toBe(1);
    expect((await memo()).n).toBe(1);
    expect(calls()).toBe(1);
  });

  it('asks again when the value is about to expire, and shares one request between callers', async () => {
    const { provider, calls } = counter([
      { n: 1, expires: true },
      { n: 2, expires: true },
    ]);
    let expired = false;
    const memo = memoizeProvider(
      provider,
      () => expired,
      (v) => v.expires,
    );
    expect((await memo()).n).toBe(1);
    expect((await memo()).n).toBe(1);
    expired = true;
    const [a, b] = await Promise.all([memo(), memo()]);
    expect([a.n, b.n]).toEqual([2, 2]);
    expect(calls()).toBe(2);
  });

  it('does not keep a failure', async () => {
    let calls = 0;
    const memo = memoizeProvider(
      async () => {
        calls++;
        if (calls === 1) throw new Error('down');
        return calls;
      },
      () => false,
      () => false,
    );
    await expect(memo()).rejects.toThrow('down');
    expect(await memo()).toBe(2);
  });
});
