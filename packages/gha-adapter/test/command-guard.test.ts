import { describe, expect, it } from 'vitest';
import { guardCommands } from '../src/command-guard.ts';

function parts(guarded: string) {
  const lines = guarded.split('\n');
  const start = /^::stop-commands::(akit-[0-9a-f-]{36})$/.exec(lines[0] ?? '');
  return { token: start?.[1], first: lines[0], body: lines.slice(1, -1).join('\n'), last: lines.at(-1) };
}

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
    '\u0085::add-mask::x',
    '\u00a0::add-mask::x',
    'text ##[set-output name=A;]b',
    '::SET-OUTPUT name=A::b',
  ])('wraps %j in stop-commands with a fresh random token', (text) => {
    const guarded = guardCommands(text);
    const { token, body, last } = parts(guarded);
    expect(token).toBeDefined();
    expect(body).toBe(text);
    expect(last).toBe(`::${token}::`);
    expect(parts(guardCommands(text)).token).not.toBe(token);
  });
});
