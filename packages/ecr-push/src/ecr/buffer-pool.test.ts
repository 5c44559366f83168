import { describe, expect, it } from 'vitest';
import { borrow, giveBack, POOLED_BYTES } from './buffer-pool.ts';

describe('buffer pool', () => {
  it('lends the asked length, and a buffer given back serves the next borrow', () => {
    const a = borrow(1000);
    expect(a.length).toBe(1000);
    expect(a.buffer.byteLength).toBe(POOLED_BYTES);
    giveBack(a);
    const b = borrow();
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(POOLED_BYTES);
    giveBack(b);
  });

  it('never lends one buffer twice: a second give-back, a part of a view, or a foreign buffer is ignored', () => {
    const a = borrow(4096);
    giveBack(a.subarray(0, 100)); // a part: the rest may still be in use
    giveBack(a.subarray(1)); // not at the start
    giveBack(Buffer.alloc(4096)); // not ours
    const other = borrow(4096);
    expect(other.buffer).not.toBe(a.buffer);
    giveBack(a);
    giveBack(a); // twice
    const first = borrow(10);
    const second = borrow(10);
    expect(first.buffer).toBe(a.buffer);
    expect(second.buffer).not.toBe(a.buffer);
    for (const b of [other, first, second]) giveBack(b);
  });
});
