import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { fakeSsm } from './ssm/testing/fake-ssm.ts';
import { ssmSecretStep } from './step.ts';

const store = [
  { Name: '/app/prod/DB_HOST', Type: 'String' as const, Value: 'db.internal', Version: 1 },
  { Name: '/app/prod/DB_PASSWORD', Type: 'SecureString' as const, Value: 'old-secret', Version: 1 },
  {
    Name: '/app/prod/DB_PASSWORD',
    Type: 'SecureString' as const,
    Value: 'p@ss\nline2',
    Version: 2,
    Labels: ['live'],
  },
  { Name: '/app/prod/nested/API_URL', Type: 'String' as const, Value: 'https://api', Version: 1 },
  {
    Name: '/app/prod/CREDS',
    Type: 'SecureString' as const,
    Value: '{"user":"admin","pass":"pw-1"}',
    Version: 1,
  },
  { Name: 'plain', Type: 'String' as const, Value: 'no-slash', Version: 1 },
];
const deps = (ssm = fakeSsm(store)) => ({ ssm: async () => ssm });

describe('ssmSecretStep on GitHub', () => {
  it('masks each secret before anything else happens with it, then sets variables and outputs', async () => {
    const runtime = recordingRuntime({ inputs: { names: '/app/prod/DB_PASSWORD\n/app/prod/DB_HOST=HOST' } });
    await ssmSecretStep(runtime, deps());
    expect(runtime.variables.get('APP_PROD_DB_PASSWORD')).toEqual({ value: 'p@ss\nline2', secret: true });
    expect(runtime.variables.get('HOST')).toEqual({ value: 'db.internal', secret: false });
    expect(runtime.outputs.get('HOST')?.value).toBe('db.internal');
    const firstMask = runtime.events.findIndex((e) => e.kind === 'mask' && e.value === 'p@ss\nline2');
    const firstOther = runtime.events.findIndex(
      (e) => e.kind !== 'mask' && JSON.stringify(e).includes('p@ss'),
    );
    expect(firstMask).toBeGreaterThanOrEqual(0);
    expect(firstMask).toBeLessThan(firstOther);
    expect(runtime.masked.has('db.internal')).toBe(false);
    expect(runtime.logText()).not.toContain('p@ss');
  });

  it('reads versions and labels, and a name without a slash with leaf', async () => {
    const runtime = recordingRuntime({
      inputs: {
        names: '/app/prod/DB_PASSWORD:1=OLD\n/app/prod/DB_PASSWORD:live=LIVE\nplain',
        'name-transform': 'leaf',
      },
    });
    const ssm = fakeSsm(store, { omitSelector: true });
    await ssmSecretStep(runtime, deps(ssm));
    expect(runtime.variables.get('OLD')?.value).toBe('old-secret');
    expect(runtime.variables.get('LIVE')?.value).toBe('p@ss\nline2');
    expect(runtime.variables.get('plain')?.value).toBe('no-slash');
    // Two selectors of one name never share a batch, so responses without a selector still map back.
    expect(ssm.calls.filter((c) => c.op === 'GetParameters')).toHaveLength(2);
  });

  it('reads a path recursively by default, every page, with the env transform and a prefix', async () => {
    const runtime = recordingRuntime({ inputs: { paths: 'app/prod', prefix: 'SSM_' } });
    const ssm = fakeSsm(store);
    await ssmSecretStep(runtime, deps(ssm));
    expect([...runtime.variables.keys()].sort()).toEqual([
      'SSM_APP_PROD_CREDS',
      'SSM_APP_PROD_DB_HOST',
      'SSM_APP_PROD_DB_PASSWORD',
      'SSM_APP_PROD_NESTED_API_URL',
    ]);
    expect(ssm.calls.map((c) => c.input.MaxResults)).toEqual([10]);
    expect(ssm.calls[0]?.input).toMatchObject({ Path: '/app/prod', Recursive: true, WithDecryption: true });
  });

  it('expands JSON secrets into masked variables per key', async () => {
    const runtime = recordingRuntime({ inputs: { names: '/app/prod/CREDS=DB', 'parse-json': 'true' } });
    await ssmSecretStep(runtime, deps());
    expect(runtime.variables.get('DB_user')).toEqual({ value: 'admin', secret: true });
    expect(runtime.variables.get('DB_pass')).toEqual({ value: 'pw-1', secret: true });
    expect(runtime.masked.has('pw-1')).toBe(true);
    expect(runtime.masked.has('admin')).toBe(true);
  });

  it('mask-all makes String values secret', async () => {
    const runtime = recordingRuntime({ inputs: { names: '/app/prod/DB_HOST', 'mask-all': 'true' } });
    await ssmSecretStep(runtime, deps());
    expect(runtime.variables.get('APP_PROD_DB_HOST')).toEqual({ value: 'db.internal', secret: true });
    expect(runtime.masked.has('db.internal')).toBe(true);
  });

  it('lists every missing and invalid name in one error', async () => {
    const runtime = recordingRuntime({
      inputs: {
        names: '/nope/a\n/app/prod/DB_HOST\n/nope/b:7\nbad name',
        paths: '/empty',
      },
    });
    await expect(ssmSecretStep(runtime, deps())).rejects.toThrow(
      /4 parameter\(s\) could not be read: bad name \(.*\); \/empty \(no parameters under this path\); \/nope\/a \(not found\); \/nope\/b:7 \(version or label not found\)/,
    );
    expect(runtime.variables.size).toBe(0);
  });

  it('allow-missing warns and goes on', async () => {
    const runtime = recordingRuntime({
      inputs: { names: '/nope/a\n/app/prod/DB_HOST', 'allow-missing': 'true' },
    });
    await ssmSecretStep(runtime, deps());
    expect(runtime.variables.get('APP_PROD_DB_HOST')?.value).toBe('db.internal');
    expect(runtime.events).toContainEqual({
      kind: 'log',
      level: 'warning',
      message: 'Skipped /nope/a: not found.',
    });
  });

  it('refuses two parameters for one variable and names GitHub cannot take', async () => {
    await expect(
      ssmSecretStep(
        recordingRuntime({ inputs: { names: '/app/prod/DB_HOST=X\n/app/prod/DB_PASSWORD=X' } }),
        deps(),
      ),
    ).rejects.toThrow(
      /would be set by two parameters: X <- \/app\/prod\/DB_HOST and \/app\/prod\/DB_PASSWORD/,
    );
    await expect(
      ssmSecretStep(
        recordingRuntime({ inputs: { names: '/app/prod/DB_HOST', 'name-transform': 'none' } }),
        deps(),
      ),
    ).rejects.toThrow(/"\/app\/prod\/DB_HOST" from \/app\/prod\/DB_HOST/);
    await expect(
      ssmSecretStep(
        recordingRuntime({ inputs: { names: '/app/prod/DB_HOST=GITHUB_SHA' }, rules: githubRules({}) }),
        deps(),
      ),
      // GitHub's own names are control variables: refused with one code on every CI (ControlVariableName).
    ).rejects.toThrow(/"GITHUB_SHA" from \/app\/prod\/DB_HOST \(the CI itself reads it\)/);
  });

  it('a hostile JSON key cannot become a variable name; the error shows no value', async () => {
    const ssm = fakeSsm([
      { Name: '/j', Type: 'SecureString', Value: '{"ok":"v1","bad\\nINJECT=1":"hidden-value"}', Version: 1 },
    ]);
    const runtime = recordingRuntime({ inputs: { names: '/j=J', 'parse-json': 'true' } });
    const error = await ssmSecretStep(runtime, deps(ssm)).catch((e: Error) => e);
    // The key's newline is shown escaped: the error stays one line.
    expect((error as Error).message).toBe(
      '1 name(s) from the parameters cannot become variable names: key "bad\\nINJECT=1" of /j (it contains a control character).',
    );
    expect((error as Error).message).not.toContain('hidden-value');
    expect(runtime.masked.has('hidden-value')).toBe(true);
    expect(runtime.variables.size).toBe(0);
  });

  it('falls back to one call per name when a batch fails as a whole', async () => {
    const ssm = fakeSsm(store, { failBatchWith: 'ParameterNotFound' });
    const runtime = recordingRuntime({
      inputs: { names: '/app/prod/DB_HOST\n/nope', 'allow-missing': 'true' },
    });
    await ssmSecretStep(runtime, deps(ssm));
    expect(ssm.calls.map((c) => c.op)).toEqual(['GetParameters', 'GetParameter', 'GetParameter']);
    expect(runtime.variables.get('APP_PROD_DB_HOST')?.value).toBe('db.internal');
  });

  it('writes a 0600 dotenv file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ssm-step-')), 'vars.env');
    const runtime = recordingRuntime({
      inputs: {
        names: '/app/prod/DB_PASSWORD=PW\n/app/prod/DB_HOST=HOST',
        'dotenv-file': file,
      },
    });
    await ssmSecretStep(runtime, deps());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe("PW='p@ss\nline2'\nHOST='db.internal'\n");
  });

  it('checks inputs before calling AWS', async () => {
    let called = false;
    const never = {
      ssm: async () => {
        called = true;
        return fakeSsm([]);
      },
    };
    await expect(ssmSecretStep(recordingRuntime({ inputs: {} }), never)).rejects.toThrow(
      /No parameters to read/,
    );
    await expect(
      ssmSecretStep(recordingRuntime({ inputs: { names: '/a', 'name-transform': 'upper' } }), never),
    ).rejects.toThrow(/unknown name transform/);
    await expect(
      ssmSecretStep(
        recordingRuntime({
          inputs: { names: '/a', 'name-transform': 'substitute', 'replacement-pattern': '(' },
        }),
        never,
      ),
    ).rejects.toThrow(/not a valid regular expression/);
    await expect(
      ssmSecretStep(recordingRuntime({ inputs: { names: '/a\n/b', 'name-transform': 'custom' } }), never),
    ).rejects.toThrow(/exactly one parameter/);
    expect(called).toBe(false);
  });
});

describe('ssmSecretStep on Azure Pipelines (AWS Toolkit task inputs)', () => {
  const azure = (inputs: Record<string, string>, variables: Record<string, string> = {}) =>
    recordingRuntime({
      inputs,
      ci: 'azure-pipelines',
      variables,
      rules: azurePipelinesRules((name) => variables[name]),
    });

  it('readMode single: parameterName, parameterVersion, name transform none (the path is the name)', async () => {
    const runtime = azure({
      readMode: 'single',
      parameterName: '/app/prod/DB_PASSWORD',
      parameterVersion: '1',
    });
    await ssmSecretStep(runtime, deps());
    expect(runtime.variables.get('/app/prod/DB_PASSWORD')).toEqual({ value: 'old-secret', secret: true });
  });

  it('readMode single with custom and substitute transforms', async () => {
    const custom = azure({
      readMode: 'single',
      parameterName: '/app/prod/DB_HOST',
      singleNameTransform: 'custom',
      customVariableName: 'dbHost',
    });
    await ssmSecretStep(custom, deps());
    expect(custom.variables.get('dbHost')?.value).toBe('db.internal');

    const sub = azure({
      readMode: 'single',
      parameterName: '/app/prod/DB_HOST',
      singleNameTransform: 'substitute',
      replacementPattern: '^/APP/PROD/',
      replacementText: 'db.',
      globalMatch: 'false',
      caseInsensitiveMatch: 'true',
    });
    await ssmSecretStep(sub, deps());
    expect(sub.variables.get('db.DB_HOST')?.value).toBe('db.internal');
  });

  it('readMode hierarchy: parameterPath without leading slash, not recursive by default, leaf transform', async () => {
    const runtime = azure(
      { readMode: 'hierarchy', parameterPath: 'app/prod', hierarchyNameTransform: 'leaf' },
      { 'System.UnsafeAllowMultilineSecret': 'true' },
    );
    await ssmSecretStep(runtime, deps());
    expect([...runtime.variables.keys()].sort()).toEqual(['CREDS', 'DB_HOST', 'DB_PASSWORD']);
  });

  it('refuses multi-line secrets without the Azure opt-in, before setting any variable', async () => {
    const runtime = azure({
      readMode: 'hierarchy',
      parameterPath: '/app/prod',
      hierarchyNameTransform: 'leaf',
    });
    await expect(ssmSecretStep(runtime, deps())).rejects.toThrow(
      /Azure Pipelines cannot hold 1 multi-line secret\(s\): DB_PASSWORD\./,
    );
    expect(runtime.variables.size).toBe(0);
  });
});
