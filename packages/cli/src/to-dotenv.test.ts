import { isCiKitError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { toDotenv } from './to-dotenv.ts';

describe('toDotenv', () => {
  it('writes one quoted NAME=value line per entry', () => {
    expect(
      toDotenv([
        { name: 'A', value: 'plain' },
        { name: 'B', value: "it's" },
      ]),
    ).toBe(`A='plain'\nB="it's"\n`);
  });

  it('refuses a value outside the portable subset in one line that names --export dotenv', () => {
    let thrown: unknown;
    try {
      toDotenv([{ name: 'A', value: `both ' and "` }]);
    } catch (error) {
      thrown = error;
    }
    expect(isCiKitError(thrown)).toBe(true);
    expect(String((thrown as Error).message)).not.toContain('\n');
    expect(`${(thrown as Error).message} ${(thrown as { hint?: string }).hint ?? ''}`).toContain(
      '--export dotenv',
    );
  });
});
