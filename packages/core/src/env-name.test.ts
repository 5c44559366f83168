import { describe, expect, it } from 'vitest';
import { envNameProblem } from './env-name.ts';

describe('envNameProblem', () => {
  it('accepts shell variable names', () => {
    for (const name of ['A', '_', 'aws_region', 'AWS_REGION_2', `A${'B'.repeat(255)}`])
      expect(envNameProblem(name), name).toBeUndefined();
  });

  it('says why a name is refused', () => {
    expect(envNameProblem('')).toBe('empty name');
    expect(envNameProblem('A'.repeat(257))).toBe('longer than 256 characters');
    const chars = 'environment variable names may only contain A-Z, a-z, 0-9, _ and not start with a digit';
    for (const name of ['1A', 'A-B', 'A.B', '/app/db', 'A B', 'Ä', 'A\nB'])
      expect(envNameProblem(name), name).toBe(chars);
  });
});
