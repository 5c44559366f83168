import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destinationOf } from './destination.ts';
import { ContainerCli, type EcrLogin, openImageSource, RegistryClient } from './ecr/index.ts';
import { type FakeRegistry, startFakeRegistry } from './ecr/testing/fake-registry.ts';
import { readEcrPushPlan } from './plan.ts';
import {
  pushArchive,
  pushPlatformBuild,
  pushSavedImage,
  type RegistryClientFactory,
} from './push-daemonless.ts';
import { fakeCli, writeDockerArchive, writeOciLayout } from './testing/fakes.ts';

const PASSWORD = 'registry-pass-3';
let work: string;
let layout: string;
let manifestDigest: string;
let registry: FakeRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'push-daemonless-'));
  layout = join(work, 'layout');
  manifestDigest = await writeOciLayout(layout);
});
afterAll(() => rm(work, { recursive: true, force: true }));
afterEach(() => registry?.stop());

/** A fake registry that wants the login, and a plan and destination for `inputs` pointed at it. */
async function setUp(inputs: Record<string, string>, exec = fakeCli(), cacheDir?: string, keep = false) {
  if (!keep) registry = await startFakeRegistry({ login: { user: 'AWS', password: PASSWORD } });
  const rt = recordingRuntime({
    inputs: { repository: 'prod/web', tags: 'v1,v2', ...inputs },
    exec,
    tempDir: work,
    ...(cacheDir ? { cacheDir } : {}),
  });
  const plan = await readEcrPushPlan(rt);
  if (plan.kind !== 'push') throw new Error('expected a push plan');
  const login: EcrLogin = {
    registry: registry.host,
    proxyEndpoint: registry.url,
    username: 'AWS',
    password: PASSWORD,
  };
  const options: Parameters<RegistryClientFactory>[0][] = [];
  const factory: RegistryClientFactory = (o) => {
    options.push(o);
    return new RegistryClient({ ...o, retry: { maxAttempts: 1, totalMs: 10_000 } });
  };
  return { rt, plan, destination: destinationOf(plan, [login]), factory, options };
}

const manifestPuts = () =>
  registry.requests.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/')).map((r) => r.url);

describe('push without a daemon', () => {
  it('an OCI layout: every blob, then the manifest under each tag, with the login; the digest is the manifest', async () => {
    const { rt, plan, destination, factory, options } = await setUp({ image: layout, concurrency: '3' });
    if (plan.image.kind !== 'archive') throw new Error('expected an archive');
    const pushed = await pushArchive(rt, factory, plan, destination, plan.image);
    expect(pushed.digest).toBe(manifestDigest);
    expect(pushed.daemonless?.top.digest).toBe(manifestDigest);
    expect(manifestPuts()).toEqual(['/v2/prod/web/manifests/v1', '/v2/prod/web/manifests/v2']);
    expect(registry.blobs.size).toBe(2);
    expect(options[0]).toMatchObject({ url: registry.url, maxSockets: 5 });
    expect(rt.events).toContainEqual({ kind: 'group', title: `Push ${registry.host}/prod/web (daemonless)` });
    expect(rt.logText()).toContain(
      `Source: oci-layout ${layout}, application/vnd.oci.image.manifest.v1+json.`,
    );
  });

  it("an engine's image: saved by its CLI, its uncompressed layer gzipped, pushed, the archive deleted", async () => {
    const archiveDir = join(work, 'saved');
    const exec = fakeCli({ onSave: (file, image) => writeDockerArchive(archiveDir, file, image) });
    const { rt, plan, destination, factory } = await setUp(
      { image: 'web:1', 'push-mode': 'daemonless' },
      exec,
    );
    const cli = new ContainerCli(rt, 'docker', work);
    const pushed = await pushSavedImage(rt, factory, plan, destination, {
      cli,
      image: 'web:1',
      configDir: work,
    });
    expect(rt.execs.map((e) => e.args.join(' '))).toEqual([`save -o ${join(work, 'image.tar')} web:1`]);
    expect(rt.logText()).toMatch(/^gzip {3}\w{12} -> \w{12}/m);
    expect(pushed.local).toEqual({ cli, image: 'web:1' });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifestPuts()).toHaveLength(2);
    await expect(stat(join(work, 'image.tar'))).rejects.toThrow();
  });

  it("a layer this machine compressed before (the runtime's cache folder) is not compressed again for a new tag", async () => {
    const archive = join(work, 'recorded.tar');
    await writeDockerArchive(join(work, 'recorded'), archive, 'web:1');
    const cacheDir = join(work, 'cache');
    const push = async (tags: string, keep: boolean) => {
      const { rt, plan, destination, factory } = await setUp(
        { image: archive, tags },
        fakeCli(),
        cacheDir,
        keep,
      );
      if (plan.image.kind !== 'archive') throw new Error('expected an archive');
      await pushArchive(rt, factory, plan, destination, plan.image);
      return rt.logText();
    };
    expect(await push('v1', false)).toMatch(/^gzip {3}\w{12} -> \w{12}/m);
    const record = join(cacheDir, 'aws-ci-kit', 'layer-record');
    expect((await readdir(record)).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(((await stat(record)).mode & 0o777).toString(8)).toBe('700');
    const second = await push('v9', true);
    expect(second).toMatch(/^reuse {2}\w{12} -> \w{12} .* already in the repository/m);
    expect(second).not.toMatch(/^gzip /m);
    expect(manifestPuts()).toContain('/v2/prod/web/manifests/v9');
  });

  it('a multi-platform build: its index pushed, then its local copy cleaned up', async () => {
    const { rt, plan, destination, factory } = await setUp({ image: layout });
    let cleaned = false;
    const source = await openImageSource(layout);
    const pushed = await pushPlatformBuild(rt, factory, plan, destination, {
      source,
      cleanup: async () => {
        cleaned = true;
      },
    });
    expect(pushed.digest).toBe(manifestDigest);
    expect(cleaned).toBe(true);
  });

  it('the registry refusing the login fails the push before any manifest goes up', async () => {
    const { rt, plan, destination, factory } = await setUp({ image: layout });
    if (plan.image.kind !== 'archive') throw new Error('expected an archive');
    const wrong = { ...destination, login: { ...destination.login, password: 'wrong' } };
    await expect(pushArchive(rt, factory, plan, wrong, plan.image)).rejects.toThrow();
    expect(manifestPuts()).toEqual([]);
  });
});
