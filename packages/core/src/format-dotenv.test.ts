import { describe, expect, it } from 'vitest';
import { formatDotenv } from './format-dotenv.ts';

describe('formatDotenv quoting per value', () => {
  it('single-quotes by default and double-quotes a value with a single quote', () => {
    expect(formatDotenv([{ name: 'A', value: 'x $y' }])).toBe("A='x $y'\n");
    expect(formatDotenv([{ name: 'P', value: "pa'ss" }])).toBe('P="pa\'ss"\n');
  });
  it('double-quotes a value with a single quote and a $ that bash keeps as is', () => {
    expect(formatDotenv([{ name: 'P', value: "it's $ 5$'x$" }])).toBe('P="it\'s $ 5$\'x$"\n');
  });
  it.each([
    ["it's $HOME", /a single quote .* and a "\$H" \(bash expands it inside double quotes\)/],
    ["it's $5", /and a "\$5"/],
    ["it's $(id)", /and a "\$\("/],
    ["it's $$", /and a "\$\$"/],
    ["it's $été", /and a "\$é"/],
    ['a\r\nb', /a carriage return/],
    [`$\{X}`, /python-dotenv expands/],
    ["it's \\n", /backslash escape/],
  ])('refuses %j, which no quoting carries', (value, why) => {
    expect(() => formatDotenv([{ name: 'X', value }])).toThrow(why);
  });
});
