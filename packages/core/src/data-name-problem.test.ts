import { describe, expect, it } from 'vitest';
import { dataNameProblem } from './data-name-problem.ts';

describe('dataNameProblem', () => {
  it('accepts plain keys and paths', () => {
    for (const name of ['user', 'db-host', 'user.name', '/app/prod/DB_PORT', 'my key', 'ünï']) {
      expect(dataNameProblem(name)).toBeUndefined();
    }
  });
  it('refuses control characters and command syntax', () => {
    expect(dataNameProblem('a\n::set-env name=PWNED::gh')).toBe('it contains a control character');
    expect(dataNameProblem('a::set-env')).toMatch(/"::"/);
    expect(dataNameProblem('##vso[task.setvariable]')).toMatch(/"##"/);
    expect(dataNameProblem('$(whoami)')).toMatch(/"\$"/);
    expect(dataNameProblem('a=b')).toMatch(/"="/);
  });
});
