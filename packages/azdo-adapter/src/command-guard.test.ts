import { describe, expect, it } from 'vitest';
import { guardCommands, guardTitle } from './command-guard.ts';

const ZWSP = '\u200b';

describe('guardCommands (Azure Pipelines)', () => {
  it('leaves text without ## commands alone', () => {
    for (const text of ['plain', '::set-env name=A::b', '# heading', '##', 'a ## b [c]']) {
      expect(guardCommands(text)).toBe(text);
    }
  });

  it('breaks every ##vso[ and ##[ anywhere, in any case, keeping the text readable', () => {
    const text = 'a ##vso[task.setvariable variable=A]b\n##[group]g ##VSO[task.setsecret]x ##Vso[y]';
    const guarded = guardCommands(text);
    expect(guarded).not.toMatch(/##vso\[|##\[/i);
    expect(guarded.replaceAll(ZWSP, '')).toBe(text);
  });

  it('a title stays on one line and carries no command', () => {
    expect(guardTitle('deploy\r\n##vso[task.complete result=Failed]x\nnext')).toBe(
      `deploy ##${ZWSP}vso[task.complete result=Failed]x next`,
    );
  });
});
