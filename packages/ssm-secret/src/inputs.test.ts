import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { type InputRef, inputDefault, inputName } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS } from '@aws-ci-kit/credential-chain';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS, INPUTS, TOOLKIT_INPUTS } from './inputs.ts';

/** The name each CI's users write, as its adapter reads it (its rules' input naming style). */
const githubName = (spec: InputRef) => inputName({ rules: githubRules({}) }, spec);
const azureName = (spec: InputRef) => inputName({ rules: azurePipelinesRules(() => undefined) }, spec);

const root = join(import.meta.dirname, '..');
const actionYml = readFileSync(join(root, 'action.yml'), 'utf8');
/** `name: default` of action.yml's inputs, as the runner reads them (strings). */
const actionInputs = new Map<string, string | undefined>(
  Object.entries((parse(actionYml) as { inputs: Record<string, { default?: string }> }).inputs).map(
    ([name, input]) => [name, input.default],
  ),
);
const task = JSON.parse(readFileSync(join(root, 'task.json'), 'utf8')) as {
  name: string;
  execution: Record<string, { target: string }>;
  inputs: Array<{ name: string; type: string; defaultValue?: string; options?: Record<string, string> }>;
};
const taskInput = (name: string) => task.inputs.find((i) => i.name === name);

describe('action.yml and task.json', () => {
  it('declare every input the step reads, on each CI', () => {
    for (const spec of Object.values(INPUTS)) {
      expect(actionInputs.has(githubName(spec)), githubName(spec)).toBe(true);
      expect(taskInput(azureName(spec)), azureName(spec)).toBeDefined();
    }
    for (const name of Object.values(TOOLKIT_INPUTS)) expect(taskInput(name), name).toBeDefined();
  });

  it('accept the credentials step inputs', () => {
    for (const key of [
      'region',
      'roleToAssume',
      'roleExternalId',
      'roleSessionName',
      'accessKeyId',
    ] as const) {
      expect(actionInputs.has(githubName(CREDENTIAL_INPUTS[key]))).toBe(true);
      expect(taskInput(azureName(CREDENTIAL_INPUTS[key]))).toBeDefined();
    }
    expect(taskInput('awsCredentials')?.type).toBe('connectedService:AWS');
  });

  it('keep the AWS Toolkit task inputs and defaults', () => {
    expect(taskInput('readMode')).toMatchObject({ defaultValue: 'single' });
    expect(Object.keys(taskInput('readMode')!.options!)).toEqual(['single', 'hierarchy']);
    expect(Object.keys(taskInput('singleNameTransform')!.options!)).toEqual(
      expect.arrayContaining(['none', 'leaf', 'substitute', 'custom']),
    );
    expect(Object.keys(taskInput('hierarchyNameTransform')!.options!)).toEqual(
      expect.arrayContaining(['none', 'leaf', 'substitute']),
    );
    expect(taskInput('recursive')?.defaultValue).toBe(
      inputDefault({ rules: azurePipelinesRules(() => undefined) }, INPUTS.recursive),
    );
    expect(taskInput('singleNameTransform')?.defaultValue).toBe(
      inputDefault({ rules: azurePipelinesRules(() => undefined) }, INPUTS.nameTransform),
    );
    expect(taskInput('globalMatch')?.defaultValue).toBe(String(DEFAULTS.globalMatch));
    expect(taskInput('caseInsensitiveMatch')?.defaultValue).toBe(String(DEFAULTS.caseInsensitiveMatch));
    expect(task.execution.Node20_1?.target).toBe('dist/azure.js');
  });

  it('action.yml defaults are the ones the code uses', () => {
    expect(actionInputs.get('recursive')).toBe(inputDefault({ rules: githubRules({}) }, INPUTS.recursive));
    expect(actionInputs.get('name-transform')).toBe(
      inputDefault({ rules: githubRules({}) }, INPUTS.nameTransform),
    );
    expect(actionInputs.get('with-decryption')).toBe(String(DEFAULTS.withDecryption));
    expect(actionInputs.get('max-concurrency')).toBe(String(DEFAULTS.maxConcurrency));
    expect(actionYml).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/github\.js/);
  });
});
