import { describe, expect, it } from 'vitest';
import { notConfigured } from './chain-context.ts';

describe('notConfigured', () => {
  it('tells the chain to try the next source', () => {
    const error = notConfigured('step inputs');
    expect([error.message, error.code, error.tryNextLink]).toEqual([
      'No credentials from step inputs.',
      'SourceNotConfigured',
      true,
    ]);
  });
});
