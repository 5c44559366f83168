import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { type InputRef, inputName } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS } from '@aws-ci-kit/credential-chain';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OUTPUTS, STEP_INPUTS } from './names.ts';

/** The name each CI's users write, as its adapter reads it (its rules' input naming style). */
const githubName = (spec: InputRef) => inputName({ rules: githubRules({}) }, spec);
const azureName = (spec: InputRef) => inputName({ rules: azurePipelinesRules(() => undefined) }, spec);

const dir = join(import.meta.dirname, '..');
const actionYml = readFileSync(join(dir, 'action.yml'), 'utf8');
const task = JSON.parse(readFileSync(join(dir, 'task.json'), 'utf8')) as {
  id: string;
  name: string;
  friendlyName: string;
  inputs: Array<{ name: string; type: string; label: string; groupName?: string }>;
  groups: Array<{ name: string }>;
  outputVariables: Array<{ name: string }>;
  execution: Record<string, { target: string }>;
  postjobexecution: Record<string, { target: string }>;
};

/** Top-level keys of a two-space-indented YAML block (`inputs:`, `outputs:`). */
function yamlKeys(block: 'inputs' | 'outputs'): string[] {
  return Object.keys((parse(actionYml) as Record<string, Record<string, unknown>>)[block] ?? {});
}

const CONFIGURE_AWS_CREDENTIALS_INPUTS = [
  'aws-region',
  'role-to-assume',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'role-external-id',
  'role-session-name',
  'role-duration-seconds',
  'role-chaining',
  'audience',
  'web-identity-token-file',
  'output-credentials',
  'mask-aws-account-id',
  'unset-current-credentials',
  'allowed-account-ids',
  'role-skip-session-tagging',
  'custom-tags',
  'inline-session-policy',
  'managed-session-policies',
  'retry-max-attempts',
  'http-proxy',
  'no-proxy',
];

describe('action.yml', () => {
  it("accepts configure-aws-credentials' input names and declares every input the step reads", () => {
    const inputs = yamlKeys('inputs');
    expect(inputs).toEqual(expect.arrayContaining(CONFIGURE_AWS_CREDENTIALS_INPUTS));
    const read = [...Object.values(CREDENTIAL_INPUTS), ...Object.values(STEP_INPUTS)]
      .map((spec) => githubName(spec))
      .filter((name) => name !== 'aws-credentials');
    expect([...inputs].sort()).toEqual([...read].sort());
  });

  it('declares the outputs and runs main and post on node24', () => {
    expect(yamlKeys('outputs').sort()).toEqual(
      Object.values(OUTPUTS)
        .map((o) => githubName(o))
        .sort(),
    );
    expect(actionYml).toMatch(
      /\nruns:\n {2}using: node24\n {2}main: dist\/github\.js\n {2}post: dist\/github\.js\n/,
    );
  });
});

describe('task.json', () => {
  it('has the shape tasks.schema.json asks for', () => {
    expect(task.id).toMatch(/^[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/);
    expect(task.name).toMatch(/^[A-Za-z0-9-]+$/);
    expect(task.friendlyName.length).toBeLessThanOrEqual(40);
    const groups = new Set(task.groups.map((g) => g.name));
    for (const input of task.inputs) {
      expect(input.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(input.label).not.toBe('');
      expect(input.type).toMatch(
        /^(boolean|filePath|multiLine|pickList|radio|secureFile|string|connectedService:.+)$/,
      );
      if (input.groupName) expect(groups.has(input.groupName)).toBe(true);
    }
    for (const output of task.outputVariables) expect(output.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('takes the AWS Toolkit connection and region, and runs on Node20_1 and Node24 with a post-job step', () => {
    expect(task.inputs.find((i) => i.name === 'awsCredentials')?.type).toBe('connectedService:AWS');
    expect(task.inputs.find((i) => i.name === 'regionName')?.type).toBe('string');
    const read = [...Object.values(CREDENTIAL_INPUTS), ...Object.values(STEP_INPUTS)]
      .flatMap((spec) => [azureName(spec), ...('aliases' in spec ? spec.aliases : [])])
      .filter((name) => name !== 'audience');
    expect(task.inputs.map((i) => i.name).sort()).toEqual([...read].sort());
    expect(task.outputVariables.map((o) => o.name).sort()).toEqual(
      Object.values(OUTPUTS)
        .map((o) => azureName(o))
        .sort(),
    );
    for (const handler of ['Node20_1', 'Node24']) {
      expect(task.execution[handler]?.target).toBe('dist/azure.js');
      expect(task.postjobexecution[handler]?.target).toBe('dist/azure.js');
    }
  });
});
