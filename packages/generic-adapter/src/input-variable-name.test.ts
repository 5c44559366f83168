import { describe, expect, it } from 'vitest';
import { inputVariableName } from './input-variable-name.ts';

describe('inputVariableName', () => {
  it('is AWS_CI_KIT_ and the input in upper case, every other character as _', () => {
    expect(inputVariableName('role-to-assume')).toBe('AWS_CI_KIT_ROLE_TO_ASSUME');
    expect(inputVariableName('aws-region')).toBe('AWS_CI_KIT_AWS_REGION');
    expect(inputVariableName('names.list/2')).toBe('AWS_CI_KIT_NAMES_LIST_2');
  });
});
