import { describe, expect, it } from 'vitest';
import { fetchParameters } from './fetch-parameters.ts';
import { parseParameterRequest, parsePathRequest, type SsmRequest } from './parameter-request.ts';
import { fakeSsm } from './testing/fake-ssm.ts';

const requests = (names: string[], paths: string[]): SsmRequest[] =>
  [...names.map(parseParameterRequest), ...paths.map((p) => parsePathRequest(p, true))].flatMap((r) =>
    r.kind === 'invalid' ? [] : [r],
  );

const store = [
  ...Array.from({ length: 25 }, (_, i) => ({
    Name: `/bulk/p${i}`,
    Type: 'SecureString' as const,
    Value: `s${i}`,
    Version: 1,
  })),
  { Name: '/app/host', Type: 'String' as const, Value: 'h', Version: 1 },
];

describe('fetchParameters', () => {
  it('reads names in batches of 10 and paths, a few at a time, and reports in the order asked', async () => {
    const debug: string[] = [];
    const masked = new Set<string>();
    const ssm = fakeSsm(store);
    const names = [...Array.from({ length: 25 }, (_, i) => `/bulk/p${i}`), '/bulk/p3=AGAIN', '/nope'];
    const result = await fetchParameters(ssm, requests(names, ['/app', '/empty']), {
      withDecryption: true,
      maskAll: false,
      concurrency: 2,
      mask: (v) => masked.add(v),
      debug: (m) => debug.push(m),
    });
    expect(debug).toEqual([
      'Reading 26 parameter name(s) in 3 GetParameters call(s) and 2 path(s), 2 at a time.',
    ]);
    expect(result.calls).toEqual({ GetParametersByPath: 2, GetParameters: 3 });
    expect(result.parameters.map((p) => p.name)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `/bulk/p${i}`),
      '/app/host',
    ]);
    expect(result.parameters[3]?.requests?.map((r) => r.raw)).toEqual(['/bulk/p3', '/bulk/p3=AGAIN']);
    expect(result.missing).toEqual([
      { raw: '/empty', reason: 'no parameters under this path' },
      { raw: '/nope', reason: 'not found' },
    ]);
    expect(masked.size).toBe(25);
    // Paths go out first: they may need several pages.
    expect(ssm.calls.slice(0, 2).map((c) => c.op)).toEqual(['GetParametersByPath', 'GetParametersByPath']);
  });

  it('the first error stops new calls and is thrown', async () => {
    const ssm = fakeSsm(store, { failWith: { GetParameters: 'AccessDeniedException' } });
    const names = Array.from({ length: 25 }, (_, i) => `/bulk/p${i}`);
    await expect(
      fetchParameters(ssm, requests(names, []), {
        withDecryption: true,
        maskAll: false,
        concurrency: 1,
        mask: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(ssm.calls).toHaveLength(1);
  });
});
