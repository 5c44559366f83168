import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readAwsCliPlan } from './plan.ts';

describe('readAwsCliPlan', () => {
  it('aws <command> [<sub-command>] <arguments>, split as a shell would', () => {
    const plan = readAwsCliPlan(
      recordingRuntime({
        inputs: {
          'aws-command': 's3',
          'aws-sub-command': 'cp',
          'aws-arguments': `"a b.txt" s3://b/k`,
          'fail-on-standard-error': 'true',
        },
      }),
    );
    expect(plan).toEqual({
      title: 'aws s3 cp',
      args: ['s3', 'cp', 'a b.txt', 's3://b/k'],
      failOnStandardError: true,
    });
    expect(readAwsCliPlan(recordingRuntime({ inputs: { 'aws-command': 'sts' } }))).toEqual({
      title: 'aws sts',
      args: ['sts'],
      failOnStandardError: false,
    });
  });

  it('the command is required', () => {
    expect(() => readAwsCliPlan(recordingRuntime({}))).toThrow('Input `aws-command` is required.');
    try {
      readAwsCliPlan(recordingRuntime({}));
    } catch (error) {
      expect(describeError(error)).toBe(
        "Input `aws-command` is required. Fix: Set `aws-command` in the step's inputs.",
      );
    }
  });
});
