import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * azure-pipelines-task-lib reads inputs, endpoints and task variables from the environment when it is
 * imported, so the agent's environment is set first and the runtime imported after (this file runs in
 * its own module registry). Output is captured from process.stdout, where the agent reads it.
 */
const agentTemp = mkdtempSync(join(tmpdir(), 'azdo-runtime-'));
const ENV: Record<string, string> = {
  AGENT_TEMPDIRECTORY: agentTemp,
  AGENT_TOOLSDIRECTORY: '/agent/_work/_tool',
  AGENT_VERSION: '4.255.0',
  INPUT_REGIONNAME: '  eu-west-1  ',
  INPUT_EMPTY: '   ',
  // The agent roots filePath inputs at the sources directory: an empty one arrives as the directory.
  BUILD_SOURCESDIRECTORY: '/agent/_work/1/s',
  INPUT_DOCKERFILE: '/agent/_work/1/s',
  INPUT_WEBIDENTITYTOKENFILE: '/agent/_work/1/s/',
  INPUT_BUILDCONTEXT: '/agent/_work/1/s/app',
  ENDPOINT_URL_conn1: 'https://sts.amazonaws.com/',
  ENDPOINT_AUTH_conn1: JSON.stringify({
    parameters: { username: 'AKIAUSER', password: 'pw' },
    scheme: 'UsernamePassword',
  }),
  ENDPOINT_DATA_conn1_REGION: 'eu-central-1',
  VSTS_TASKVARIABLE_LEGACY: 'written by someone else',
  VSTS_TASKVARIABLE_ENCODED: JSON.stringify('  padded\n'),
  BUILD_REPOSITORY_NAME: 'contoso/app',
  MY_VARIABLE: 'value',
  SECRET_NUGET_TOKEN: 'nuget-secret-value',
};
const saved = { ...process.env };
Object.assign(process.env, ENV);

let runtime: import('@aws-ci-kit/core').CiRuntime;
let output: string[];

beforeAll(async () => {
  const { createAzureRuntime } = await import('./azure-runtime.ts');
  runtime = createAzureRuntime();
});

afterAll(() => {
  process.env = saved;
  rmSync(agentTemp, { recursive: true, force: true });
});

function capture<T>(fn: () => T): T {
  output = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}

describe('createAzureRuntime', () => {
  it('reads trimmed inputs; blank is unset', () => {
    expect(runtime.ci).toBe('azure-pipelines');
    expect(capture(() => runtime.input('regionName'))).toBe('eu-west-1');
    expect(capture(() => runtime.input('empty'))).toBeUndefined();
    expect(capture(() => runtime.input('missing'))).toBeUndefined();
  });

  it('a file path input the agent rooted from empty (the sources directory itself) is unset', () => {
    expect(capture(() => runtime.input('dockerfile'))).toBeUndefined();
    expect(capture(() => runtime.input('webIdentityTokenFile'))).toBeUndefined();
    expect(capture(() => runtime.input('buildContext'))).toBe('/agent/_work/1/s/app');
  });

  it('types a service connection; an unknown one is undefined', () => {
    expect(capture(() => runtime.endpoint?.('conn1'))).toEqual({
      id: 'conn1',
      url: 'https://sts.amazonaws.com/',
      scheme: 'UsernamePassword',
      auth: { username: 'AKIAUSER', password: 'pw' },
      data: { region: 'eu-central-1' },
    });
    expect(capture(() => runtime.endpoint?.('nope'))).toBeUndefined();
  });

  it('the task library took the endpoint secret out of the environment', () => {
    expect(process.env.ENDPOINT_AUTH_conn1).toBeUndefined();
    expect(JSON.stringify(runtime.environment())).not.toContain('"pw"');
  });

  it('state round-trips exactly though the task library trims; a foreign value is read as is', () => {
    expect(capture(() => runtime.state.get('encoded'))).toBe('  padded\n');
    expect(capture(() => runtime.state.get('legacy'))).toBe('written by someone else');
    expect(capture(() => runtime.state.get('missing'))).toBeUndefined();
    capture(() => runtime.state.save('key', ' a\nb '));
    expect(output.join('')).toContain('##vso[task.settaskvariable variable=key;issecret=false;]" a\\nb "');
  });

  it('isMasked: a secret variable of the pipeline, or a value masked in this task; not a plain variable', () => {
    expect(runtime.isMasked?.('nuget-secret-value')).toBe(true);
    expect(runtime.isMasked?.('value')).toBe(false);
    expect(runtime.isMasked?.('masked-here')).toBe(false);
    capture(() => runtime.mask('masked-here'));
    expect(runtime.isMasked?.('masked-here')).toBe(true);
  });

  it('variables and the run context come from the agent', () => {
    expect(capture(() => runtime.variable('MY_VARIABLE'))).toBe('value');
    expect(runtime.context.repository).toBe('contoso/app');
    expect(runtime.isDebug).toBe(false);
    expect(runtime.tempDir).toBe(agentTemp);
    expect(runtime.cacheDir).toBe('/agent/_work/_tool');
  });

  it('a summary goes to a new file each time, uploaded by command', async () => {
    output = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
    try {
      await runtime.summary('one');
      await runtime.summary('two');
    } finally {
      spy.mockRestore();
    }
    const files = output
      .filter((line) => line.startsWith('##vso[task.uploadsummary]'))
      .map((line) => line.slice('##vso[task.uploadsummary]'.length).trim());
    expect(files).toHaveLength(2);
    expect(files.map((file) => readFileSync(file, 'utf8'))).toEqual(['one', 'two']);
  });
});

describe('reading inputs and variables with System.Debug on', () => {
  it('prints no value, where the task library would print name=value', () => {
    const printed = capture(() => {
      runtime.input('regionName');
      runtime.variable('MY_VARIABLE');
      return output.join('');
    });
    expect(printed).not.toContain('eu-west-1');
    expect(printed).not.toContain('value');
  });
});

describe('fail', () => {
  const saved = process.exitCode;
  afterAll(() => {
    process.exitCode = saved;
  });

  it('one error issue carrying the stable code, then task.complete Failed', async () => {
    const { CiKitError } = await import('@aws-ci-kit/core');
    const printed = capture(() => {
      runtime.fail(
        new CiKitError('aws', 'AWS said 50%; see ]here', { code: 'Throttled', hint: 'Retry later.' }),
      );
      return output.join('');
    });
    const commands = printed.split('\n').filter((line) => line.startsWith('##vso['));
    expect(commands).toEqual([
      '##vso[task.issue type=error;source=TaskInternal;code=Throttled;]AWS said 50%AZP25; see ]here Fix: Retry later.',
      '##vso[task.complete result=Failed;]AWS said 50%AZP25; see ]here Fix: Retry later.',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('an unexpected error is `Internal`; its stack only as debug', () => {
    const printed = capture(() => {
      runtime.fail(new TypeError('x is undefined'));
      return output.join('');
    });
    const lines = printed.split('\n');
    expect(lines.filter((line) => line.includes('task.issue'))).toEqual([
      '##vso[task.issue type=error;source=TaskInternal;code=Internal;]TypeError: x is undefined',
    ]);
    expect(
      lines.filter((line) => / at /.test(line)).every((line) => line.startsWith('##vso[task.debug]')),
    ).toBe(true);
  });
});
