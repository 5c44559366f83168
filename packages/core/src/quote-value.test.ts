import { describe, expect, it } from 'vitest';
import { quoteValue } from './quote-value.ts';

describe('quoteValue', () => {
  it('quotes short values whole and escapes control characters', () => {
    expect(quoteValue('eu-west-1')).toBe('"eu-west-1"');
    expect(quoteValue('a\nb\u0001')).toBe('"a\\nb\\u0001"');
  });
  it('cuts a long value and says how long it was', () => {
    const q = quoteValue('x'.repeat(10_240));
    expect(q).toBe(`"${'x'.repeat(60)}…" (10240 characters)`);
  });
});
