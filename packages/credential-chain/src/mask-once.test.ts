import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { maskOnce } from './mask-once.ts';

describe('maskOnce', () => {
  it('registers each secret once per runtime, skipping empty values', () => {
    const a = recordingRuntime({});
    maskOnce(a, 'one', undefined, '', 'two');
    maskOnce(a, 'two', 'one', 'three');
    expect(a.masks).toEqual(['one', 'two', 'three']);
    const b = recordingRuntime({});
    maskOnce(b, 'one');
    expect(b.masks).toEqual(['one']);
  });
});
