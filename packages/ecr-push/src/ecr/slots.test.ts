import { describe, expect, it } from 'vitest';
import { slots } from './slots.ts';

describe('slots', () => {
  it('runs at most `limit` jobs at once', async () => {
    const limit = slots(2);
    let running = 0;
    let most = 0;
    const job = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limit(job)));
    expect(most).toBe(2);
  });

  it('starts no job after one failed', async () => {
    const limit = slots(1);
    let ran = 0;
    const failing = limit(async () => {
      throw new Error('boom');
    });
    const later = limit(async () => {
      ran++;
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(later).rejects.toThrow('boom');
    expect(ran).toBe(0);
  });
});
