// A JSON value nested thousands deep (objects or arrays) used to overflow the stack
// (`Internal::RangeError: Maximum call stack size exceeded`): it is now one line naming the parameter.
import { describe, expect, it } from 'vitest';
import { expandJson, MAX_JSON_DEPTH } from './expand-json.ts';

const objects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const arrays = (depth: number): string => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;

describe('expandJson on deep values', () => {
  it.each([
    ['objects', 3_000, objects],
    ['objects', 100_000, objects],
    ['arrays', 5_000, arrays],
    ['arrays', 200_000, arrays],
  ] as const)('%s nested %i deep: JsonTooDeep in one line, at once', (_kind, depth, make) => {
    const started = performance.now();
    let error: (Error & { code?: string }) | undefined;
    try {
      expandJson(make(depth), '/app/deep');
    } catch (e) {
      error = e as Error & { code?: string };
    }
    expect(error?.code).toBe('JsonTooDeep');
    expect(error?.message).toBe(
      `The JSON value of "/app/deep" is nested deeper than ${MAX_JSON_DEPTH} levels, too deep to expand into variables.`,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it(`${MAX_JSON_DEPTH} levels still expand, in document order`, () => {
    expect(expandJson(objects(MAX_JSON_DEPTH))).toEqual([
      { suffix: Array(MAX_JSON_DEPTH).fill('a').join('_'), value: '1' },
    ]);
    expect(expandJson('{"b":{"y":1,"x":[2,{"z":3}]},"a":null}')).toEqual([
      { suffix: 'b_y', value: '1' },
      { suffix: 'b_x_0', value: '2' },
      { suffix: 'b_x_1_z', value: '3' },
      { suffix: 'a', value: '' },
    ]);
  });
});

describe('JSON expansion', () => {
  it('flattens nested objects and arrays with _', () => {
    expect(expandJson('{"user":"u","db":{"port":5432,"tls":true,"ca":null},"hosts":["a","b"]}')).toEqual([
      { suffix: 'user', value: 'u' },
      { suffix: 'db_port', value: '5432' },
      { suffix: 'db_tls', value: 'true' },
      { suffix: 'db_ca', value: '' },
      { suffix: 'hosts_0', value: 'a' },
      { suffix: 'hosts_1', value: 'b' },
    ]);
  });
  it('leaves non-objects alone', () => {
    expect(expandJson('plain')).toBeUndefined();
    expect(expandJson('[1,2]')).toBeUndefined();
    expect(expandJson('{broken')).toBeUndefined();
  });
});
