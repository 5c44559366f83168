import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { type InputRef, inputDefault, inputName } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS } from '@aws-ci-kit/credential-chain';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS } from './names.ts';

/** The name each CI's users write, as its adapter reads it (its rules' input naming style). */
const githubName = (spec: InputRef) => inputName({ rules: githubRules({}) }, spec);
const azureName = (spec: InputRef) => inputName({ rules: azurePipelinesRules(() => undefined) }, spec);

const root = join(import.meta.dirname, '..');
const actionYml = readFileSync(join(root, 'action.yml'), 'utf8');
const taskJson = JSON.parse(readFileSync(join(root, 'task.json'), 'utf8')) as {
  inputs: { name: string; type: string; defaultValue?: string }[];
  outputVariables: { name: string }[];
  execution: Record<string, { target: string }>;
  postjobexecution: Record<string, { target: string }>;
};

/** Top-level keys of a block (`inputs:` / `outputs:`) of action.yml. */
function yamlKeys(block: 'inputs' | 'outputs'): string[] {
  return Object.keys((parse(actionYml) as Record<string, Record<string, unknown>>)[block] ?? {});
}

/** Inputs only Azure Pipelines has (ECRPushImage's image identity and output variable). */
const AZURE_ONLY = new Set(['imageSource', 'sourceImageTag', 'sourceImageId', 'outputVariable']);

describe('action.yml', () => {
  const declared = new Set(yamlKeys('inputs'));

  it('declares every step input under its GitHub name, and nothing unknown', () => {
    const expected = Object.entries(INPUTS)
      .filter(([key]) => !AZURE_ONLY.has(key))
      .map(([, spec]) => githubName(spec));
    const credentials = Object.values(CREDENTIAL_INPUTS)
      .map((spec) => githubName(spec))
      .filter((name) => name !== 'aws-credentials'); // GitHub has no service connections
    expect([...declared].sort()).toEqual([...new Set([...expected, ...credentials])].sort());
  });

  it('declares the outputs and runs main and post from the GitHub bundle', () => {
    expect(yamlKeys('outputs').sort()).toEqual(
      Object.values(OUTPUTS)
        .filter((o) => typeof o === 'object')
        .map((o) => githubName(o))
        .sort(),
    );
    expect(actionYml).toMatch(/using: node24\n {2}main: dist\/github\.js\n {2}post: dist\/github\.js/);
  });
});

describe('task.json', () => {
  const names = taskJson.inputs.map((i) => i.name);

  it('declares every step input under its Azure name (ECRPushImage names included) and the credential inputs', () => {
    for (const spec of Object.values(INPUTS)) expect(names).toContain(azureName(spec));
    for (const name of [
      'imageSource',
      'sourceImageName',
      'sourceImageTag',
      'repositoryName',
      'pushTag',
      'autoCreateRepository',
      'forceDockerNamingConventions',
      'outputVariable',
    ]) {
      expect(names).toContain(name);
    }
    expect(taskJson.inputs.find((i) => i.name === 'awsCredentials')?.type).toBe('connectedService:AWS');
    const credentials = Object.values(CREDENTIAL_INPUTS).flatMap((spec) => [
      azureName(spec),
      ...('aliases' in spec ? spec.aliases : []),
    ]);
    const known = new Set([...Object.values(INPUTS).map((s) => azureName(s)), ...credentials]);
    for (const name of names) expect(known.has(name as never), name).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps ECRPushImage defaults', () => {
    const byName = Object.fromEntries(taskJson.inputs.map((i) => [i.name, i]));
    expect(byName.imageSource?.defaultValue).toBe('imagename');
    expect(byName.autoCreateRepository?.defaultValue).toBe('false');
    expect(byName.forceDockerNamingConventions?.defaultValue).toBe('false');
  });

  it('has Azure output variable names without hyphens and runs main and post-job from the Azure bundle', () => {
    for (const o of taskJson.outputVariables) expect(o.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(taskJson.outputVariables.map((o) => o.name).sort()).toEqual(
      Object.values(OUTPUTS)
        .filter((o) => typeof o === 'object')
        .map((o) => azureName(o))
        .sort(),
    );
    for (const runner of [taskJson.execution, taskJson.postjobexecution]) {
      expect(Object.keys(runner).sort()).toEqual(['Node20_1', 'Node24']);
      for (const handler of Object.values(runner)) expect(handler.target).toBe('dist/azure.js');
    }
  });
});

describe('defaults', () => {
  it("each input spec's default is the one action.yml and task.json declare (the plan reads it from the spec)", () => {
    const actionInputs = (parse(actionYml) as { inputs: Record<string, { default?: unknown }> }).inputs;
    const taskDefaults = new Map(taskJson.inputs.map((i) => [i.name, i.defaultValue]));
    const azureDefault = (spec: InputRef) =>
      inputDefault({ rules: azurePipelinesRules(() => undefined) }, spec);
    const githubDefault = (spec: InputRef) => inputDefault({ rules: githubRules({}) }, spec);
    const checked: string[] = [];
    for (const [key, spec] of Object.entries(INPUTS)) {
      if (githubDefault(spec) === undefined && azureDefault(spec) === undefined) continue;
      checked.push(key);
      const declared = actionInputs[githubName(spec)]?.default;
      if (!AZURE_ONLY.has(key))
        expect(declared === undefined ? undefined : String(declared), key).toBe(githubDefault(spec));
      expect(taskDefaults.get(azureName(spec)), key).toBe(azureDefault(spec));
    }
    expect(checked).toContain('pushMode');
    expect(checked).toContain('encryptionType');
  });
});
