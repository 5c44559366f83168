import { describe, expect, it } from 'vitest';
import type { FlagSpec } from './commands.ts';
import { parseFlags } from './parse-flags.ts';

const FLAGS: FlagSpec[] = [
  { name: 'role-chaining', description: '', boolean: true },
  { name: 'debug', description: '', boolean: true },
  { name: 'help', description: '', boolean: true },
  { name: 'names', description: '' },
];

describe('parseFlags', () => {
  it('a boolean flag works bare, as =true/=false and followed by true/false', () => {
    expect(parseFlags('x', ['--role-chaining'], FLAGS).values['role-chaining']).toBe('true');
    expect(parseFlags('x', ['--role-chaining=false'], FLAGS).values['role-chaining']).toBe('false');
    expect(parseFlags('x', ['--role-chaining=TRUE'], FLAGS).values['role-chaining']).toBe('true');
    const spaced = parseFlags('x', ['--role-chaining', 'false', '--names', 'a'], FLAGS);
    expect(spaced.values).toEqual({ 'role-chaining': 'false', names: 'a' });
    expect(parseFlags('x', ['--debug', '--names', 'a'], FLAGS).switches.has('debug')).toBe(true);
    expect(parseFlags('x', ['--debug=false'], FLAGS).switches.has('debug')).toBe(false);
  });

  it('-h is --help', () => {
    expect(parseFlags('x', ['--names', 'a', '-h'], FLAGS).switches.has('help')).toBe(true);
  });

  it('a flag given twice keeps both values, one per line', () => {
    expect(parseFlags('x', ['--names', 'a', '--names=b'], FLAGS).values.names).toBe('a\nb');
  });

  it('refuses a boolean that is neither true nor false, in one line', () => {
    expect(() => parseFlags('x', ['--role-chaining=yes'], FLAGS)).toThrow(
      'aws-ci-kit x: --role-chaining is true or false, got "yes"; write --role-chaining, --role-chaining=true or --role-chaining=false.',
    );
  });
});
