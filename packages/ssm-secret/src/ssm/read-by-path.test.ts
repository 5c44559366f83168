import { describe, expect, it } from 'vitest';
import { FetchCollector } from './fetch-collector.ts';
import { type PathRequest, parsePathRequest } from './parameter-request.ts';
import { readByPath } from './read-by-path.ts';
import { fakeSsm } from './testing/fake-ssm.ts';

const path = (entry: string, recursive: boolean): PathRequest => {
  const parsed = parsePathRequest(entry, recursive);
  if (parsed.kind === 'invalid') throw new Error(parsed.invalid);
  return parsed;
};

const store = Array.from({ length: 23 }, (_, i) => ({
  Name: `/app/p${String(i).padStart(2, '0')}`,
  Type: i % 2 === 0 ? ('SecureString' as const) : ('String' as const),
  Value: `v${i}`,
  Version: 1,
}));

describe('readByPath', () => {
  it('reads every page (10 a page), masks each page’s secrets first, and keeps the path', async () => {
    const events: string[] = [];
    const collector = new FetchCollector({ maskAll: false, mask: (v) => events.push(`mask ${v}`) });
    const ssm = fakeSsm([...store, { Name: '/app/deep/x', Type: 'String', Value: 'd', Version: 1 }]);
    const app = path('app', false);
    await readByPath(ssm, collector, app, true);
    expect(ssm.calls.map((c) => c.input)).toEqual([
      { Path: '/app', Recursive: false, WithDecryption: true, MaxResults: 10 },
      { Path: '/app', Recursive: false, WithDecryption: true, MaxResults: 10, NextToken: '10' },
      { Path: '/app', Recursive: false, WithDecryption: true, MaxResults: 10, NextToken: '20' },
    ]);
    const { parameters, missing, calls } = collector.result([], [app]);
    expect(parameters).toHaveLength(23);
    expect(parameters[0]).toEqual({
      name: '/app/p00',
      value: 'v0',
      type: 'SecureString',
      version: 1,
      secret: true,
      path: app,
    });
    expect(parameters[1]?.secret).toBe(false);
    expect(events).toEqual(store.filter((p) => p.Type === 'SecureString').map((p) => `mask ${p.Value}`));
    expect(missing).toEqual([]);
    expect(calls).toEqual({ GetParametersByPath: 3 });
  });

  it('recursive reads below the path; an empty path is missing', async () => {
    const collector = new FetchCollector({ maskAll: true, mask: () => undefined });
    const ssm = fakeSsm([{ Name: '/app/deep/x', Type: 'String', Value: 'd', Version: 1 }]);
    await readByPath(ssm, collector, path('/app', true), false);
    await readByPath(ssm, collector, path('/empty', true), false);
    const { parameters, missing } = collector.result([], []);
    expect(parameters.map((p) => [p.name, p.secret])).toEqual([['/app/deep/x', true]]);
    expect(missing).toEqual([{ raw: '/empty', reason: 'no parameters under this path' }]);
  });

  it('an AWS error is the SSM error naming the path', async () => {
    const collector = new FetchCollector({ maskAll: false, mask: () => undefined });
    const ssm = fakeSsm(store, { failWith: { GetParametersByPath: 'AccessDeniedException' } });
    await expect(readByPath(ssm, collector, path('/app', true), true)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'AWS denied ssm:GetParametersByPath for path /app: GetParametersByPath failed',
    });
  });
});
