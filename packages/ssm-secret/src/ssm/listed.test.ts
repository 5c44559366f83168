import { describe, expect, it } from 'vitest';
import { listed } from './listed.ts';

describe('listed', () => {
  it('joins up to 20 names, and says how many more beyond', () => {
    expect(listed([])).toBe('');
    expect(listed(['a', 'b'])).toBe('a; b');
    const many = Array.from({ length: 23 }, (_, i) => `n${i}`);
    expect(listed(many.slice(0, 20))).toBe(many.slice(0, 20).join('; '));
    expect(listed(many)).toBe(`${many.slice(0, 20).join('; ')}; and 3 more`);
  });
});
