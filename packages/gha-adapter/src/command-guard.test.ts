import { describe, expect, it } from 'vitest';
import { guardCommands } from './command-guard.ts';

const ZWSP = '\u200b';

describe('guardCommands (GitHub)', () => {
  it('leaves text that no runner would read as a command alone', () => {
    for (const text of [
      'plain',
      'a :: b',
      'x::y',
      'multi\nline',
      '#[not]',
      '##vso[task.setvariable variable=A]b',
    ]) {
      expect(guardCommands(text)).toBe(text);
    }
  });

  it.each([
    '::set-env name=A::b',
    '  ::add-mask::x',
    '\t::error::x',
    'first\n::set-output name=A::b',
    'first\r::set-output name=A::b',
    'first\r\n::set-output name=A::b',
    '\u0085::add-mask::x',
    '\u00a0::add-mask::x',
    'text ##[set-output name=A;]b',
    '::SET-OUTPUT name=A::b',
  ])('no line of %j can be read as a command, and it reads the same', (text) => {
    const guarded = guardCommands(text);
    for (const line of guarded.split('\n')) {
      // The runner trims .NET white space (U+0085 too) before `::`; a zero-width space is not white space.
      expect(/^[\s\u0085]*::/.test(line), JSON.stringify(line)).toBe(false);
      expect(line).not.toContain('##[');
    }
    expect(guarded.replaceAll(ZWSP, '').replaceAll('\\u0085', '\u0085').split('\n').join('')).toBe(
      text.split(/\r\n|\r|\n/).join(''),
    );
  });
});
