import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readShellScriptPlan } from './plan.ts';

const plan = (inputs: Record<string, string>, variables: Record<string, string> = {}) =>
  readShellScriptPlan(recordingRuntime({ inputs, variables }));

describe('readShellScriptPlan', () => {
  it('a script file (the default type) that exists, in the default working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shell-plan-'));
    await writeFile(join(dir, 's.sh'), 'true\n');
    expect(
      await plan(
        { 'file-path': join(dir, 's.sh'), arguments: `a 'b c'` },
        { 'System.DefaultWorkingDirectory': dir },
      ),
    ).toEqual({
      script: { kind: 'filePath', path: join(dir, 's.sh') },
      args: ['a', 'b c'],
      cwd: dir,
      failOnStandardError: false,
    });
  });

  it('an inline script, in the working directory when disable-auto-cwd', async () => {
    expect(
      await plan({
        'script-type': 'inline',
        'inline-script': 'echo hi',
        'disable-auto-cwd': 'true',
        'working-directory': '/w',
        'fail-on-standard-error': 'true',
      }),
    ).toEqual({
      script: { kind: 'inline', text: 'echo hi' },
      args: [],
      cwd: '/w',
      failOnStandardError: true,
    });
  });

  it('refuses an unknown type, a missing file and a missing inline script', async () => {
    const failure = (inputs: Record<string, string>) => plan(inputs).then(() => 'no failure', describeError);
    expect(await failure({ 'script-type': 'Inline' })).toBe(
      'Input `script-type` must be filePath or inline, got "Inline". Fix: Set `script-type` to filePath or inline.',
    );
    expect(await failure({ 'file-path': '/nope/s.sh' })).toBe(
      'The script /nope/s.sh does not exist. Fix: Check `file-path` (relative paths start at the working directory).',
    );
    expect(await failure({ 'script-type': 'inline' })).toBe(
      "Input `inline-script` is required. Fix: Set `inline-script` in the step's inputs.",
    );
  });
});
