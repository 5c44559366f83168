import { CiKitError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { checkToolkitRequest, readToolkitRequest } from './toolkit-inputs.ts';

const read = (inputs: Record<string, string>) => readToolkitRequest(recordingRuntime({ inputs }));
const errorOf = (fn: () => unknown): CiKitError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CiKitError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('readToolkitRequest (the AWS Toolkit task inputs, wherever they are set)', () => {
  it('nothing set: single mode, nothing to read, readMode not set', () => {
    expect(read({})).toEqual({ mode: 'single', readModeSet: false });
  });

  it('single: parameterName with parameterVersion, and singleNameTransform for the name', () => {
    expect(read({ readMode: 'single', parameterName: '/app/db', parameterVersion: '3' })).toEqual({
      mode: 'single',
      readModeSet: true,
      name: '/app/db:3',
      transformInput: 'singleNameTransform',
    });
    // parameterName alone is read as the Toolkit reads it (readMode defaults to single).
    expect(read({ parameterName: 'plain' })).toEqual({
      mode: 'single',
      readModeSet: false,
      name: 'plain',
      transformInput: 'singleNameTransform',
    });
  });

  it('hierarchy: parameterPath as written, hierarchyNameTransform whether or not the path is set', () => {
    expect(read({ readMode: 'hierarchy', parameterPath: 'app/prod', parameterName: '/ignored' })).toEqual({
      mode: 'hierarchy',
      readModeSet: true,
      path: 'app/prod',
      transformInput: 'hierarchyNameTransform',
    });
    expect(read({ readMode: 'hierarchy' })).toEqual({
      mode: 'hierarchy',
      readModeSet: true,
      transformInput: 'hierarchyNameTransform',
    });
  });

  it('refuses another readMode (case and all) in one line', () => {
    for (const readMode of ['all', 'Single']) {
      const error = errorOf(() => read({ readMode }));
      expect(error.code).toBe('InputInvalid');
      expect(error.message).toBe(
        `Input \`readMode\` must be \`single\` or \`hierarchy\`, got "${readMode}".`,
      );
      expect(error.hint).toBe('Set `readMode` to `single` (parameterName) or `hierarchy` (parameterPath).');
    }
  });

  it('refuses a parameterVersion that is not a version number from 1', () => {
    for (const parameterVersion of ['0', '01', 'live', '-1']) {
      const error = errorOf(() => read({ parameterName: '/a', parameterVersion }));
      expect(error.code).toBe('InputInvalid');
      expect(error.message).toBe(
        `Input \`parameterVersion\` must be a version number from 1, got "${parameterVersion}".`,
      );
      expect(error.hint).toBe(
        'Set `parameterVersion` to a version number, or leave it empty for the latest version.',
      );
    }
  });
});

describe('checkToolkitRequest', () => {
  it('hierarchy without parameterPath needs the step’s own names or paths', () => {
    const hierarchy = read({ readMode: 'hierarchy' });
    const error = errorOf(() => checkToolkitRequest(hierarchy, 0));
    expect(error.code).toBe('InputMissing');
    expect(error.message).toBe('Input `parameterPath` is required when `readMode` is `hierarchy`.');
    expect(error.hint).toBe('Set `parameterPath` to the path of the parameters, e.g. /app/prod.');
    expect(() => checkToolkitRequest(hierarchy, 1)).not.toThrow();
    expect(() => checkToolkitRequest(read({ readMode: 'hierarchy', parameterPath: '/p' }), 0)).not.toThrow();
    expect(() => checkToolkitRequest(read({ readMode: 'single' }), 0)).not.toThrow();
  });
});
