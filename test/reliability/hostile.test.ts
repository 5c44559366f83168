/**
 * Hostile registries, proxies and values through the built bundles on both CIs (issue 16, items 4, 6
 * and 7), each a class with several payloads:
 * - upload `Location`s to another host or scheme: a second host on 127.0.0.2 records every byte it
 *   receives and never sees the ECR credential; plain HTTP from a TLS registry is refused in one line;
 * - registry-supplied header values (a manifest media type with CR/LF or NUL): one line, nothing sent;
 * - proxy passwords with `@`, `:`, `%`: they work (and are never printed), a bare `%` and a 407 are one
 *   line with a stable code and no stack trace;
 * - a JSON value nested thousands deep: one line;
 * - the docker child's environment holds no `INPUT_*` (GitHub's secret inputs);
 * - an ECR login against a black hole (accepts, never answers) fails within 90 s in one line.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRecordingProxy } from '@aws-ci-kit/core/testing';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeRegistry,
  startFakeRegistry,
} from '../../packages/ecr-push/src/ecr/testing/fake-registry.ts';
import { assertMaskedBeforeUse, type Ci, runStep, type StepView } from '../support/ci/index.ts';
import { makeCerts, type TestCerts } from '../support/registry/certs.ts';
import { baseOptions, bundle, CIS, IN, type ReliabilityBed, startReliabilityBed } from './support/bed.ts';
import { type FaultRegistry, startFaultRegistry, writeOciLayout } from './support/fault-registry.ts';

let bed: ReliabilityBed;
let certs: TestCerts;
let registry: FaultRegistry; // https://127.0.0.1 (trusted through NODE_EXTRA_CA_CERTS)
let elsewhere: FakeRegistry; // https://127.0.0.2
let elsewhereHttp: FakeRegistry; // http://127.0.0.2
let image: string;
const tried = { runs: 0, failedInOneLine: 0, stackTraces: 0, credentialElsewhere: 0, secretsPrinted: 0 };

beforeAll(async () => {
  certs = await makeCerts(['localhost'], { ips: ['127.0.0.1', '127.0.0.2'] });
  const tls = { key: readFileSync(certs.keyFile, 'utf8'), cert: readFileSync(certs.certFile, 'utf8') };
  [bed, registry, elsewhere, elsewhereHttp] = await Promise.all([
    startReliabilityBed(),
    startFaultRegistry({ tls }),
    startFakeRegistry({ address: '127.0.0.2', tls }),
    startFakeRegistry({ address: '127.0.0.2' }),
  ]);
  image = await writeOciLayout(mkdtempSync(join(tmpdir(), 'oci-')));
}, 180_000);
afterAll(async () => {
  await Promise.all([registry?.stop(), elsewhere?.stop(), elsewhereHttp?.stop()]);
  await bed?.stop();
  console.log(
    `[hostile suite] runs=${tried.runs} failed-in-one-line=${tried.failedInOneLine} stack-traces=${tried.stackTraces} credential-elsewhere=${tried.credentialElsewhere} secrets-printed=${tried.secretsPrinted}`,
  );
});

const STACK_FRAME = /^\s+at \S/;

function counted(view: StepView): StepView {
  tried.runs += 1;
  if (view.lines.some((l) => STACK_FRAME.test(l))) tried.stackTraces += 1;
  expect(view.lines.filter((l) => STACK_FRAME.test(l))).toEqual([]);
  return view;
}

/** Exactly one error line, with the code and a fix, no stack. */
function oneLine(view: StepView, code: string, line: RegExp): void {
  expect(view.exitCode).toBe(1);
  expect(view.errors).toHaveLength(1);
  expect(view.errors[0]).not.toMatch(/[\r\n]/);
  expect(view.errors[0]).toMatch(line);
  expect(view.errors[0]).toMatch(/ Fix: /);
  expect(view.errorCodes).toEqual([code]);
  tried.failedInOneLine += 1;
}

function ecrInputs(ci: Ci, extra: Record<string, string> = {}): Record<string, string> {
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
    [n.registryEndpoint]: registry.url,
    tags: `t${Math.random().toString(36).slice(2, 8)}`,
    [n.timeout]: '20',
    [n.outputDockerCredentials]: 'true',
    ...extra,
  };
}

async function push(ci: Ci, extra: Record<string, string> = {}): Promise<StepView> {
  const run = await runStep(ci, bundle('ecr', ci), {
    ...baseOptions(bed, ci, { env: { NODE_EXTRA_CA_CERTS: certs.caFile }, timeoutMs: 40_000 }),
    inputs: ecrInputs(ci, extra),
    post: false,
  });
  return counted(run.main);
}

/** The ECR password (from the step's masked output) and its Basic header: what no other host may see. */
function credentialOf(view: StepView): string[] {
  const password = Object.entries(view.outputs).find(([name]) => /password/i.test(name))?.[1];
  expect(password, 'the ECR password output').toBeTruthy();
  return [password as string, Buffer.from(`AWS:${password}`).toString('base64')];
}

function expectNeverSeen(host: FakeRegistry, secrets: readonly string[]): void {
  const text = host.received();
  const seen = secrets.some((s) => text.includes(s)) || /"authorization"/i.test(text);
  if (seen) tried.credentialElsewhere += 1;
  expect(seen).toBe(false);
}

describe.each(CIS)('upload Locations from a TLS registry on %s', (ci) => {
  afterAll(() => registry.setUploadLocation(undefined));

  it.each([
    ['another host, plain HTTP', () => `${elsewhereHttp.url}/upload/x`],
    ['its own host, plain HTTP', () => `http://127.0.0.1:${registry.port}/v2/team/app/blobs/uploads/1`],
    ['another host, plain HTTP, no path', () => `http://127.0.0.2:${elsewhereHttp.host.split(':')[1]}`],
  ])(
    '%s: refused in one line (RegistryInsecureLocation), nothing sent there',
    async (_label, location) => {
      const before = elsewhereHttp.requests.length;
      registry.setUploadLocation(location);
      const view = await push(ci);
      oneLine(
        view,
        'RegistryInsecureLocation',
        /said to upload to plain HTTP \(http:\/\/127\.0\.0\.[12]:\d+\)/,
      );
      expect(elsewhereHttp.requests.length).toBe(before);
      expectNeverSeen(elsewhereHttp, credentialOf(view));
    },
    60_000,
  );

  it.each([
    ['another host over TLS', () => `${elsewhere.url}/upload/${Math.random()}`],
    ['a scheme-relative URL', () => `//${elsewhere.host}/upload/${Math.random()}`],
    [
      'another host, with a query and a fragment',
      () => `${elsewhere.url}/u/${Math.random()}?_state=a&x=1#frag`,
    ],
  ])(
    '%s: the upload goes there without the credential',
    async (_label, location) => {
      const before = elsewhere.requests.length;
      registry.setUploadLocation(location);
      const view = await push(ci);
      // The blobs went elsewhere, so the registry refuses the manifest: one line, never a stack.
      expect(view.exitCode).toBe(1);
      expect(view.errors).toHaveLength(1);
      expect(elsewhere.requests.length).toBeGreaterThan(before);
      expectNeverSeen(elsewhere, credentialOf(view));
    },
    60_000,
  );

  it.each(['ftp://127.0.0.2/upload', 'javascript:alert(1)', 'file:///etc/passwd', 'http://[::1'])(
    'Location %j: one line, RegistryProtocolError',
    async (location) => {
      registry.setUploadLocation(() => location);
      oneLine(await push(ci), 'RegistryProtocolError', /said to upload to/);
    },
    60_000,
  );
});

describe.each(CIS)('header values from the image on %s', (ci) => {
  it.each([
    'application/vnd.oci.image.manifest.v1+json\r\nX-Injected: 1',
    'application/vnd.oci.image.manifest.v1+json\n',
    'application/vnd.oci.\u0000image.manifest.v1+json',
  ])(
    'a manifest media type %j: one line, MediaTypeInvalid, no manifest sent',
    async (mediaType) => {
      const layout = await writeOciLayout(mkdtempSync(join(tmpdir(), 'oci-bad-')), {
        manifestMediaType: mediaType,
      });
      const manifestPuts = () =>
        registry.requests.filter((r) => r.startsWith('PUT') && r.includes('/manifests/'));
      const before = manifestPuts().length;
      oneLine(
        await push(ci, { [IN[ci].image]: layout }),
        'MediaTypeInvalid',
        /the (content-type|accept) header would hold a control character or line break/,
      );
      expect(manifestPuts().length).toBe(before);
    },
    60_000,
  );
});

describe.each(CIS)('proxy passwords on %s', (ci) => {
  const n = IN[ci];
  const credentials = (extra: Record<string, string>) => ({
    [n.region]: bed.region,
    [n.keyId]: bed.ssm.bed.toolkitUser.accessKeyId,
    [n.secret]: bed.ssm.bed.toolkitUser.secretAccessKey,
    ...extra,
  });
  const run = async (inputs: Record<string, string>) =>
    counted(
      (
        await runStep(ci, bundle('credentials', ci), {
          ...baseOptions(bed, ci, { timeoutMs: 30_000 }),
          inputs,
          post: false,
        })
      ).main,
    );

  // [password, as written in the URL]
  it.each([
    ['p@ss:w0rd', 'p@ss:w0rd'],
    ['100%-sure', '100%25-sure'],
    ['a:b@c%d', 'a%3Ab%40c%25d'],
  ])(
    '%j written as %j: the step works through the proxy, the password never shown',
    async (password, written) => {
      const proxy = await startRecordingProxy({ auth: { user: 'ci', password } });
      try {
        const url = proxy.url.replace(/\/\/[^@]*@/, `//ci:${written}@`);
        const view = await run(credentials({ [n.proxy]: url }));
        expect(view.errors).toEqual([]);
        expect(view.exitCode).toBe(0);
        expect(proxy.connects.some((c) => c.status === 200)).toBe(true);
        try {
          assertMaskedBeforeUse(view.events, password);
        } catch (error) {
          tried.secretsPrinted += 1;
          throw error;
        }
      } finally {
        await proxy.stop();
      }
    },
    60_000,
  );

  it.each(['pa%ss', '100%', '%zz-secret'])(
    'a bare %% (%j): one line, InputInvalid, no stack, the password never shown',
    async (password) => {
      const view = await run(credentials({ [n.proxy]: `http://ci:${password}@127.0.0.1:9` }));
      oneLine(
        view,
        'InputInvalid',
        /^The proxy URL's password holds a % that is not followed by two hex digits/,
      );
      if (view.lines.some((l) => l.includes(password) && !l.includes('add-mask') && !l.includes('setsecret')))
        tried.secretsPrinted += 1;
      expect(view.visible.join('\n')).not.toContain(password);
    },
    60_000,
  );

  it.each([407, 403])(
    'a proxy answering %i to CONNECT: one line with its code',
    async (status) => {
      const proxy = await startRecordingProxy({ status });
      try {
        const view = await run(credentials({ [n.proxy]: proxy.url, [n.retries]: '1' }));
        oneLine(
          view,
          status === 407 ? 'ProxyAuthRequired' : 'ProxyRefused',
          status === 407 ? /asked for a login \(HTTP 407/ : /refused the tunnel to .* \(HTTP 403\)/,
        );
      } finally {
        await proxy.stop();
      }
    },
    60_000,
  );
});

describe.each(CIS)('deep JSON on %s', (ci) => {
  it.each([
    ['arrays', 1_900, (d: number) => `{"a":${'['.repeat(d)}1${']'.repeat(d)}}`],
    ['objects', 650, (d: number) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`],
  ] as const)(
    '%s nested %i deep: one line, JsonTooDeep',
    async (kind, depth, make) => {
      const name = `/app/deep/${kind}${ci}`;
      const admin = bed.ssm.ssm(bed.ssm.bed.admin);
      await admin.send(
        new PutParameterCommand({ Name: name, Value: make(depth), Type: 'String', Overwrite: true }),
      );
      admin.destroy();
      const n = IN[ci];
      const view = counted(
        (
          await runStep(ci, bundle('ssm', ci), {
            ...baseOptions(bed, ci, { timeoutMs: 30_000 }),
            inputs: {
              [n.region]: bed.region,
              [n.keyId]: bed.ssm.bed.toolkitUser.accessKeyId,
              [n.secret]: bed.ssm.bed.toolkitUser.secretAccessKey,
              [n.role]: bed.ssm.bed.roles.pipeline.arn,
              [n.externalId]: bed.ssm.bed.externalId,
              names: name,
              [ci === 'github' ? 'parse-json' : 'parseJson']: 'true',
            },
            post: false,
          })
        ).main,
      );
      oneLine(
        view,
        'JsonTooDeep',
        new RegExp(`^The JSON value of "${name}" is nested deeper than 64 levels`),
      );
    },
    60_000,
  );
});

describe.each(CIS)("the container CLI's environment on %s", (ci) => {
  it('holds no INPUT_* and no secret input value (docker login gets the password on stdin only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    const bin = join(dir, 'bin');
    const dumps = join(dir, 'dumps');
    mkdirSync(bin);
    mkdirSync(dumps);
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/sh\n/usr/bin/env > "${dumps}/env-$$"\ncase "$1" in --version) echo "Docker version 28.2";; login) /bin/cat >/dev/null;; esac\nexit 0\n`,
    );
    chmodSync(join(bin, 'docker'), 0o755);
    const n = IN[ci];
    const s = bed.ssm.pipeline;
    const view = counted(
      (
        await runStep(ci, bundle('ecr', ci), {
          ...baseOptions(bed, ci, { env: { PATH: `${bin}:${resolve(process.execPath, '..')}` } }),
          inputs: {
            [n.region]: bed.region,
            [n.keyId]: s.accessKeyId,
            [n.secret]: s.secretAccessKey,
            [n.token]: s.sessionToken ?? '',
          },
          post: false,
        })
      ).main,
    );
    expect(view.errors).toEqual([]);
    const envs = readdirSync(dumps).map((f) => readFileSync(join(dumps, f), 'utf8'));
    expect(envs.length).toBeGreaterThanOrEqual(2); // --version, login
    for (const env of envs) {
      expect(env.split('\n').filter((l) => /^INPUT_/i.test(l))).toEqual([]);
      for (const secret of [s.secretAccessKey, s.sessionToken ?? 'none']) expect(env).not.toContain(secret);
    }
  }, 60_000);
});

describe('an ECR login against a black hole (accepts, never answers)', () => {
  let hole: Server;
  let endpoint: string;
  beforeAll(async () => {
    hole = createServer(() => {});
    await new Promise<void>((done) => hole.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(hole.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    hole.closeAllConnections();
    hole.close();
  });

  it.concurrent.each(CIS)(
    '%s: fails within 90 s (the 60 s call budget), in one line, with the default step deadline',
    async (ci) => {
      const n = IN[ci];
      const run = await runStep(ci, bundle('ecr', ci), {
        ...baseOptions(bed, ci, { env: { AWS_ENDPOINT_URL: endpoint }, timeoutMs: 100_000 }),
        inputs: {
          [n.region]: bed.region,
          [n.keyId]: 'AKIAEXAMPLEBLACKHOLE',
          [n.secret]: 'black-hole-secret-key-000000000000000000',
          [ci === 'github' ? 'verify-identity' : 'verifyIdentity']: 'false',
        },
        post: false,
      });
      const view = counted(run.main);
      console.log(`[hostile suite] ${ci} ECR login against a black hole: ${view.durationMs} ms`);
      oneLine(
        view,
        'NetworkError',
        /GetAuthorizationToken.*No answer from 127\.0\.0\.1 \(GetAuthorizationToken\) within 60 s/,
      );
      expect(view.durationMs).toBeLessThan(90_000);
      expect(view.durationMs).toBeGreaterThan(55_000);
    },
    120_000,
  );
});
