import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { CiKitError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readSsmSecretPlan } from './plan.ts';

const github = (inputs: Record<string, string>) => recordingRuntime({ inputs });
const azure = (inputs: Record<string, string>) => recordingRuntime({ ...AZURE_NAMES, inputs });
const errorOf = (fn: () => unknown): CiKitError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CiKitError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('readSsmSecretPlan: the requests', () => {
  it('names then paths, the Toolkit entry first, invalid entries apart, in the order written', () => {
    const plan = readSsmSecretPlan(
      github({ parameterName: '/tk', parameterVersion: '2', names: '/a=A\nbad name', paths: 'p\n/q b' }),
    );
    expect(plan.requests).toEqual([
      { kind: 'name', raw: '/tk:2', name: '/tk', selector: '2', secretsManager: false },
      { kind: 'name', raw: '/a=A', name: '/a', variable: 'A', secretsManager: false },
      { kind: 'path', raw: 'p', path: '/p', recursive: true },
    ]);
    expect(plan.invalid).toEqual([
      { kind: 'invalid', raw: 'bad name', invalid: 'names may only contain a-z, A-Z, 0-9, _ . - /' },
      { kind: 'invalid', raw: '/q b', invalid: 'paths may only contain a-z, A-Z, 0-9, _ . - /' },
    ]);
  });

  it('hierarchy: parameterPath first, recursive per naming style (Toolkit: false, kebab: true)', () => {
    const inputs = { readMode: 'hierarchy', parameterPath: '/app', paths: '/more' };
    expect(readSsmSecretPlan(azure(inputs)).requests).toEqual([
      { kind: 'path', raw: '/app', path: '/app', recursive: false },
      { kind: 'path', raw: '/more', path: '/more', recursive: false },
    ]);
    expect(readSsmSecretPlan(github(inputs)).requests.map((r) => r.kind === 'path' && r.recursive)).toEqual([
      true,
      true,
    ]);
  });

  it('nothing to read: the hint names the Toolkit inputs only when readMode is set', () => {
    const plain = errorOf(() => readSsmSecretPlan(github({})));
    expect([plain.code, plain.message, plain.hint]).toEqual([
      'InputMissing',
      'No parameters to read.',
      'Set `names` or `paths`.',
    ]);
    expect(errorOf(() => readSsmSecretPlan(azure({ readMode: 'single' }))).hint).toBe(
      'Set `parameterName` (readMode single), `parameterPath` (readMode hierarchy), `names` or `paths`.',
    );
    expect(errorOf(() => readSsmSecretPlan(azure({ readMode: 'hierarchy' }))).message).toBe(
      'Input `parameterPath` is required when `readMode` is `hierarchy`.',
    );
  });
});

describe('readSsmSecretPlan: the name transform', () => {
  it('defaults per naming style: env (kebab), none (Toolkit)', () => {
    expect(readSsmSecretPlan(github({ names: '/a' })).transform).toEqual({ steps: ['env'], prefix: '' });
    expect(readSsmSecretPlan(azure({ names: '/a' })).transform).toEqual({ steps: ['none'], prefix: '' });
  });

  it('the Toolkit transform of the read mode applies when the step’s own is unset, and errors name it', () => {
    expect(
      readSsmSecretPlan(azure({ parameterName: '/a', singleNameTransform: 'leaf' })).transform.steps,
    ).toEqual(['leaf']);
    expect(
      readSsmSecretPlan(
        azure({
          readMode: 'hierarchy',
          parameterPath: '/a',
          hierarchyNameTransform: 'leaf',
          nameTransform: 'env',
        }),
      ).transform.steps,
    ).toEqual(['env']);
    expect(
      errorOf(() =>
        readSsmSecretPlan(
          azure({ readMode: 'hierarchy', parameterPath: '/a', hierarchyNameTransform: 'up' }),
        ),
      ).message,
    ).toBe('Input `hierarchyNameTransform` has an unknown name transform "up".');
  });

  it('substitute reads its inputs; set without substitute they are ignored with one warning', () => {
    const plan = readSsmSecretPlan(
      github({
        names: '/a',
        'name-transform': 'substitute',
        'replacement-pattern': '^/',
        'global-match': 'false',
      }),
    );
    expect(plan.transform).toEqual({
      steps: ['substitute'],
      prefix: '',
      pattern: '^/',
      replacement: '',
      globalMatch: false,
      caseInsensitiveMatch: true,
    });
    const runtime = github({ names: '/a', 'replacement-pattern': 'x', 'global-match': 'false' });
    readSsmSecretPlan(runtime);
    expect(runtime.events).toContainEqual({
      kind: 'log',
      level: 'warning',
      message:
        '`replacement-pattern`, `global-match` are ignored: `name-transform` has no `substitute` step.',
    });
  });

  it('custom names exactly one parameter read by name', () => {
    expect(
      readSsmSecretPlan(
        azure({ parameterName: '/a', singleNameTransform: 'custom', customVariableName: 'V' }),
      ).transform,
    ).toEqual({ steps: ['custom'], prefix: '', customName: 'V' });
    const withPath = errorOf(() =>
      readSsmSecretPlan(github({ paths: '/p', 'name-transform': 'custom', 'custom-variable-name': 'V' })),
    );
    expect([withPath.code, withPath.message]).toEqual([
      'InputInvalid',
      'The `custom` name transform names exactly one parameter.',
    ]);
    expect(
      errorOf(() => readSsmSecretPlan(github({ names: '/a', 'name-transform': 'custom' }))).message,
    ).toBe('Input `custom-variable-name` is required for the `custom` name transform.');
  });
});

describe('readSsmSecretPlan: the other inputs', () => {
  it('reads defaults and values once', () => {
    expect(readSsmSecretPlan(github({ names: '/a' }))).toMatchObject({
      withDecryption: true,
      parseJson: false,
      maskAll: false,
      allowMissing: false,
      concurrency: 5,
      allowControlVariables: [],
    });
    const plan = readSsmSecretPlan(
      github({
        names: '/a',
        'with-decryption': 'false',
        'max-concurrency': '12',
        'dotenv-file': 'out.env',
        'allow-control-variables': 'PATH',
      }),
    );
    expect(plan).toMatchObject({
      withDecryption: false,
      concurrency: 12,
      dotenvFile: 'out.env',
      allowControlVariables: ['PATH'],
    });
    expect(errorOf(() => readSsmSecretPlan(github({ names: '/a', 'max-concurrency': '0' }))).code).toBe(
      'InputInvalid',
    );
  });
});
