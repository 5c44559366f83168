import { describe, expect, it } from 'vitest';
import { ANY_CI_LOG_COMMANDS, escapeControls, guardOneLine, guardOutput } from './guard-output.ts';

describe('guardOutput', () => {
  const ZWSP = '\u200b';
  it('breaks every GitHub and Azure command, at a line start after CR or LF, and anywhere', () => {
    for (const text of [
      '::set-env name=A::b',
      'x\n::add-mask::y',
      'x\r::stop-commands::t',
      'x\r\n  ::error::y',
      'a ##vso[task.setvariable variable=A]b',
      '##[group]x',
      'a ##VSO[task.complete result=Succeeded]',
    ]) {
      const out = guardOutput(text, ANY_CI_LOG_COMMANDS);
      for (const line of out.split('\n')) {
        expect(line.trimStart().startsWith('::'), JSON.stringify(line)).toBe(false);
        expect(line).not.toMatch(/##vso\[|##\[/i);
      }
      expect(out.replaceAll(ZWSP, '').replace(/\n/g, '')).toBe(text.replace(/\r\n|\r|\n/g, ''));
    }
  });

  it('shows ESC, NUL and other C0/C1 controls escaped, keeps tab', () => {
    expect(escapeControls('a\u001b[31mb\u0000c\u0085d\u009be\tf\u007f')).toBe(
      'a\\u001b[31mb\\u0000c\\u0085d\\u009be\tf\\u007f',
    );
  });

  it('applies only the syntax the runtime says', () => {
    const github = { atLineStart: ['::'], anywhere: ['##['] };
    const azure = { atLineStart: [], anywhere: ['##vso[', '##['] };
    expect(guardOutput('::x', azure)).toBe('::x');
    expect(guardOutput('##vso[x]', github)).toBe('##vso[x]');
    expect(guardOutput('::x', github)).toBe(`${ZWSP}::x`);
    expect(guardOneLine('a\n::x\r\n##vso[y]', azure)).toBe(`a ::x ##${ZWSP}vso[y]`);
  });
});
