// ECR Public (public.ecr.aws): the token from the ECR Public API (a loopback stand-in: moto has no
// ECR Public), the registry served under public.ecr.aws over TLS on 443 (hosts-mapped), the push
// daemonless, skopeo checking.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RecordingRuntime, runAsEntry } from '@aws-ci-kit/core/testing';
import { type EcrPushDeps, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canListen,
  makeOciLayout,
  makeTempDir,
  mapHostToLoopback,
  type OciLayout,
  type Registry,
  skopeoInspect,
  startRegistry,
} from '../support/registry/index.js';
import { type EcrPublicApi, startEcrPublicApi } from './support/ecr-public-api.ts';
import { failures, toolRuntime } from './support/tool-runtime.ts';

const HOST = 'public.ecr.aws';
let unmap: () => Promise<void>;
let api: EcrPublicApi;
let registry: Registry;
let work: string;
let layout: OciLayout;

beforeAll(async () => {
  work = await makeTempDir('ecr-public');
  api = await startEcrPublicApi();
  // Like withEcrHostname: the first loopback address whose 443 is free (other test files may hold 127.0.0.1:443).
  for (let i = 1; i <= 32 && !registry; i++) {
    const address = `127.0.0.${i}`;
    if (!(await canListen(address, 443))) continue;
    const unmapThis = await mapHostToLoopback(HOST, address);
    try {
      registry = await startRegistry({
        users: [{ user: 'AWS', password: api.password }],
        tls: { hostnames: [HOST] },
        address,
        port: 443,
      });
      unmap = unmapThis;
    } catch (error) {
      await unmapThis();
      if (!/address already in use/.test((error as Error).message)) throw error;
    }
  }
  if (!registry) throw new Error('no loopback address has port 443 free');
  layout = await makeOciLayout(join(work, 'layout'), { layers: 1, layerSizeMb: 1 });
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await unmap?.();
  await api?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const deps = (): EcrPushDeps => ({
  ecr: () => Promise.reject(new Error('the private ECR API is not used for public.ecr.aws')),
  ecrPublic: async () =>
    new ECRPUBLICClient({
      endpoint: api.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDPUBLICTEST', secretAccessKey: 'public-test-secret' },
    }),
  registryClient: (options) =>
    new RegistryClient({ ...options, ca: readFileSync(registry.caFile as string) }),
});

const push = (rt: RecordingRuntime) => runAsEntry(rt, (r) => ecrPushStep(r, deps()));

describe('ECR Public', () => {
  it('logs in to public.ecr.aws and pushes public.ecr.aws/<alias>/<name> daemonless', async () => {
    const rt = toolRuntime({ repository: `${HOST}/acme/webapp`, image: layout.dir, tags: 'v1' });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(api.calls).toEqual(['SpencerFrontendService.GetAuthorizationToken']);
    expect(rt.masked.has(api.password)).toBe(true);
    expect(rt.printed()).not.toContain(api.password);
    expect(rt.unmaskedUses(api.password)).toEqual([]);
    expect(rt.outputs.get('registry')?.value).toBe(HOST);
    expect(rt.outputs.get('image-uri')?.value).toBe(`${HOST}/acme/webapp:v1`);
    const image = await skopeoInspect(`docker://${HOST}/acme/webapp:v1`, {
      creds: { user: 'AWS', password: api.password },
      certDir: registry.caDir as string,
    });
    expect(image.Digest).toBe(layout.digest);
  }, 60_000);

  it('registry-type: public logs in without a repository (login only)', async () => {
    const rt = toolRuntime({ 'registry-type': 'public' }, { env: { PATH: '/nonexistent' } });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.outputs.get('registry')?.value).toBe(HOST);
    expect(rt.printed()).toMatch(/No container CLI found/);
  }, 30_000);
});
