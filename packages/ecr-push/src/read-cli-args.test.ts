import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readCliArgInputs } from './read-cli-args.ts';

const refusal = (inputs: Record<string, string>, names = {}) => {
  try {
    readCliArgInputs(recordingRuntime({ ...names, inputs }));
  } catch (error) {
    return describeError(error);
  }
  return 'accepted';
};

describe('readCliArgInputs', () => {
  it('reads each value a container CLI may receive, lists one item per line', () => {
    const rt = recordingRuntime({
      inputs: {
        image: 'web:1',
        context: 'app',
        'build-args': 'A=1,2\nB',
        labels: 'x=y',
        'source-image-tag': 'v1',
      },
    });
    expect(readCliArgInputs(rt)).toEqual({
      image: 'web:1',
      context: 'app',
      dockerfile: undefined,
      target: undefined,
      platform: undefined,
      sourceImageTag: 'v1',
      sourceImageId: undefined,
      buildArgs: ['A=1,2', 'B'],
      labels: ['x=y'],
    });
  });

  it('refuses a value a CLI would read as an option, named as the CI names it', () => {
    expect(refusal({ target: '--output=/tmp/x' })).toBe(
      'Input `target` starts with "-" ("--output=/tmp/x"), so a container CLI would read it as an option. Fix: Set `target` to an image name, path or value that does not start with "-" (write ./-name for a path).',
    );
    expect(refusal({ sourceImageId: '-q' }, AZURE_NAMES)).toMatch(/^Input `sourceImageId` starts with "-"/);
  });

  it('refuses a list item, or a comma-separated piece of one, that starts with "-"', () => {
    expect(refusal({ 'build-args': 'A=1, --push' })).toBe(
      'Input `build-args` lists "--push", which a container CLI would read as an option. Fix: Remove the leading "-" from the items of `build-args`.',
    );
    expect(refusal({ 'build-args': 'A=-1' })).toBe('accepted');
  });

  it('reports the first bad value in a fixed order', () => {
    expect(refusal({ labels: '-l', image: '-i', context: '-c' })).toMatch(/^Input `image` /);
  });
});
