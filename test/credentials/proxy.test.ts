/** AWS calls through an HTTP proxy (input or HTTPS_PROXY), NO_PROXY bypass, and the proxy password masked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, type Ci, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { type ConnectProxy, startConnectProxy } from './support/connect-proxy.ts';
import { NAMES } from './support/names.ts';

const PASSWORD = 'pr0xy/pa55word';
let t: CredentialsBed;
let proxy: ConnectProxy;
beforeAll(async () => {
  [t, proxy] = await Promise.all([
    startCredentialsBed(),
    startConnectProxy({ user: 'ci', password: PASSWORD }),
    buildBundles(),
  ]);
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await t?.stop();
});

describe.each(['github', 'azure'] as const)('proxy on %s', (ci: Ci) => {
  const n = NAMES[ci];
  const inputs = () => ({
    [n.region]: t.bed.region,
    [n.keyId]: t.bed.toolkitUser.accessKeyId,
    [n.secret]: t.bed.toolkitUser.secretAccessKey,
    [n.role]: t.bed.roles.pipeline.arn,
    [n.externalId]: t.bed.externalId,
  });
  const endpointHost = () => new URL(t.endpoint).host;

  it('tunnels every AWS call through the proxy from the input, masking its password', async () => {
    const before = proxy.tunnels().length;
    const { main } = await runStep(ci, BUNDLES[ci], {
      debug: true,
      env: { AWS_ENDPOINT_URL: t.endpoint },
      secretInputs: [n.keyId, n.secret],
      inputs: { ...inputs(), [ci === 'github' ? 'http-proxy' : 'httpProxy']: proxy.url },
    });
    expect(main.errors).toEqual([]);
    const tunnels = proxy.tunnels().slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.target === endpointHost() && tunnel.status === 200)).toBe(true);
    assertMaskedBeforeUse(main.events, PASSWORD);
  }, 60_000);

  it('uses HTTPS_PROXY, and NO_PROXY bypasses it', async () => {
    let before = proxy.tunnels().length;
    const viaEnv = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint, HTTPS_PROXY: proxy.url },
      secretInputs: [n.keyId, n.secret],
      inputs: inputs(),
    });
    expect(viaEnv.main.errors).toEqual([]);
    expect(proxy.tunnels().length).toBeGreaterThan(before);

    before = proxy.tunnels().length;
    const bypass = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' },
      secretInputs: [n.keyId, n.secret],
      inputs: inputs(),
    });
    expect(bypass.main.errors).toEqual([]);
    expect(proxy.tunnels().length).toBe(before);
  }, 60_000);
});
