import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { awsCliStep } from './step.ts';

type ExecHandler = NonNullable<NonNullable<Parameters<typeof recordingRuntime>[0]>['exec']>;
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAUNITTESTKEY00001', AWS_SECRET_ACCESS_KEY: 'unit/secret+key' };

function runtime(inputs: Record<string, string>, exec: ExecHandler) {
  return recordingRuntime({
    ...AZURE_NAMES,
    inputs: { regionName: 'eu-central-1', verifyIdentity: 'false', ...inputs },
    env: KEYS,
    exec,
  });
}
const ok: ExecHandler = async () => ({ code: 0, stdout: '{}', stderr: '' });

describe('AwsCiKitCli', () => {
  it('runs aws <command> <subcommand> <arguments> with the credentials in its own environment only', async () => {
    const rt = runtime(
      { awsCommand: 's3', awsSubCommand: 'cp', awsArguments: `"my file.txt" s3://b/k --sse aws:kms` },
      ok,
    );
    await awsCliStep(rt);
    expect(rt.failures).toEqual([]);
    expect(rt.execs[0]?.command).toBe('aws');
    expect(rt.execs[0]?.args).toEqual(['s3', 'cp', 'my file.txt', 's3://b/k', '--sse', 'aws:kms']);
    expect(rt.execs[0]?.options.env).toMatchObject({ ...KEYS, AWS_DEFAULT_REGION: 'eu-central-1' });
    // The CLI's output may hold values read from AWS: it never issues pipeline commands.
    expect(rt.execs[0]?.options.passCommands).toBeUndefined();
    expect(rt.variables.size).toBe(0);
    expect(rt.unmaskedUses(KEYS.AWS_SECRET_ACCESS_KEY)).toEqual([]);
  });

  it('fails in one line: no command, a failing command, stderr with failOnStandardError', async () => {
    const failure = async (inputs: Record<string, string>, exec: ExecHandler = ok) =>
      awsCliStep(runtime(inputs, exec)).then(
        () => 'no failure',
        (e: unknown) => describeError(e),
      );
    expect(await failure({})).toMatch(/^Input `awsCommand` is required\./);
    const exit255: ExecHandler = async () => ({ code: 255, stdout: '', stderr: 'An error occurred' });
    expect(await failure({ awsCommand: 'sts', awsSubCommand: 'get-caller-identity' }, exit255)).toBe(
      'aws sts get-caller-identity exited with code 255. Fix: See the AWS CLI output above.',
    );
    const noisy: ExecHandler = async () => ({ code: 0, stdout: '', stderr: 'deprecated\n' });
    expect(await failure({ awsCommand: 'sts', failOnStandardError: 'true' }, noisy)).toMatch(
      /^The AWS CLI wrote to standard error\. Fix: /,
    );
  });
});

describe('task.json', () => {
  it("takes AWSCLI@1's inputs", () => {
    const task = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'task.json'), 'utf8'));
    expect(task.name).toBe('AwsCiKitCli');
    expect(task.inputs.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining([
        'awsCredentials',
        'regionName',
        'awsCommand',
        'awsSubCommand',
        'awsArguments',
        'failOnStandardError',
      ]),
    );
  });
});
