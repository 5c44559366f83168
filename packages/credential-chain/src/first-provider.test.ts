import { CiKitError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { firstProvider } from './first-provider.ts';

const pass = (name: string) => async (): Promise<string> => {
  throw new CiKitError('credentials', `no ${name}`, { code: 'SourceNotConfigured', tryNextLink: true });
};

describe('firstProvider', () => {
  it('skips providers that pass and answers with the first that answers', async () => {
    const asked: string[] = [];
    const value = await firstProvider(
      pass('a'),
      async () => {
        asked.push('b');
        return 'b';
      },
      async () => {
        asked.push('c');
        return 'c';
      },
    )();
    expect(value).toBe('b');
    expect(asked).toEqual(['b']);
  });

  it('stops at a failure that is not a pass', async () => {
    const broken = new CiKitError('configuration', 'broken', { code: 'VariableMissing' });
    let later = false;
    const chained = firstProvider(
      pass('a'),
      async () => {
        throw broken;
      },
      async () => {
        later = true;
        return 'c';
      },
    );
    await expect(chained()).rejects.toBe(broken);
    expect(later).toBe(false);
  });

  it("throws the last provider's error when every provider passes", async () => {
    await expect(firstProvider(pass('a'), pass('b'))()).rejects.toThrow('no b');
  });
});
