import { describe, expect, it } from 'vitest';
import { replaceSection } from './write-profile.ts';

describe('profile files', () => {
  it('replaces one section and keeps the others', () => {
    const text = '[a]\nx = 1\n\n[b]\ny = 2\n';
    expect(replaceSection(text, 'a', ['x = 9'])).toBe('[b]\ny = 2\n\n[a]\nx = 9\n');
    expect(replaceSection(text, 'c', ['z = 3'])).toBe('[a]\nx = 1\n\n[b]\ny = 2\n\n[c]\nz = 3\n');
    expect(replaceSection('', 'a', ['x = 1'])).toBe('[a]\nx = 1\n');
  });
});
