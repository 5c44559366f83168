import { describe, expect, it } from 'vitest';
import { FetchCollector } from './fetch-collector.ts';
import type { ParameterRequest, PathRequest } from './parameter-request.ts';

const name = (raw: string): ParameterRequest => ({ kind: 'name', raw, name: raw, secretsManager: false });
const path = (raw: string): PathRequest => ({ kind: 'path', raw, path: raw, recursive: true });

describe('FetchCollector', () => {
  it('masks SecureString values, Secrets Manager references and, with mask-all, every value', () => {
    const masked: string[] = [];
    const collector = new FetchCollector({ maskAll: false, mask: (v) => masked.push(v) });
    collector.maskResponse(
      [
        { Name: '/s', Type: 'SecureString', Value: 'secure' },
        { Name: '/p', Type: 'String', Value: 'plain' },
        { Name: '/r', Type: 'String', Value: 'reference' },
        { Name: '/u', Type: 'SecureString' },
      ],
      (p) => p.Name === '/r',
    );
    expect(masked).toEqual(['secure', 'reference']);
    const all = new FetchCollector({ maskAll: true, mask: (v) => masked.push(v) });
    expect(all.isSecret({ Type: 'String' }, false)).toBe(true);
  });

  it('puts what arrived in any order back in the order asked, and counts the calls', () => {
    const collector = new FetchCollector({ maskAll: false, mask: () => undefined });
    const [a, b] = [name('/a'), name('/b')];
    const [p, q] = [path('/p'), path('/q')];
    collector.count('GetParametersByPath');
    collector.found('/q/2', { Value: 'q2' }, false, { path: q });
    collector.found('/q/1', { Value: 'q1', Type: 'SecureString', Version: 3 }, false, { path: q });
    collector.found('/b', { Value: 'b' }, false, { requests: [b] });
    collector.found('/p/1', { Value: 'p1' }, false, { path: p });
    collector.found('/a', { Value: 'a' }, true, { requests: [a] });
    collector.miss('/b:4', 'version or label not found');
    collector.miss('/q', 'no parameters under this path');
    collector.count('GetParameters');
    collector.count('GetParameters');
    const result = collector.result([a, name('/b:4'), b], [p, q]);
    expect(result.parameters.map((x) => x.name)).toEqual(['/a', '/b', '/p/1', '/q/1', '/q/2']);
    expect(result.parameters[0]).toEqual({
      name: '/a',
      value: 'a',
      type: 'String',
      secret: true,
      requests: [a],
    });
    expect(result.parameters[3]).toEqual({
      name: '/q/1',
      value: 'q1',
      type: 'SecureString',
      version: 3,
      secret: true,
      path: q,
    });
    expect(result.missing.map((m) => m.raw)).toEqual(['/q', '/b:4']);
    expect(result.calls).toEqual({ GetParametersByPath: 1, GetParameters: 2 });
  });
});
