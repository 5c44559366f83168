import { describe, expect, it } from 'vitest';
import { FetchCollector } from './fetch-collector.ts';
import { type ParameterRequest, parseParameterRequest, requestKey } from './parameter-request.ts';
import { baseKey, errorName, NameReader, planBatches } from './read-by-name.ts';
import { fakeSsm } from './testing/fake-ssm.ts';

const req = (entry: string): ParameterRequest => {
  const parsed = parseParameterRequest(entry);
  if (parsed.kind === 'invalid') throw new Error(parsed.invalid);
  return parsed;
};

const store = [
  { Name: '/app/host', Type: 'String' as const, Value: 'h', Version: 1 },
  { Name: '/app/pw', Type: 'SecureString' as const, Value: 'pw-1', Version: 1, Labels: ['live'] },
  { Name: '/app/pw', Type: 'SecureString' as const, Value: 'pw-2', Version: 2 },
];

const collect = () => {
  const masked: string[] = [];
  const debug: string[] = [];
  const collector = new FetchCollector({
    maskAll: false,
    mask: (v) => masked.push(v),
    debug: (m) => debug.push(m),
  });
  return { collector, masked, debug };
};

describe('planBatches', () => {
  it('packs 1,000 names into 100 batches of 10', () => {
    const batches = planBatches(Array.from({ length: 1000 }, (_, i) => req(`/bulk/p${i}`)));
    expect(batches).toHaveLength(100);
    expect(batches.every((b) => b.length === 10)).toBe(true);
  });
  it('never puts two selectors of one name in the same batch', () => {
    const batches = planBatches([req('/a:1'), req('/a:2'), req('/b'), req('/a:live')]);
    for (const b of batches) expect(new Set(b.map((r) => r.name)).size).toBe(b.length);
    expect(batches.flat().map(requestKey).sort()).toEqual(['/a:1', '/a:2', '/a:live', '/b']);
    expect(batches).toHaveLength(3);
  });
});

describe('baseKey and errorName', () => {
  it('a name, an ARN and a Secrets Manager reference answer under one key', () => {
    expect(baseKey('/app/x')).toBe('app/x');
    expect(baseKey('arn:aws:ssm:eu-central-1:123456789012:parameter/app/x')).toBe('app/x');
    expect(baseKey('/aws/reference/secretsmanager/app/x')).toBe('app/x');
  });
  it('reads the name of any thrown value', () => {
    expect(errorName(Object.assign(new Error('x'), { name: 'ParameterNotFound' }))).toBe('ParameterNotFound');
    expect(errorName({ name: 'Plain' })).toBe('Plain');
    expect(errorName('text')).toBe('');
    expect(errorName(null)).toBe('');
  });
});

describe('NameReader', () => {
  it('reads each name and selector once, keeping every request for it; decrypts only where asked', async () => {
    const ssm = fakeSsm(store);
    const { collector, masked } = collect();
    const a = req('/app/pw=A');
    const b = req('/app/pw=B');
    const reader = new NameReader(ssm, collector, [a, b, req('/app/host')], false);
    expect(reader.size).toBe(2);
    expect(reader.batches).toEqual([{ items: [a, req('/app/host')], decrypt: false }]);
    const secrets = new NameReader(ssm, collector, [req('/aws/reference/secretsmanager/s')], false);
    expect(secrets.batches.map((batch) => batch.decrypt)).toEqual([true]);
    await reader.readBatch(reader.batches[0]!);
    const { parameters } = collector.result([a, b], []);
    expect(parameters.find((p) => p.name === '/app/pw')?.requests).toEqual([a, b]);
    expect(masked).toEqual(['encrypted:/app/pw']);
    expect(ssm.calls).toEqual([
      { op: 'GetParameters', input: { Names: ['/app/pw', '/app/host'], WithDecryption: false } },
    ]);
  });

  it('names the missing ones of a batch: not found, or its version or label', async () => {
    const { collector } = collect();
    const asked = [req('/app/pw:9'), req('/nope'), req('/app/pw:live')];
    const reader = new NameReader(fakeSsm(store, { omitSelector: true }), collector, asked, true);
    for (const batch of reader.batches) await reader.readBatch(batch);
    const { parameters, missing, calls } = collector.result(asked, []);
    expect(parameters.map((p) => [p.name, p.value, p.secret])).toEqual([['/app/pw', 'pw-1', true]]);
    expect(missing).toEqual([
      { raw: '/app/pw:9', reason: 'version or label not found' },
      { raw: '/nope', reason: 'not found' },
    ]);
    expect(calls).toEqual({ GetParameters: 2 });
  });

  it('a batch that fails as a whole is read one by one, each missing one named with the error', async () => {
    const { collector, debug } = collect();
    const asked = [req('/app/host'), req('/app/pw:7')];
    const ssm = fakeSsm(store, { failBatchWith: 'ParameterVersionNotFound' });
    const reader = new NameReader(ssm, collector, asked, true);
    await reader.readBatch(reader.batches[0]!);
    expect(ssm.calls.map((c) => c.op)).toEqual(['GetParameters', 'GetParameter', 'GetParameter']);
    expect(debug).toEqual([
      'GetParameters answered ParameterVersionNotFound; reading this batch one by one.',
    ]);
    const { parameters, missing } = collector.result(asked, []);
    expect(parameters.map((p) => p.value)).toEqual(['h']);
    expect(missing).toEqual([{ raw: '/app/pw:7', reason: 'version or label not found (ParameterNotFound)' }]);
  });

  it('any other error is the SSM error naming the IAM action and the entries', async () => {
    const { collector } = collect();
    const reader = new NameReader(
      fakeSsm(store, { failWith: { GetParameters: 'AccessDeniedException' } }),
      collector,
      [req('/app/host'), req('/app/pw')],
      true,
    );
    await expect(reader.readBatch(reader.batches[0]!)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'AWS denied ssm:GetParameters for /app/host, /app/pw: GetParameters failed',
    });
  });
});
