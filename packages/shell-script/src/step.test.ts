import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { shellScriptStep } from './step.ts';

type ExecHandler = NonNullable<NonNullable<Parameters<typeof recordingRuntime>[0]>['exec']>;
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAUNITTESTKEY00001', AWS_SECRET_ACCESS_KEY: 'unit/secret+key' };

function runtime(inputs: Record<string, string>, exec: ExecHandler, variables: Record<string, string> = {}) {
  return recordingRuntime({
    ...AZURE_NAMES,
    // Keys from the environment; no STS call in a unit test.
    inputs: { regionName: 'eu-central-1', verifyIdentity: 'false', ...inputs },
    env: KEYS,
    variables,
    exec,
  });
}

const ok: ExecHandler = async () => ({ code: 0, stdout: '', stderr: '' });

describe('AwsCiKitShellScript', () => {
  it('runs the inline script with bash, credentials in its own environment only, masked first', async () => {
    let script = '';
    const rt = runtime(
      { scriptType: 'inline', inlineScript: 'echo hi', arguments: `a 'b c'` },
      async (_c, args) => {
        script = readFileSync(args[0] as string, 'utf8');
        return { code: 0, stdout: 'hi\n', stderr: '' };
      },
    );
    await shellScriptStep(rt);
    expect(rt.failures).toEqual([]);
    const [call] = rt.execs;
    expect(call?.command).toBe('bash');
    expect(call?.args.slice(1)).toEqual(['a', 'b c']);
    expect(script).toBe('echo hi');
    expect(call?.options).toMatchObject({
      passCommands: true,
      env: { ...KEYS, AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-central-1' },
    });
    // Nothing for later steps; the secret was masked before the script ran.
    expect(rt.variables.size).toBe(0);
    expect(rt.masked.has(KEYS.AWS_SECRET_ACCESS_KEY)).toBe(true);
    expect(rt.unmaskedUses(KEYS.AWS_SECRET_ACCESS_KEY)).toEqual([]);
  });

  it('a script file runs in System.DefaultWorkingDirectory, or workingDirectory with disableAutoCwd', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shell-unit-'));
    await writeFile(join(dir, 's.sh'), 'true\n');
    const auto = runtime({ filePath: join(dir, 's.sh') }, ok, { 'System.DefaultWorkingDirectory': dir });
    await shellScriptStep(auto);
    expect(auto.execs[0]?.options.cwd).toBe(dir);
    const fixed = runtime(
      { filePath: join(dir, 's.sh'), disableAutoCwd: 'true', workingDirectory: join(dir, 'w') },
      ok,
    );
    await shellScriptStep(fixed);
    expect(fixed.execs[0]?.options.cwd).toBe(join(dir, 'w'));
  });

  it('fails in one line: missing script, bad scriptType, non-zero exit, stderr with failOnStandardError', async () => {
    const failure = async (inputs: Record<string, string>, exec: ExecHandler = ok) =>
      shellScriptStep(runtime(inputs, exec)).then(
        () => 'no failure',
        (e: unknown) => describeError(e),
      );
    expect(await failure({ filePath: '/nope/s.sh' })).toMatch(
      /^The script \/nope\/s\.sh does not exist\. Fix: /,
    );
    expect(await failure({ scriptType: 'powershell' })).toBe(
      'Input `scriptType` must be filePath or inline, got "powershell". Fix: Set `scriptType` to filePath or inline.',
    );
    const exit3: ExecHandler = async () => ({ code: 3, stdout: '', stderr: '' });
    expect(await failure({ scriptType: 'inline', inlineScript: 'exit 3' }, exit3)).toBe(
      'The script exited with code 3. Fix: See the script output above.',
    );
    const noisy: ExecHandler = async () => ({ code: 0, stdout: '', stderr: 'warning\n' });
    expect(
      await failure({ scriptType: 'inline', inlineScript: 'x', failOnStandardError: 'true' }, noisy),
    ).toMatch(/^The script wrote to standard error\. Fix: /);
    expect(await failure({ scriptType: 'inline', inlineScript: 'x' }, noisy)).toBe('no failure');
  });
});

describe('task.json', () => {
  it("takes AWSShellScript@1's inputs, and runs on Node20_1 and Node24", () => {
    const task = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'task.json'), 'utf8'));
    expect(task.name).toBe('AwsCiKitShellScript');
    expect(task.inputs.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining([
        'awsCredentials',
        'regionName',
        'arguments',
        'scriptType',
        'filePath',
        'inlineScript',
        'disableAutoCwd',
        'workingDirectory',
        'failOnStandardError',
      ]),
    );
    expect(Object.keys(task.execution)).toEqual(['Node20_1', 'Node24']);
  });
});
