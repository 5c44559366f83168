import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.ts';

describe('mapLimit', () => {
  it('keeps order and never exceeds the limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, n * 3));
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
  it('stops taking work after the first error', async () => {
    const seen: number[] = [];
    await expect(
      mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
        seen.push(n);
        if (n === 2) throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(seen).toEqual([1, 2]);
  });
  it('lets the calls in flight finish before it throws', async () => {
    let finished = 0;
    await expect(
      mapLimit([1, 2, 3], 3, async (n) => {
        if (n === 1) throw new Error('first');
        await new Promise((r) => setTimeout(r, 20));
        finished++;
      }),
    ).rejects.toThrow('first');
    expect(finished).toBe(2);
  });
});
