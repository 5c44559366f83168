/**
 * The ECR step's push against a loopback registry behind faults, and through a CONNECT proxy, on
 * both CIs (login through moto with IAM enforced, push over the registry API to `registry-endpoint`).
 * A black hole and a registry frozen mid-push fail within the step deadline in one line naming the
 * registry; refused and reset connections, 503s and HTML garbage fail in one line with a fix;
 * nothing half-made is left (no tag without its manifest). The push honours `http-proxy`,
 * HTTPS_PROXY and NO_PROXY.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/aws/moto.ts';
import { assertMaskedBeforeUse, type Ci, runStep } from '../support/ci/index.ts';
import { baseOptions, bundle, CIS, IN, type ReliabilityBed, startReliabilityBed } from './support/bed.ts';
import {
  type FaultRegistry,
  type RegistryFault,
  startFaultRegistry,
  writeOciLayout,
} from './support/fault-registry.ts';

let bed: ReliabilityBed;
let registry: FaultRegistry;
let image: string;
beforeAll(async () => {
  [bed, registry] = await Promise.all([startReliabilityBed(), startFaultRegistry()]);
  image = await writeOciLayout(mkdtempSync(join(tmpdir(), 'oci-')));
}, 180_000);
const tried = { runs: 0, pushed: 0, failedInOneLine: 0, halfMade: 0, tunnels: 0, leakChecks: 0, leaks: 0 };
afterAll(async () => {
  await registry?.stop();
  await bed?.stop();
  console.log(
    `[registry fault suite] runs=${tried.runs} pushed=${tried.pushed} failed-in-one-line=${tried.failedInOneLine} half-made=${tried.halfMade} proxy-tunnels=${tried.tunnels} leak-checks=${tried.leakChecks} leaks=${tried.leaks}`,
  );
});
afterEach(() => registry?.setFault('none'));

const DEADLINE_S = 4;

function inputs(ci: Ci, endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  const n = IN[ci];
  const s = bed.ssm.pipeline;
  return {
    [n.region]: bed.region,
    [n.keyId]: s.accessKeyId,
    [n.secret]: s.secretAccessKey,
    [n.token]: s.sessionToken ?? '',
    [n.repository]: 'team/app',
    [n.image]: image,
    [n.pushMode]: 'daemonless',
    [n.registryEndpoint]: endpoint,
    [ci === 'github' ? 'create-repository' : 'autoCreateRepository']: 'true',
    [ci === 'github' ? 'tags' : 'tags']: `t${Math.random().toString(36).slice(2, 8)}`,
    [n.timeout]: String(DEADLINE_S),
    [n.outputDockerCredentials]: 'true',
    ...extra,
  };
}

async function push(
  ci: Ci,
  endpoint: string,
  extra: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const run = await runStep(ci, bundle('ecr', ci), {
    ...baseOptions(bed, ci, { env, timeoutMs: 40_000 }),
    inputs: inputs(ci, endpoint, extra),
    post: false,
  });
  tried.runs += 1;
  // The ECR password (and the session's keys) never show unmasked, whatever the registry did.
  const secrets = [
    ...Object.entries(run.main.outputs)
      .filter(([name]) => /password/i.test(name))
      .map(([, value]) => value),
    bed.ssm.pipeline.secretAccessKey,
    bed.ssm.pipeline.sessionToken ?? '',
  ].filter((s) => s.length >= 8);
  for (const secret of secrets) {
    try {
      assertMaskedBeforeUse(run.main.events, secret);
    } catch (error) {
      tried.leaks += 1;
      throw error;
    }
  }
  tried.leakChecks += secrets.length;
  return run.main;
}

describe.each(CIS)('registry faults on %s', (ci) => {
  it('pushes to a healthy registry (the control)', async () => {
    const main = await push(ci, registry.url);
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    tried.pushed += 1;
  }, 60_000);

  const faults: Array<[RegistryFault | 'refused', RegExp, number]> = [
    [
      'blackhole',
      /^The ECR step did not finish within 4 s .*waiting for an answer from the registry 127\.0\.0\.1:\d+ \([\w ]+\)\. Fix: /,
      DEADLINE_S * 1000 + 3_000,
    ],
    [
      'freeze-upload',
      /^The ECR step did not finish within 4 s .*waiting for an answer from the registry 127\.0\.0\.1:\d+ \(.*[Uu]pload.*\)\. Fix: /,
      DEADLINE_S * 1000 + 3_000,
    ],
    [
      'refused',
      /^[\w ]+(?: of sha256:[a-f0-9]{64})? on the registry 127\.0\.0\.1:\d+: it refused the connection\. Fix: Check that 127\.0\.0\.1:\d+ is the registry/,
      DEADLINE_S * 1000 + 3_000,
    ],
    [
      'reset',
      /on the registry 127\.0\.0\.1:\d+: it reset the connection\. Fix: Check the proxy/,
      DEADLINE_S * 1000 + 3_000,
    ],
    ['503', /failed: HTTP 503.* Fix: The registry kept failing \(HTTP 503\)/, DEADLINE_S * 1000 + 3_000],
    [
      'html',
      /the answer is a web page \(HTTP 200\), not a registry response\. Fix: /,
      DEADLINE_S * 1000 + 3_000,
    ],
  ];
  it.each(faults)(
    '%s: one line, within %s, nothing half-made',
    async (fault, line, boundMs) => {
      const endpoint = fault === 'refused' ? `http://127.0.0.1:${await freePort()}` : registry.url;
      registry.clear();
      if (fault !== 'refused') registry.setFault(fault);
      const before = new Map(registry.manifests);
      const main = await push(ci, endpoint);
      expect(main.exitCode).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).not.toMatch(/[\r\n]/);
      expect(main.errors[0]).toMatch(line);
      expect(main.durationMs).toBeLessThan(boundMs);
      tried.failedInOneLine += 1;
      // No tag without its manifest: the registry holds no new manifest, and no output names an image.
      const added = [...registry.manifests.keys()].filter((k) => !before.has(k));
      if (added.length > 0 || main.outputs['image-uri'] || main.outputs.imageUri) tried.halfMade += 1;
      expect(added).toEqual([]);
    },
    60_000,
  );
});

describe.each(CIS)('inputs checked before any push on %s', (ci) => {
  it.each([
    ['outputVariable', 'PWNED=gh\nIMAGE', /is not a valid variable name/],
    ['context', '--output=/tmp/pwned', /starts with "-" .* a container CLI would read it as an option/],
    ['image', '--help', /starts with "-" .* a container CLI would read it as an option/],
  ] as const)(
    '%s = %j is refused in one line before anything is pushed',
    async (key, value, why) => {
      const name =
        key === 'outputVariable'
          ? IN[ci].outputVariable
          : key === 'image'
            ? IN[ci].image
            : ci === 'github'
              ? 'context'
              : // The agent roots `buildContext` (a filePath input) at the sources directory, so on Azure
                // an option can only arrive through a plain string input handed to the CLI.
                'buildTarget';
      const before = registry.requests.length;
      const main = await push(ci, registry.url, { [name]: value });
      expect(main.exitCode).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toMatch(new RegExp(`^Input \`${name}\``));
      expect(main.errors[0]).toMatch(why);
      expect(registry.requests.length).toBe(before);
      expect(Object.keys(main.variables).filter((v) => v.includes('PWNED'))).toEqual([]);
      tried.failedInOneLine += 1;
    },
    60_000,
  );
});

describe.each(CIS)('the push through a proxy on %s', (ci) => {
  const registryTunnels = () =>
    bed.connect.tunnels().filter((t) => t.target === `127.0.0.1:${registry.port}`).length;

  it('goes through `http-proxy` (every registry request tunnelled)', async () => {
    const before = registryTunnels();
    const main = await push(ci, registry.url, { [IN[ci].proxy]: bed.connect.url });
    expect(main.errors).toEqual([]);
    expect(registryTunnels()).toBeGreaterThan(before);
    tried.tunnels += registryTunnels() - before;
  }, 60_000);

  it('goes through HTTPS_PROXY, and not for a host NO_PROXY lists', async () => {
    let before = registryTunnels();
    let main = await push(ci, registry.url, {}, { HTTPS_PROXY: bed.connect.url });
    expect(main.errors).toEqual([]);
    expect(registryTunnels()).toBeGreaterThan(before);
    before = registryTunnels();
    main = await push(
      ci,
      registry.url,
      {},
      { HTTPS_PROXY: bed.connect.url, NO_PROXY: `127.0.0.1:${registry.port}` },
    );
    expect(main.errors).toEqual([]);
    expect(registryTunnels()).toBe(before);
  }, 60_000);
});
