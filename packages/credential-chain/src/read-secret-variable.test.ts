import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readSecretVariable } from './read-secret-variable.ts';

describe('readSecretVariable', () => {
  it('reads the environment first, then the variable store, masking what it returns', () => {
    const runtime = recordingRuntime({
      env: { A: 'from-env' },
      variables: { A: 'from-store', B: 'store-only' },
    });
    expect(readSecretVariable(runtime, 'A')).toBe('from-env');
    expect(readSecretVariable(runtime, 'B')).toBe('store-only');
    expect(readSecretVariable(runtime, 'C')).toBeUndefined();
    expect(runtime.masks).toEqual(['from-env', 'store-only']);
  });
});
