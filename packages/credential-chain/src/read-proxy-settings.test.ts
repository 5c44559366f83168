import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readProxySettings } from './read-proxy-settings.ts';

describe('readProxySettings', () => {
  it('the inputs win over HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case)', () => {
    const env = { https_proxy: 'http://env:3128', NO_PROXY: 'localhost' };
    expect(readProxySettings(recordingRuntime({ env }), undefined, undefined)).toEqual({
      proxy: 'http://env:3128',
      noProxy: 'localhost',
    });
    expect(readProxySettings(recordingRuntime({ env }), 'http://in:1', '.internal')).toEqual({
      proxy: 'http://in:1',
      noProxy: '.internal',
    });
    expect(
      readProxySettings(recordingRuntime({ env: { HTTP_PROXY: 'p:8080' } }), undefined, undefined),
    ).toEqual({
      proxy: 'p:8080',
    });
    expect(readProxySettings(recordingRuntime({}), undefined, undefined)).toEqual({});
  });

  it("masks the proxy's password as written and decoded, also in a URL that does not parse", () => {
    const runtime = recordingRuntime({});
    readProxySettings(runtime, 'http://ci:pa%40ss@proxy.example:3128', undefined);
    expect(runtime.masks).toEqual(['pa%40ss', 'pa@ss']);
    const broken = recordingRuntime({});
    readProxySettings(broken, 'http://ci:se cret@pro xy:1', undefined);
    expect(broken.masks).toEqual(['se cret']);
    const bare = recordingRuntime({});
    readProxySettings(bare, 'http://ci:50%@proxy:1', undefined);
    expect(bare.masks).toEqual(['50%']);
  });
});
