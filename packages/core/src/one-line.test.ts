import { describe, expect, it } from 'vitest';
import { oneLine } from './one-line.ts';

describe('oneLine', () => {
  it('joins lines and runs of space, trims, cuts at max, and escapes nothing for a CI', () => {
    expect(oneLine('  a\r\n  b\tc  ')).toBe('a b c');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
    expect(oneLine('##vso[task.setvariable] ::add-mask::x')).toBe('##vso[task.setvariable] ::add-mask::x');
  });
});
