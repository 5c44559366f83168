import { describeError, errorCode } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { runWithSession, type ToolRun } from './run-with-session.ts';

/** The AWS Toolkit's input names (the naming style an Azure Pipelines adapter says). */
const TOOLKIT_NAMES = { inputNaming: 'toolkit' };

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAUNITTESTKEY00002', AWS_SECRET_ACCESS_KEY: 'unit/secret+key2' };
type ExecHandler = NonNullable<NonNullable<Parameters<typeof recordingRuntime>[0]>['exec']>;

const runtime = (exec: ExecHandler) =>
  recordingRuntime({
    rules: TOOLKIT_NAMES,
    inputs: { regionName: 'eu-west-1', verifyIdentity: 'false' },
    env: KEYS,
    exec,
  });

const RUN: ToolRun = {
  command: 'tool',
  args: ['a', 'b'],
  failOnStandardError: { name: 'fail-on-standard-error', styles: { toolkit: 'failOnStandardError' } },
  words: {
    subject: 'The tool',
    exit: { code: 'ToolFailed', hint: 'See above.' },
    stderr: {
      code: 'ToolWroteToStderr',
      message: 'The tool wrote to standard error.',
      hint: (name) => `Or set \`${name}\` to false.`,
    },
  },
};

async function failureOf(rt: ReturnType<typeof runtime>): Promise<unknown> {
  return runWithSession(rt, RUN).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('runWithSession', () => {
  it('hands the session to the tool in its own environment, masked first', async () => {
    const rt = runtime(async () => ({ code: 0, stdout: '', stderr: '' }));
    await runWithSession(rt, { ...RUN, failOnStandardError: false });
    const [call] = rt.execs;
    expect(call?.command).toBe('tool');
    expect(call?.args).toEqual(['a', 'b']);
    expect(call?.options?.env).toMatchObject({
      ...KEYS,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(rt.masked).toContain(KEYS.AWS_SECRET_ACCESS_KEY);
    expect(rt.variables.size).toBe(0);
  });

  it('a non-zero exit is one line with its own code', async () => {
    const error = await failureOf(runtime(async () => ({ code: 3, stdout: '', stderr: '' })));
    expect(errorCode(error)).toBe('ToolFailed');
    expect(describeError(error)).toContain('The tool exited with code 3.');
  });

  it('standard error fails only when asked, and the hint names the input on this CI', async () => {
    const noisy: ExecHandler = async () => ({ code: 0, stdout: '', stderr: 'warning\n' });
    await runWithSession(runtime(noisy), { ...RUN, failOnStandardError: false });
    const error = await failureOf(runtime(noisy));
    expect(errorCode(error)).toBe('ToolWroteToStderr');
    expect(describeError(error)).toContain('`failOnStandardError`');
  });
});
