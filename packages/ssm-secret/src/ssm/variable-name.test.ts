import { describe, expect, it } from 'vitest';
import { isEnvName } from './variable-name.ts';

describe('isEnvName', () => {
  it('accepts what a dotenv file and a shell accept', () => {
    for (const name of ['DB_PASSWORD', '_x', 'a1']) expect(isEnvName(name), name).toBe(true);
    for (const name of ['1A', 'A-B', '/app/x', 'A B', '']) expect(isEnvName(name), name).toBe(false);
  });
});
