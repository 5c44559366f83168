// The daemonless push (registry HTTP API v2) against the real Debian registry, over plain HTTP on
// loopback, with skopeo as the independent client that checks what landed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { RetryPolicy } from '@aws-ci-kit/core';
import { isCiKitError } from '@aws-ci-kit/core';
import {
  formatBlobLine,
  hasUncompressedLayers,
  openImageSource,
  type PushImageOptions,
  type PushResult,
  pushImage,
  RegistryClient,
} from '@aws-ci-kit/ecr-push/ecr';
import { compressLayers } from '@aws-ci-kit/ecr-push/ecr/compress';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  makeOciLayout,
  makeTempDir,
  type OciLayout,
  type Registry,
  skopeoInspect,
  skopeoInspectRaw,
  startRegistry,
} from '../support/registry/index.js';
import { type RegistryProxy, startRegistryProxy } from './support/registry-proxy.ts';

// Not the bed's run(): it writes stdin to tools that never read it (EPIPE with fast ones like cp).
const run = promisify(execFile);
const alice = { user: 'AWS', password: 'daemonless-secret-pw' };
const FAST_RETRY: RetryPolicy = { maxAttempts: 4, totalMs: 60_000, baseDelayMs: 50, maxDelayMs: 200 };
const MiB = 1024 * 1024;

let registry: Registry;
let proxy: RegistryProxy;
let work: string;
let single: OciLayout;
let multi: OciLayout;

const access = () => ({ creds: alice, tlsVerify: false });
const client = (url = registry.url, { retry = FAST_RETRY, password = alice.password } = {}) =>
  new RegistryClient({ url, credentials: { username: alice.user, password }, retry });

/** Pushes with a client of its own (by default to the registry, with fast retries), closed afterwards. */
async function push(options: Omit<PushImageOptions, 'client'>, c = client()): Promise<PushResult> {
  try {
    return await pushImage({ client: c, ...options });
  } finally {
    c.close();
  }
}
/** What a push that is meant to fail threw. */
const pushError = (options: Omit<PushImageOptions, 'client'>, c = client()): Promise<unknown> =>
  push(options, c).catch((error: unknown) => error);
/** The digest skopeo sees for `repository:tag` on the registry. */
const digestOf = async (reference: string): Promise<string> =>
  (await skopeoInspect(`docker://${registry.host}/${reference}`, access())).Digest;
/** `METHOD status` of each request the proxy forwarded since call number `before`. */
const callsSince = (before: number): string[] =>
  proxy
    .calls()
    .slice(before)
    .map((call) => `${call.method} ${call.status}`);

beforeAll(async () => {
  work = await makeTempDir('ecr-daemonless');
  registry = await startRegistry({ users: [alice] });
  proxy = await startRegistryProxy(registry.url);
  [single, multi] = await Promise.all([
    makeOciLayout(join(work, 'single'), { layers: 3, layerSizeMb: 6, tag: 'v1' }),
    makeOciLayout(join(work, 'multi'), {
      layers: 2,
      layerSizeMb: 1,
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: 'v1',
    }),
  ]);
}, 120_000);

// A fault plan never outlives its test, even a failed one.
afterEach(() => proxy?.setPlan(() => 'pass'));

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('daemonless push from an OCI layout', () => {
  it('uploads every blob, tags last, and skopeo sees the tags and digest', async () => {
    const source = await openImageSource(single.dir);
    expect(source.kind).toBe('oci-layout');
    const lines: string[] = [];
    const result = await push({
      repository: 'app/web',
      source,
      tags: ['abc1234', 'latest'],
      onBlob: (r) => lines.push(formatBlobLine(r)),
    });
    expect(result.digest).toBe(single.digest);
    expect(result.blobs.map((b) => b.outcome)).toEqual(['uploaded', 'uploaded', 'uploaded', 'uploaded']);
    expect(lines).toHaveLength(4);
    expect(
      lines.filter((l) => /^layer +[0-9a-f]{12} +6\.0 MiB +uploaded +\d+\.\d\d s, .+\/s$/.test(l)),
    ).toHaveLength(3);
    expect(lines.filter((l) => /^config +[0-9a-f]{12} .+ uploaded /.test(l))).toHaveLength(1);
    const image = await skopeoInspect(`docker://${registry.host}/app/web:abc1234`, access());
    expect(image.Digest).toBe(single.digest);
    expect(image.RepoTags.sort()).toEqual(['abc1234', 'latest']);
    expect(image.Layers).toHaveLength(3);
  }, 60_000);

  it('re-pushes in well under a second: HEADs of the manifest and blobs at once, then the tag', async () => {
    const source = await openImageSource(single.dir);
    const before = proxy.calls().length;
    const result = await push({ repository: 'app/web', source, tags: ['again'] }, client(proxy.url));
    expect(result.blobs.every((b) => b.outcome === 'skipped')).toBe(true);
    expect(result.bytesUploaded).toBe(0);
    expect(result.seconds).toBeLessThan(1);
    // The manifest check and the blob checks go out together (one round trip), nothing is uploaded.
    const calls = callsSince(before);
    expect(calls.at(-1)).toBe('PUT 201');
    expect(calls.slice(0, -1).every((c) => c === 'HEAD 200')).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(2 + source.top.blobs.length);
    expect(await digestOf('app/web:again')).toBe(single.digest);
  }, 30_000);

  it('mounts blobs from another repository of the registry instead of uploading', async () => {
    const source = await openImageSource(single.dir);
    const result = await push({ repository: 'app/copy', source, tags: ['v1'], mountFrom: ['app/web'] });
    expect(result.blobs.map((b) => b.outcome)).toEqual(['mounted', 'mounted', 'mounted', 'mounted']);
    expect(await digestOf('app/copy:v1')).toBe(single.digest);
  }, 30_000);

  it('pushes a multi-platform image index with both platforms', async () => {
    const source = await openImageSource(`${multi.dir}`, { ref: 'v1' });
    expect(source.top.children).toHaveLength(2);
    const result = await push({ repository: 'app/multi', source, tags: ['v1'] });
    expect(result.digest).toBe(multi.digest);
    expect([...result.platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    const raw = (await skopeoInspectRaw(`docker://${registry.host}/app/multi:v1`, access())) as {
      manifests: { platform: { architecture: string } }[];
    };
    expect(raw.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64']);
  }, 60_000);

  it('uploads in resumable PATCH chunks when asked', async () => {
    const source = await openImageSource(single.dir);
    const result = await push({
      repository: 'app/chunked',
      source,
      tags: ['v1'],
      chunkSize: 1 * MiB,
      monolithicMax: 512 * 1024,
    });
    expect(result.blobs.filter((b) => b.outcome === 'uploaded')).toHaveLength(4);
    expect(await digestOf('app/chunked:v1')).toBe(single.digest);
  }, 30_000);
});

describe('daemonless push from a docker-archive', () => {
  it('converts the manifest.json form (uncompressed layers, digest = diff_id) and pushes it', async () => {
    const archive = join(work, 'image.tar');
    await run('skopeo', ['copy', '--quiet', single.ref, `docker-archive:${archive}:app/web:v1`]);
    const source = await openImageSource(archive, { ref: 'v1' });
    expect(source.kind).toBe('docker-archive');
    const result = await push({ repository: 'app/archive', source, tags: ['v1'] });
    const image = await skopeoInspect(`docker://${registry.host}/app/archive:v1`, access());
    expect(image.Digest).toBe(result.digest);
    expect(image.Layers).toHaveLength(3);
    const fromArchive = await skopeoInspect(`docker-archive:${archive}`);
    expect(image.Layers).toEqual(fromArchive.Layers);
  }, 60_000);
});

describe('gzip of uncompressed layers', () => {
  it('compresses a docker-archive, pushes it, and each pushed layer gunzips to its diff_id', async () => {
    const archive = join(work, 'image-gz.tar');
    await run('skopeo', ['copy', '--quiet', single.ref, `docker-archive:${archive}:app/web:v1`]);
    const source = await openImageSource(archive);
    expect(hasUncompressedLayers(source.top)).toBe(true);
    const c = client();
    const hows: string[] = [];
    const compressed = await compressLayers(source, {
      client: c,
      repository: 'app/gz',
      reuseFrom: ['v1'],
      onLayer: (_from, _to, how) => hows.push(how),
    }).finally(() => c.close());
    expect(hows).toEqual(['compressed', 'compressed', 'compressed']);
    expect(hasUncompressedLayers(compressed.source.top)).toBe(false);
    const result = await push({
      repository: 'app/gz',
      source: compressed.source,
      tags: ['v1'],
      done: compressed.done,
    });
    expect(result.blobs.filter((b) => b.outcome === 'uploaded')).toHaveLength(4); // 3 layers, the config
    const raw = (await skopeoInspectRaw(`docker://${registry.host}/app/gz:v1`, access())) as {
      layers: { mediaType: string; digest: string }[];
      config: { digest: string };
    };
    expect(raw.layers.map((l) => l.mediaType)).toEqual(
      Array(3).fill('application/vnd.oci.image.layer.v1.tar+gzip'),
    );
    expect(raw.config.digest).toBe(source.top.blobs[0]!.digest); // the config (and its diff_ids) unchanged
    expect(result.digest).toBe(compressed.source.top.digest);
    // Fetch what the registry holds and check the content, independently of our code.
    const out = join(work, 'gz-dir');
    const authFile = join(work, 'gz-auth.json');
    const auth = Buffer.from(`${alice.user}:${alice.password}`).toString('base64');
    await writeFile(authFile, JSON.stringify({ auths: { [registry.host]: { auth } } }), { mode: 0o600 });
    await run('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--src-authfile',
      authFile,
      `docker://${registry.host}/app/gz:v1`,
      `oci:${out}:v1`,
    ]);
    const config = JSON.parse(
      await readFile(join(out, 'blobs/sha256', raw.config.digest.slice(7)), 'utf8'),
    ) as {
      rootfs: { diff_ids: string[] };
    };
    for (const [i, layer] of raw.layers.entries()) {
      const tar = gunzipSync(await readFile(join(out, 'blobs/sha256', layer.digest.slice(7))));
      expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(config.rootfs.diff_ids[i]);
    }

    // Pushed again: every layer is found under the tag by its diff_id, nothing is compressed or sent.
    const again = client();
    const before = hows.length;
    const warm = await compressLayers(await openImageSource(archive), {
      client: again,
      repository: 'app/gz',
      reuseFrom: ['v1'],
      onLayer: (_from, _to, how) => hows.push(how),
    }).finally(() => again.close());
    expect(hows.slice(before)).toEqual(['reused', 'reused', 'reused']);
    expect(warm.source.top.digest).toBe(result.digest);
    const rePush = await push({ repository: 'app/gz', source: warm.source, tags: ['v1'], done: warm.done });
    expect(rePush.bytesUploaded).toBe(0);
  }, 120_000);
});

describe('faults', () => {
  it('starts a layer over when a PATCH is cut mid-body (distribution drops that session)', async () => {
    let cut = false;
    proxy.setPlan(({ method }) => {
      if (method === 'PATCH' && !cut) {
        cut = true;
        return { cutAfterBytes: 3 * MiB };
      }
      return 'pass';
    });
    const before = proxy.calls().length;
    const source = await openImageSource(single.dir);
    const result = await push(
      { repository: 'fault/cut', source, tags: ['v1'], monolithicMax: 512 * 1024, concurrency: 1 },
      client(proxy.url),
    );
    const calls = callsSince(before);
    // The cut PATCH (status 0), the status query (session gone), a new session, the whole layer again.
    const at = calls.indexOf('PATCH 0');
    expect(calls.slice(at, at + 5)).toEqual(['PATCH 0', 'GET 404', 'POST 202', 'PATCH 202', 'PUT 201']);
    expect(result.blobs.filter((b) => b.outcome === 'uploaded')).toHaveLength(4);
    expect(await digestOf('fault/cut:v1')).toBe(single.digest);
  }, 60_000);

  it("resumes from the Range the registry reports when a chunk's answer is lost", async () => {
    let patches = 0;
    proxy.setPlan(({ method }) => (method === 'PATCH' && ++patches === 3 ? 'loseAnswer' : 'pass'));
    proxy.trackUploadSessions(true);
    const before = proxy.calls().length;
    const source = await openImageSource(single.dir);
    const result = await push(
      {
        repository: 'fault/resume',
        source,
        tags: ['v1'],
        monolithicMax: 512 * 1024,
        chunkSize: 2 * MiB,
        concurrency: 1,
      },
      client(proxy.url),
    );
    const calls = callsSince(before);
    expect(result.blobs.map((b) => b.resumes).reduce((a, b) => a + b, 0)).toBe(1);
    proxy.trackUploadSessions(false);
    // Third chunk lost its answer; the status query says the registry has it; the fourth chunk follows.
    const at = calls.indexOf('PATCH 0');
    expect(calls.slice(at - 2, at + 4)).toEqual([
      'PATCH 202',
      'PATCH 202',
      'PATCH 0',
      'GET 204',
      'PATCH 202',
      'PUT 201',
    ]);
    expect(await digestOf('fault/resume:v1')).toBe(single.digest);
  }, 60_000);

  it('retries a 503 on one blob and completes', async () => {
    let failed = 0;
    proxy.setPlan(({ method, path }) => {
      if (method === 'PUT' && path.includes('/blobs/uploads/') && failed < 2) {
        failed++;
        return { status: 503 };
      }
      return 'pass';
    });
    const source = await openImageSource(single.dir);
    const result = await push(
      { repository: 'fault/503', source, tags: ['v1'], concurrency: 1 },
      client(proxy.url),
    );
    expect(failed).toBe(2);
    expect(result.digest).toBe(single.digest);
    expect(await digestOf('fault/503:v1')).toBe(single.digest);
  }, 60_000);

  it('fails in bounded time on a blob that keeps failing, and pushes no manifest', async () => {
    const victim = (await openImageSource(single.dir)).top.blobs[1]!.digest;
    proxy.setPlan(({ method, path }) =>
      method === 'PUT' && path.includes(encodeURIComponent(victim)) ? { status: 500 } : 'pass',
    );
    const before = proxy.calls().length;
    const t0 = Date.now();
    const error = await pushError(
      { repository: 'fault/500', source: await openImageSource(single.dir), tags: ['v1'] },
      client(proxy.url),
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((error as Error).message).toMatch(/HTTP 500/);
    const calls = proxy.calls().slice(before);
    expect(calls.some((call) => call.method === 'PUT' && call.path.includes('/manifests/'))).toBe(false);
    await expect(skopeoInspect(`docker://${registry.host}/fault/500:v1`, access())).rejects.toThrow(
      /manifest unknown|not found|name unknown/i,
    );
  }, 60_000);

  it('refuses a corrupt layer on disk before committing it (no tag pushed)', async () => {
    const copy = join(work, 'corrupt');
    await run('cp', ['-r', single.dir, copy]);
    const layer = (await openImageSource(copy)).top.blobs.find((b) => b.mediaType.includes('layer'))!;
    const file = join(copy, 'blobs', 'sha256', layer.digest.slice(7));
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from('X'), 0, 1, Math.floor((await stat(file)).size / 2));
    await handle.close();
    const error = await pushError({
      repository: 'fault/corrupt',
      source: await openImageSource(copy),
      tags: ['v1'],
      concurrency: 1,
    });
    expect(isCiKitError(error)).toBe(true);
    expect((error as Error).message).toMatch(/corrupt on disk/);
    await expect(skopeoInspect(`docker://${registry.host}/fault/corrupt:v1`, access())).rejects.toThrow();
  }, 60_000);

  it('a repository the registry does not know (ECR answers NAME_UNKNOWN) is one clear line', async () => {
    proxy.setPlan(({ method }) => (method === 'POST' ? { status: 404, code: 'NAME_UNKNOWN' } : 'pass'));
    const error = await pushError(
      { repository: 'no/such', source: await openImageSource(single.dir), tags: ['v1'] },
      client(proxy.url),
    );
    expect(isCiKitError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `The repository ${proxy.host}/no/such does not exist (NAME_UNKNOWN: injected fault).`,
    );
    expect((error as { hint?: string }).hint).toMatch(/create-repository: true/);
  }, 30_000);

  it('a wrong password is one clear line', async () => {
    const error = await pushError(
      { repository: 'fault/auth', source: await openImageSource(single.dir), tags: ['v1'] },
      client(registry.url, { password: 'expired' }),
    );
    expect(isCiKitError(error)).toBe(true);
    expect((error as Error).message).toMatch(/refused the login \(HTTP 401\)/);
    expect((error as Error).message).not.toContain('\n');
  }, 30_000);
});

describe('registry stopped mid-push', () => {
  it('fails in bounded time with no tag pushed', async () => {
    const own = await startRegistry({ users: [alice] });
    const front = await startRegistryProxy(own.url);
    const big = await makeOciLayout(join(work, 'big'), { layers: 2, layerSizeMb: 40, tag: 'v1' });
    let stopping: Promise<void> | undefined;
    front.setPlan(({ method }) => {
      if (method === 'PATCH' || method === 'PUT') stopping ??= own.stop();
      return 'pass';
    });
    const t0 = Date.now();
    const error = await pushError(
      { repository: 'stop/me', source: await openImageSource(big.dir), tags: ['v1'] },
      client(front.url, { retry: { maxAttempts: 3, totalMs: 60_000, baseDelayMs: 100, maxDelayMs: 400 } }),
    );
    await stopping;
    expect(error).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(
      front
        .calls()
        .some((call) => call.method === 'PUT' && call.path.includes('/manifests/') && call.status !== 0),
    ).toBe(false);
    await front.stop();
  }, 120_000);
});
