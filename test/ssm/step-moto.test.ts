// The SSM step in process, with a real SSMClient over HTTP to moto (IAM enforced) through the
// fault proxy, under the seed's pipeline role. Calls are counted at the proxy.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { type RecordingRuntimeOptions, recordingRuntime as recording } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssmSecretStep } from '../../packages/ssm-secret/src/step.ts';
import { type Credentials, cliEnv, credentialEnv } from '../support/aws/clients.js';
import { THROTTLE } from '../support/aws/fault-proxy.js';
import { manifestInputs } from '../support/ci/index.ts';
import { BULK, type SsmBed, startSsmBed } from './ssm-bed.ts';

const execFileAsync = promisify(execFile);
const SSM_SECRET = join(import.meta.dirname, '../../packages/ssm-secret');

/** core's recording runtime with the inputs the runner / agent passes: every declared default too. */
const recordingRuntime = (options: RecordingRuntimeOptions) =>
  recording({ ...options, inputs: manifestInputs(SSM_SECRET, options.ci ?? 'github', options.inputs ?? {}) });

let bed: SsmBed;
beforeAll(async () => {
  bed = await startSsmBed({ bulk: BULK });
}, 120_000);
afterAll(async () => {
  await bed?.stop();
});

const run = async (inputs: Record<string, string>, creds?: Credentials, ci?: 'azure-pipelines') => {
  // Azure runs with the Azure adapter's own rules (variable names, multi-line secrets).
  const runtime = recordingRuntime({
    inputs,
    ...(ci ? { ci, rules: azurePipelinesRules(() => undefined) } : {}),
  });
  const client = bed.ssm(creds ?? bed.pipeline, { requestTimeoutMs: 5_000 });
  bed.resetCalls();
  bed.proxy.setPlan(() => 'pass');
  try {
    await ssmSecretStep(runtime, { ssm: async () => client });
  } finally {
    client.destroy();
  }
  return runtime;
};

describe('SSM step against moto under the pipeline role', () => {
  it('decrypts SecureString values and marks them secret; String values stay plain', async () => {
    const runtime = await run({
      names: '/serenity/production/VSS_NUGET_ACCESSTOKEN=NUGET_TOKEN\n/app/prod/DB_HOST',
    });
    expect(runtime.variables.get('NUGET_TOKEN')).toEqual({ value: 'nuget-token-s3cr3t', secret: true });
    expect(runtime.variables.get('APP_PROD_DB_HOST')).toEqual({
      value: 'db.internal.example',
      secret: false,
    });
    expect(runtime.masked.has('nuget-token-s3cr3t')).toBe(true);
    expect(bed.count('GetParameters')).toBe(1);
  });

  it('reads versions and labels (set with LabelParameterVersion) in one call', async () => {
    const runtime = await run({
      names: [
        '/app/prod/db/password=LATEST',
        '/app/prod/db/password:1=V1',
        '/app/prod/db/password:live=LIVE',
      ].join('\n'),
    });
    expect(runtime.variables.get('LATEST')?.value).toBe('v3-secret');
    expect(runtime.variables.get('V1')?.value).toBe('v1-secret');
    expect(runtime.variables.get('LIVE')?.value).toBe('v2-secret');
    // moto's responses carry no Selector; three selectors of one name go in three batches.
    expect(bed.count('GetParameters')).toBe(3);
  });

  it('agrees with the AWS CLI as an independent client', async () => {
    const names = [
      '/app/prod/db/password:live',
      '/app/prod/db/password:1',
      '/serenity/production/VSS_NUGET_ACCESSTOKEN',
    ];
    const runtime = await run({ names: names.map((n, i) => `${n}=V${i}`).join('\n') });
    const fromCli = async (name: string): Promise<string> => {
      const { stdout } = await execFileAsync(
        'aws',
        ['ssm', 'get-parameters', '--names', name, '--with-decryption', '--output', 'json'],
        {
          env: cliEnv({ endpoint: bed.proxy.endpoint, region: bed.bed.region }, credentialEnv(bed.pipeline)),
        },
      );
      return (JSON.parse(stdout) as { Parameters: Array<{ Value: string }> }).Parameters[0]!.Value;
    };
    for (const [i, name] of names.entries())
      expect(runtime.variables.get(`V${i}`)?.value).toBe(await fromCli(name));
  }, 30_000);

  it('reads a name without a slash with the leaf transform', async () => {
    const runtime = await run({ names: 'noslash', 'name-transform': 'leaf' });
    expect(runtime.variables.get('noslash')?.value).toBe('top-level-value');
  });

  it('reads 1,000 parameters by names in 100 GetParameters calls', async () => {
    const names = Array.from({ length: BULK }, (_, i) => `/bulk/p${String(i).padStart(4, '0')}`);
    const runtime = await run({ names: names.join('\n'), 'name-transform': 'leaf' });
    expect(runtime.variables.size).toBe(BULK);
    expect(runtime.variables.get('p0999')?.value).toBe('value-of-/bulk/p0999');
    expect(bed.count('GetParameters')).toBe(100);
  }, 60_000);

  it('reads 1,000 parameters by path with every page (MaxResults 10)', async () => {
    const runtime = await run({ paths: '/bulk', 'name-transform': 'leaf' });
    expect(runtime.variables.size).toBe(BULK);
    // 100 full pages; moto (like AWS) returns a NextToken after a full last page, so one empty page ends it.
    expect(bed.count('GetParametersByPath')).toBe(101);
    expect(
      bed.proxy
        .calls()
        .filter((c) => c.action === 'GetParametersByPath')
        .every((c) => JSON.parse(c.body).MaxResults === 10),
    ).toBe(true);
  }, 60_000);

  it('reads a path without recursion only at its own level', async () => {
    const runtime = await run({ paths: '/app/prod', recursive: 'false', 'name-transform': 'leaf' });
    expect([...runtime.variables.keys()].sort()).toEqual(['DB_HOST', 'DB_PORT', 'FEATURE_FLAGS']);
    const deep = await run({ paths: '/app/prod', 'name-transform': 'leaf' });
    expect([...deep.variables.keys()].sort()).toEqual([
      'API_URL',
      'DB_HOST',
      'DB_PORT',
      'FEATURE_FLAGS',
      'json',
      'password',
      'user',
    ]);
  });

  it('reads Secrets Manager secrets through /aws/reference/secretsmanager/ as secrets, JSON expanded', async () => {
    const runtime = await run({
      names: '/aws/reference/secretsmanager/ci/token=TOKEN\n/aws/reference/secretsmanager/ci/db-creds=DB',
      'parse-json': 'true',
      'with-decryption': 'false',
    });
    expect(runtime.variables.get('TOKEN')).toEqual({ value: 'sm-token-42', secret: true });
    expect(runtime.variables.get('DB_username')).toEqual({ value: 'svc', secret: true });
    expect(runtime.variables.get('DB_password')).toEqual({ value: 'sm-pass-9', secret: true });
    expect(runtime.masked.has('sm-pass-9')).toBe(true);
    // Secrets Manager references are always read with decryption, even with with-decryption off.
    const call = bed.proxy.calls().findLast((c) => c.action === 'GetParameters');
    expect(JSON.parse(call!.body).WithDecryption).toBe(true);
  });

  it('expands a JSON SecureString into masked variables per key', async () => {
    const runtime = await run({
      names: '/app/prod/db/json',
      'parse-json': 'true',
      'name-transform': 'leaf,env',
    });
    expect(runtime.variables.get('JSON_USER')).toEqual({ value: 'admin', secret: true });
    expect(runtime.variables.get('JSON_NESTED_PORT')).toEqual({ value: '5432', secret: true });
    expect(runtime.masked.has('json-pass-1')).toBe(true);
  });

  it('reports every missing name, version, label, secret and empty path in one error', async () => {
    await expect(
      run({
        names: [
          '/nope/one',
          '/app/prod/db/password:9',
          '/app/prod/db/password:nolabel',
          '/aws/reference/secretsmanager/ci/missing',
          '/app/prod/DB_HOST',
        ].join('\n'),
        paths: '/nothing/here',
      }),
    ).rejects.toThrow(
      /5 parameter\(s\) could not be read: \/nothing\/here \(no parameters under this path\); \/nope\/one \(not found\); \/app\/prod\/db\/password:9 \(version or label not found.*\); \/app\/prod\/db\/password:nolabel \(version or label not found.*\); \/aws\/reference\/secretsmanager\/ci\/missing \(not found\)\./,
    );
  });

  it('refuses a role without ssm:GetParametersByPath with one line naming the permission', async () => {
    const error = await run({ paths: '/app/prod' }, bed.noBypath).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^AWS denied ssm:GetParametersByPath for path \/app\/prod: .*no-bypath-role.*/);
    expect(message).not.toContain('\n');
    expect((error as { hint?: string }).hint).toContain('Allow ssm:GetParametersByPath');
    // By name the same role still works.
    const byName = await run({ names: '/app/prod/DB_HOST' }, bed.noBypath);
    expect(byName.variables.get('APP_PROD_DB_HOST')?.value).toBe('db.internal.example');
  });

  it('Azure: the Toolkit task inputs read a hierarchy with the path as variable name', async () => {
    const runtime = await run(
      {
        readMode: 'hierarchy',
        parameterPath: 'app/prod/db',
        recursive: 'false',
        hierarchyNameTransform: 'none',
      },
      undefined,
      'azure-pipelines',
    );
    expect(runtime.variables.get('/app/prod/db/password')).toEqual({ value: 'v3-secret', secret: true });
    expect(runtime.variables.get('/app/prod/db/user')).toEqual({ value: 'app_user', secret: false });
  });
});

describe('SSM step through faults', () => {
  const names = Array.from({ length: 200 }, (_, i) => `/bulk/p${String(i).padStart(4, '0')}`).join('\n');

  it('a throttling burst: every value arrives, calls stay bounded', async () => {
    const runtime = recordingRuntime({ inputs: { names, 'name-transform': 'leaf' } });
    const client = bed.ssm(bed.pipeline, { requestTimeoutMs: 5_000 });
    bed.resetCalls();
    // A burst: the first 12 GetParameters requests are throttled, then AWS recovers.
    bed.proxy.setPlan((req) => (req.action === 'GetParameters' && req.n <= 12 ? THROTTLE : 'pass'));
    try {
      await ssmSecretStep(runtime, { ssm: async () => client });
    } finally {
      client.destroy();
      bed.proxy.setPlan(() => 'pass');
    }
    expect(runtime.variables.size).toBe(200);
    // 20 batches, and exactly one more call per throttled answer: nothing given up, nothing wasted.
    expect(bed.count('GetParameters')).toBe(20 + 12);
  }, 60_000);

  it('5xx answers are retried; a persistent 5xx fails with one line', async () => {
    const runtime = recordingRuntime({ inputs: { names: '/app/prod/DB_HOST\n/app/prod/DB_PORT' } });
    const client = bed.ssm(bed.pipeline, { requestTimeoutMs: 5_000, maxAttempts: 4 });
    bed.proxy.setPlan((req) => (req.action === 'GetParameters' && req.n <= 2 ? { status: 503 } : 'pass'));
    await ssmSecretStep(runtime, { ssm: async () => client });
    expect(runtime.variables.get('APP_PROD_DB_PORT')?.value).toBe('5432');

    bed.resetCalls();
    bed.proxy.setPlan((req) => (req.action === 'GetParameters' ? { status: 500 } : 'pass'));
    const error = await ssmSecretStep(recordingRuntime({ inputs: { names: '/app/prod/DB_HOST' } }), {
      ssm: async () => client,
    }).catch((e: Error) => e);
    bed.proxy.setPlan(() => 'pass');
    client.destroy();
    expect((error as Error).message).toMatch(/failed ssm:GetParameters .*HTTP 500.* after 4 attempts/);
    expect(bed.count('GetParameters')).toBe(4);
  }, 60_000);

  it('a slow endpoint: a slow answer is retried, a dead one fails in bounded time', async () => {
    const client = bed.ssm(bed.pipeline, { requestTimeoutMs: 500, maxAttempts: 3 });
    bed.proxy.setPlan((req) => (req.action === 'GetParameters' && req.n === 1 ? { delayMs: 3_000 } : 'pass'));
    const runtime = recordingRuntime({ inputs: { names: '/app/prod/DB_HOST' } });
    await ssmSecretStep(runtime, { ssm: async () => client });
    expect(runtime.variables.get('APP_PROD_DB_HOST')?.value).toBe('db.internal.example');

    bed.proxy.setPlan((req) => (req.action === 'GetParameters' ? { delayMs: 30_000 } : 'pass'));
    const started = Date.now();
    const error = await ssmSecretStep(recordingRuntime({ inputs: { names: '/app/prod/DB_HOST' } }), {
      ssm: async () => client,
    }).catch((e: Error) => e);
    const elapsed = Date.now() - started;
    bed.proxy.setPlan(() => 'pass');
    client.destroy();
    expect((error as Error).message).toMatch(/Could not reach AWS Systems Manager calling ssm:GetParameters/);
    expect(elapsed).toBeLessThan(10_000);
  }, 60_000);
});
